"""In Chromium: an instructor writes a new exercise, previews its statement, runs the reference
through the real grader, publishes it; then a learner finds it and solves it."""

from pathlib import Path

import pytest

from unroll.catalog.models import Exercise

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
IMPORTS = "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import GRU\n"
SOLUTION = IMPORTS + "model = Sequential()\nmodel.add(GRU(5, input_shape=(4, 3)))\n"
STARTER = IMPORTS + "model = Sequential()\n"
WRONG = IMPORTS + "model = Sequential()\nmodel.add(GRU(2, input_shape=(4, 3)))\n"
CHECKS = "- kind: output_shape\n  expected: [1, 5]\n- kind: layer\n  type: GRU\n  units: 5\n"


def log_in_as(page, client, live_server, user) -> None:
    client.force_login(user)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    page.context.add_cookies([cookie])


def set_editor(page, name: str, text: str) -> None:
    """Put text in one of the page's Ace editors through the editor itself (it keeps the form's field in step)."""
    page.evaluate("([name, text]) => window.unrollEditors[name].setValue(text, -1)", [name, text])


def test_an_instructor_authors_proves_and_publishes_and_a_learner_solves(
    live_server, grading_worker, client, charlie, alice, page, chromium
):
    base = live_server.url
    log_in_as(page, client, live_server, charlie)
    page.goto(f"{base}/exercises/manage/")
    page.click("#new-exercise")
    page.wait_for_url(f"{base}/exercises/manage/new/")

    page.fill("#id_title", "A GRU's last hidden state")
    page.fill("#id_slug", "gru-last-state")
    page.fill("#id_topic", "GRU")
    set_editor(page, "statement", "")
    page.click(".statement-editor .ace_content")
    page.keyboard.type("Build a GRU with **5 units**. <script>window.pwned = 1</script>")
    page.wait_for_function("() => document.querySelector('#statement-preview strong')?.textContent === '5 units'")
    assert page.locator("#statement-preview script").count() == 0  # the live preview is sanitized too
    set_editor(page, "input_shape", "[1, 4, 3]")
    set_editor(page, "checks", CHECKS)
    set_editor(page, "starter_code", STARTER)
    set_editor(page, "solution_code", SOLUTION)
    page.fill("#id_wrong-0-name", "two_units")
    page.fill("#id_wrong-0-feedback", "has units=2 instead of 5")
    set_editor(page, "wrong-0-code", WRONG)
    page.fill("#id_hints", "A GRU returns only its last hidden state by default.")

    page.click("#run-reference")
    page.wait_for_url(f"{base}/exercises/manage/drafts/*/")
    page.wait_for_function("() => document.getElementById('proof-state').dataset.proven === 'true'", timeout=120_000)
    rows = page.locator("#proof-results tr")
    assert rows.count() == 3 and page.locator("#proof-results tr.fail").count() == 0
    assert page.locator("#proof-results tr[data-file='solution.py']").inner_text().count("accepted") >= 2
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "authoring-proven-draft.png"), full_page=True)

    page.click("#publish")
    page.wait_for_url(f"{base}/exercises/manage/")
    row = page.locator("tr[data-slug=gru-last-state]")
    assert "Published" in row.inner_text() and "v1" in row.inner_text()
    assert Exercise.objects.get(slug="gru-last-state").is_published

    learner = chromium.new_context(viewport={"width": 1280, "height": 900})
    learner_page = learner.new_page()
    log_in_as(learner_page, client, live_server, alice)
    learner_page.goto(f"{base}/exercises/")
    learner_page.locator("tr[data-slug=gru-last-state] a").click()
    learner_page.wait_for_url(f"{base}/exercises/gru-last-state/")
    learner_page.wait_for_function("() => window.unrollEditor")  # the editor's scripts have run
    assert learner_page.locator(".statement strong").inner_text() == "5 units"
    assert learner_page.evaluate("window.pwned") is None
    learner_page.evaluate("text => window.unrollEditor.setValue(text, -1)", SOLUTION)
    learner_page.click("#submit")
    learner_page.wait_for_function("() => document.getElementById('verdict')?.dataset.verdict", timeout=60_000)
    assert learner_page.locator("#verdict").get_attribute("data-verdict") == "accepted"
    learner.close()
