"""In Chromium: the "Saved. The grader is running…" banner of a draft page turns into the proof's outcome once
a real grading worker has finished it, without reloading the page."""

import pytest

from unroll.catalog.drafts import draft_for_exercise

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

RUNNING = "The grader is running"


def log_in_as(page, client, live_server, user) -> None:
    client.force_login(user)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    page.context.add_cookies([cookie])


def test_the_saved_banner_says_the_proofs_outcome_once_the_proof_is_done(
    live_server, grading_worker, client, charlie, exercises, page
):
    draft = draft_for_exercise(exercises["single-output"], charlie)
    url = f"{live_server.url}{draft.get_absolute_url()}"
    log_in_as(page, client, live_server, charlie)
    page.goto(url)
    assert page.locator("main > .flash").count() == 0

    page.click("#run-reference")
    page.wait_for_url(url)
    banner = page.locator("main > .flash")
    assert banner.count() == 1 and banner.inner_text().startswith("Saved.")
    page.wait_for_function("document.getElementById('proof-state').dataset.status === 'done'", timeout=120_000)

    state = page.locator("#proof-state").inner_text()
    assert state.startswith("Proven")
    page.wait_for_function("document.querySelector('main > .flash').dataset.job === 'done'", timeout=5_000)
    assert banner.inner_text() == f"Saved. {state}"
    assert RUNNING not in banner.inner_text()
