"""In Chromium: a learner signs up, submits the classic mistake for `multiple-output`, reads the
feedback, fixes the code in the editor and is accepted, all without a page reload; the accepted answer
shows the exercise's explanation and the learner's model drawn beside the task's, on reload too."""

import json
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
IMPORTS = [
    "from tensorflow.keras.models import Sequential",
    "from tensorflow.keras.layers import SimpleRNN",
]
WRONG = [*IMPORTS, "model = Sequential()", "model.add(SimpleRNN(4, input_shape=(3, 2)))"]
FIXED_LAST_LINE = "model.add(SimpleRNN(4, input_shape=(3, 2), return_sequences=True))"


def sign_up(page, base_url: str) -> None:
    page.goto(f"{base_url}/accounts/signup/")
    page.fill("#id_username", "groot")
    page.fill("#id_email", "groot@example.com")
    page.fill("#id_password1", "i-am-groot-42")
    page.fill("#id_password2", "i-am-groot-42")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/exercises/")


def type_into_editor(page, lines: list[str]) -> None:
    """Clear the Ace editor and type the code key by key, as a learner would."""
    page.click("#editor .ace_content")
    type_code(page, lines)


def type_code(page, lines: list[str]) -> None:
    """With the focus in the editor: replace its code, typed key by key."""
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    for line in lines:
        page.keyboard.type(line)
        page.keyboard.press("Enter")


def editor_code(page) -> str:
    return page.evaluate("window.unrollEditor.getValue()")


def verdict_after(page, action, previous_count: int) -> tuple[str, float]:
    """Do `action` (a click or a shortcut) and wait for the next verdict; return it and the seconds taken."""
    started = time.monotonic()
    action()
    page.wait_for_function(
        "n => document.querySelectorAll('#history .history-item').length > n && !document.getElementById('submit').disabled",
        arg=previous_count,
    )
    return page.locator("#verdict").get_attribute("data-verdict"), time.monotonic() - started


def test_a_learner_fixes_missing_return_sequences_and_is_accepted(live_server, grading_worker, exercises, page):
    base = live_server.url
    sign_up(page, base)
    row = page.locator("tr[data-slug=multiple-output]")
    assert "Not started" in row.inner_text()
    row.locator("a").click()
    page.wait_for_url(f"{base}/exercises/multiple-output/")
    assert editor_code(page) == exercises["multiple-output"].starter_code
    assert page.locator("#editor .ace_gutter").is_visible()  # line numbers

    type_into_editor(page, WRONG)
    assert editor_code(page).strip() == "\n".join(WRONG)
    url_before = page.url
    verdict, wrong_seconds = verdict_after(page, lambda: page.click("#submit"), 0)
    assert verdict == "wrong_answer"
    feedback = page.locator("#feedback").inner_text()
    assert "return_sequences=True" in feedback
    assert "(1, 3, 4)" in feedback
    assert page.url == url_before  # no page reload

    page.click("#editor .ace_content")  # back into the editor: replace the last line of code
    page.keyboard.press("Control+End")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("End")
    page.keyboard.press("Shift+Home")
    page.keyboard.type(FIXED_LAST_LINE)
    verdict, fixed_seconds = verdict_after(page, lambda: page.keyboard.press("Control+Enter"), 1)
    assert verdict == "accepted"
    assert page.locator("#checks tr.fail").count() == 0
    history = page.locator("#history .history-item")
    assert history.count() == 2
    assert FIXED_LAST_LINE in history.first.locator("code").text_content()
    assert_solved_shown(page)  # the point of the exercise, and both models drawn
    assert page.locator("#figures").is_hidden()  # the wrong answer's comparison is gone
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#solved").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "accepted-explanation-and-drawings.png"), full_page=True)

    page.reload()  # coming back, the editor holds the last code, and the exercise shows it is solved
    assert FIXED_LAST_LINE in editor_code(page)
    assert_solved_shown(page)
    page.goto(f"{base}/exercises/")
    assert "Solved" in page.locator("tr[data-slug=multiple-output]").inner_text()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "exercise-list-after-solving.png"))
    timings = {
        "wrong_answer_submit_to_verdict_s": round(wrong_seconds, 2),
        "accepted_submit_to_verdict_s": round(fixed_seconds, 2),
    }
    (ARTIFACTS / "browser-timings.json").write_text(json.dumps(timings))
    print("Submit-to-verdict in the browser:", timings)


def assert_solved_shown(page) -> None:
    """After an accepted answer: the explanation, no equivalence sentence (the answer is the reference's
    own spelling), and the learner's model beside the task's (multiple-output has no `figure:`)."""
    assert page.locator("#solved").is_visible()
    assert "return_sequences=True" in page.locator("#explanation").inner_text()
    assert "for each word" in page.locator("#explanation").inner_text()
    assert page.locator("#equivalence").is_hidden()
    drawings = page.locator("#solved-pair figure.drawing")
    assert drawings.count() == 2 and page.locator("#solved-pair figure svg").count() == 2
    assert [drawings.nth(i).get_attribute("data-title") for i in range(2)] == ["Your model", "The task's model"]


def test_tab_indents_in_the_editor(live_server, exercises, alice, page, client):
    client.force_login(alice)
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page.goto(f"{live_server.url}/exercises/single-output/")
    type_into_editor(page, ["def f():"])
    page.keyboard.press("Control+Home")
    page.keyboard.press("Tab")
    assert editor_code(page).startswith("    def f():")
