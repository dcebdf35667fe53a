"""In Chromium, the exercise page's workbench: a learner who uses only the keyboard reaches the editor, leaves
it with the documented keys (Esc then Tab), submits, reads the feedback and opens a hint; the reference
solution appears after the set number of failed attempts and after solving, and "Reset to starter code"
restores the starter; the history's numbers, labels and dates agree between the server and the script; a
refused submission hides the previous verdict."""

import re
from pathlib import Path

import pytest
from browser.test_solve_multiple_output import editor_code, type_code

from support import graded, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

IMPORTS = ["from tensorflow.keras.models import Sequential", "from tensorflow.keras.layers import SimpleRNN"]
WRONG = [*IMPORTS, "model = Sequential()", "model.add(SimpleRNN(4, input_shape=(3, 2), return_sequences=True))"]
RIGHT = [*IMPORTS, "model = Sequential()", "model.add(SimpleRNN(4, input_shape=(3, 2)))"]
CREATED = re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}:\d{2}$")  # Submission.created_label
IN_EDITOR = "document.activeElement && document.activeElement.classList.contains('ace_text-input')"


PASSWORDS = {"alice": "alice-password-1", "bob": "bob-password-1"}  # tests/conftest.py's personas


def open_exercise(page, live_server, learner, slug: str = "single-output") -> None:
    """Log in with the form, by the keyboard, and land on the exercise."""
    page.goto(f"{live_server.url}/accounts/login/?next=/exercises/{slug}/")
    page.fill("#id_username", learner.username)
    page.fill("#id_password", PASSWORDS[learner.username])
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/exercises/{slug}/")


