"""In Chromium: a wrong answer's page shows the learner's model beside the expected one, the first
difference highlighted and said in words; the same page is readable on a phone-sized screen."""

from pathlib import Path

import pytest

from unroll.catalog.models import Exercise

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WRONG = (
    "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import SimpleRNN\n"
    "model = Sequential()\nmodel.add(SimpleRNN(4, input_shape=(3, 2)))\n"
)


def open_as(chromium, client, live_server, user, viewport):
    context = chromium.new_context(viewport=viewport)
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def submit_wrong_answer(page, base: str) -> None:
    page.goto(f"{base}/exercises/multiple-output/")
    page.evaluate("code => window.unrollEditor.setValue(code, -1)", WRONG)
    page.click("#submit")
    page.wait_for_function("() => document.getElementById('verdict')?.dataset.verdict", timeout=60_000)


def test_a_wrong_answer_is_drawn_beside_the_expected_model(
    live_server, grading_worker, exercises, client, alice, chromium
):
    ARTIFACTS.mkdir(exist_ok=True)
    context, page = open_as(chromium, client, live_server, alice, {"width": 1280, "height": 1000})
    submit_wrong_answer(page, live_server.url)
    assert page.locator("#verdict").get_attribute("data-verdict") == "wrong_answer"
    page.wait_for_selector("#figures:not([hidden])")
    assert page.locator("#figure-pair figure svg").count() == 2
    assert "last step" in page.locator("#difference").inner_text()
    assert page.locator("#figure-pair figure").first.locator(".stage.diff").count() == 1
    page.locator("#figures").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "wrong-answer-drawings.png"), full_page=True)
    context.close()

    context, phone = open_as(chromium, client, live_server, alice, {"width": 360, "height": 800})
    submit_wrong_answer(phone, live_server.url)
    phone.wait_for_selector("#figures:not([hidden])")
    widths = phone.evaluate(
        "[...document.querySelectorAll('#figure-pair svg')].map(s => s.getBoundingClientRect().width)"
    )
    assert len(widths) == 2 and all(0 < width <= 360 for width in widths)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360 + 1  # nothing forces a sideways scroll
    phone.locator("#figures").scroll_into_view_if_needed()
    phone.screenshot(path=str(ARTIFACTS / "wrong-answer-drawings-phone.png"), full_page=True)
    context.close()


def test_the_pages_script_asks_for_the_picture_of_the_task_and_draws_it(
    live_server, grading_worker, exercises, client, alice, chromium
):
    exercise = exercises["lstm-sequence"]
    Exercise.objects.filter(pk=exercise.pk).update(show_figure=True)
    context, page = open_as(chromium, client, live_server, alice, {"width": 1280, "height": 1000})
    with page.expect_request(lambda request: request.method == "POST" and "/figure/" in request.url):
        page.goto(f"{live_server.url}/exercises/{exercise.slug}/")  # the page enqueues nothing: its script asks
    page.wait_for_selector("#task-figure svg", timeout=60_000)  # a worker derived the variant; the poll drew it
    context.close()