def active_id(page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.id : ''")


def tab_until(page, condition: str, shift: bool = False, limit: int = 60) -> None:
    """Press Tab (or Shift+Tab) until `condition` (JavaScript) holds, as a keyboard user moves through a page;
    passing through the editor, they press Esc first, as the page says."""
    for _ in range(limit):
        if page.evaluate(condition):
            return
        if page.evaluate(IN_EDITOR):
            page.keyboard.press("Escape")
        page.keyboard.press("Shift+Tab" if shift else "Tab")
    raise AssertionError(f"never reached by Tab: {condition}")


def wait_in_page(page, condition: str, what: str, arg=None) -> None:
    """Poll `condition` (a JavaScript function) from here: the site's CSP forbids the string-compiling
    predicates of page.wait_for_function, while evaluating a function is the browser's own call."""
    wait_until(lambda: page.evaluate(condition, arg), 60, what)


def wait_for_verdict(page, items_before: int) -> str:
    wait_in_page(
        page,
        "n => document.querySelectorAll('#history .history-item').length > n"
        " && !document.getElementById('submit').disabled && !document.getElementById('result').hidden",
        "the verdict shown",
        items_before,
    )
    return page.locator("#verdict").get_attribute("data-verdict")


def submit_by_keyboard(page, lines: list[str]) -> str:
    """Into the editor, type, Ctrl+Enter, and wait for the verdict."""
    before = page.locator("#history .history-item").count()
    tab_until(page, IN_EDITOR)
    type_code(page, lines)
    page.keyboard.press("Control+Enter")
    return wait_for_verdict(page, before)


def watch_the_progress_bar(page) -> None:
    """Record whether the moving bar was shown while the submission waited (it is hidden again by the verdict)."""
    page.evaluate(
        """() => { const bar = document.getElementById('grading-progress'); window.progressShown = false;
        new MutationObserver(() => { if (!bar.hidden) window.progressShown = true; }).observe(bar, {attributes: true}); }"""
    )


def history_rows(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll('#history .history-item')].map((li) => ({
            value: li.value, number: li.querySelector('.number').textContent,
            link: li.querySelector('a.open-submission').textContent, label: li.querySelector('.verdict').textContent,
            time: li.querySelector('time').textContent, datetime: li.querySelector('time').getAttribute('datetime')}))"""
    )


@pytest.mark.worker
@pytest.mark.slow
def test_a_keyboard_user_submits_reads_the_feedback_and_opens_a_hint(
    live_server, grading_worker, exercises, alice, page
):
    open_exercise(page, live_server, alice)
    keys = page.locator("#editor-keys")
    assert keys.is_visible() and "Esc then Tab" in keys.inner_text().replace("  ", " ")

    tab_until(page, IN_EDITOR)  # the editor is reached with Tab from the top of the page
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == "editor-keys"
    type_code(page, WRONG)
    page.keyboard.press("Tab")  # Tab alone still indents, and stays in the editor
    assert page.evaluate(IN_EDITOR) and editor_code(page).endswith("\n    ")
    page.keyboard.press("Backspace")

    page.keyboard.press("Escape")
    page.keyboard.press("Tab")  # Esc then Tab leaves the editor, to the actions after it
    assert not page.evaluate(IN_EDITOR)
    assert page.evaluate("document.activeElement.closest('.actions') !== null"), active_id(page)
    tab_until(page, "document.activeElement.id === 'submit'")
    watch_the_progress_bar(page)
    page.keyboard.press("Enter")
    assert wait_for_verdict(page, 0) == "wrong_answer"
    assert page.evaluate("window.progressShown") and page.locator("#grading-progress").is_hidden()
    assert "leave `return_sequences` at its default, False" in page.locator("#feedback").inner_text()
    assert page.locator("#verdict").inner_text() == "Wrong answer"

    tab_until(page, "document.activeElement.id === 'next-hint'", shift=True)  # back up to the hints
    page.keyboard.press("Enter")
    wait_in_page(page, "() => document.querySelectorAll('#hint-list li').length === 1", "the first hint")
    hint = page.locator("#hint-list li").first
    assert hint.locator("code").first.inner_text() == "input_shape"  # Markdown, not backticks
    assert "`" not in hint.inner_text()

    page.keyboard.press("Escape")  # nothing is armed outside the editor; re-enter it and leave backwards
    tab_until(page, IN_EDITOR)
    page.keyboard.press("Escape")
    page.keyboard.press("Shift+Tab")
    assert not page.evaluate(IN_EDITOR)


@pytest.mark.worker
@pytest.mark.slow
def test_the_solution_appears_after_the_set_failed_attempts_and_reset_restores_the_starter(
    live_server, grading_worker, exercises, alice, page
):
    exercise = exercises["single-output"]
    exercise.reveal_solution_after = 2
    exercise.save(update_fields=["reveal_solution_after"])
    open_exercise(page, live_server, alice)
    assert "after 2 attempts that are not accepted" in page.locator("#reveal-rule").inner_text()
    assert exercise.solution_code.strip() not in page.content()

    assert submit_by_keyboard(page, WRONG) == "wrong_answer"
    assert page.locator("#reveal-body").is_hidden() and page.locator("#reveal-code").inner_text() == ""
    assert submit_by_keyboard(page, WRONG) == "wrong_answer"
    page.wait_for_selector("#reveal-body", state="visible")
    assert page.locator("#reveal-rule").is_hidden()
    assert page.locator("#reveal-code").inner_text().strip() == exercise.solution_code.strip()
    assert "one vector" in page.locator("#reveal-explanation").inner_text()  # with the exercise's point

    page.once("dialog", lambda dialog: dialog.dismiss())  # changing one's mind keeps the code
    page.locator("#reset-code").focus()
    page.keyboard.press("Enter")
    assert "return_sequences=True" in editor_code(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.keyboard.press("Enter")
    assert editor_code(page) == exercise.starter_code
    assert page.evaluate(IN_EDITOR)  # back in the editor, ready to write

    page.reload()  # the server shows it too, now that it is earned
    assert page.locator("#reveal-code").inner_text().strip() == exercise.solution_code.strip()
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#reveal").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "exercise-reference-solution.png"), full_page=True)


@pytest.mark.worker
@pytest.mark.slow
def test_solving_reveals_the_solution(live_server, grading_worker, exercises, bob, page):
    exercise = exercises["single-output"]
    open_exercise(page, live_server, bob)
    assert page.locator("#reveal-body").is_hidden()
    assert submit_by_keyboard(page, RIGHT) == "accepted"
    page.wait_for_selector("#reveal-body", state="visible")
    assert page.locator("#reveal-code").inner_text().strip() == exercise.solution_code.strip()
    assert "You solved it" in page.locator("#reveal-reason").inner_text()
    assert page.locator("#reveal-explanation").is_hidden()  # shown once already, in the solved card
    assert page.locator("#explanation").is_visible()


@pytest.mark.worker
@pytest.mark.slow
def test_the_history_numbers_labels_and_dates_agree_and_a_refusal_hides_the_last_verdict(
    live_server, grading_worker, exercises, alice, page
):
    exercise = exercises["single-output"]
    for verdict in ("wrong_answer", "runtime_error", "wrong_answer"):
        graded(alice, exercise, verdict, 0.0)
    open_exercise(page, live_server, alice)
    assert page.locator("#history").get_attribute("start") == "3"
    served = history_rows(page)
    assert [(row["value"], row["number"], row["label"]) for row in served] == [
        (3, "Submission 3", "Wrong answer"),
        (2, "Submission 2", "Runtime error"),
        (1, "Submission 1", "Wrong answer"),
    ]
    assert served[0]["link"] == "Open submission 3 on its own page"
    assert all(CREATED.match(row["time"]) for row in served), served

    assert submit_by_keyboard(page, WRONG) == "wrong_answer"
    added = history_rows(page)[0]
    assert (added["value"], added["number"], added["label"]) == (4, "Submission 4", "Wrong answer")
    assert CREATED.match(added["time"]) and added["datetime"]
    assert page.evaluate("document.getElementById('history').start") == 4
    page.reload()  # the server renders the same item, word for word
    assert history_rows(page)[0] == added

    assert page.locator("#result").is_hidden()  # a fresh page shows no verdict card until one arrives
    assert submit_by_keyboard(page, RIGHT) == "accepted"
    assert page.locator("#result").is_visible()
    tab_until(page, IN_EDITOR)
    type_code(page, ["   "])  # blank: refused before it is queued
    page.keyboard.press("Control+Enter")
    wait_in_page(page, "() => document.getElementById('submit-state').textContent.includes('empty')", "the refusal")
    assert page.locator("#result").is_hidden()  # the accepted card is not this code's verdict
    assert len(history_rows(page)) == 5  # nothing was added


def test_the_grading_bar_moves_unless_the_learner_asks_for_less_motion(live_server, exercises, alice, page):
    open_exercise(page, live_server, alice)
    stripe = "getComputedStyle(document.getElementById('grading-progress'), '::after').animationName"
    page.evaluate("document.getElementById('grading-progress').hidden = false")
    assert page.evaluate(stripe) == "grading-slide"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(stripe) == "none"
    page.evaluate("document.getElementById('grading-progress').hidden = true")
