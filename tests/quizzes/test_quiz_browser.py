"""In a real headless Chromium: a learner takes a quiz (a typo refused without using an attempt, then
the result), and an instructor's quiz editor marks a problem on its line."""

import pytest
from django.urls import reverse

from unroll.quizzes.models import QuizAttempt

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username: str, password: str) -> None:
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login" not in url)


def test_a_learner_fixes_a_typo_then_reads_the_result(page, live_server, alice, quiz):
    log_in(page, live_server, "alice", "alice-password-1")
    page.goto(live_server.url + quiz.get_absolute_url())
    page.check("input[name=answer-units][value='0']")
    page.check("input[name=answer-tasks][value='0']")
    page.fill("input[name=answer-steps]", "7")
    page.fill("input[name=answer-sequence-shape]", "(None, 3, 4")
    page.click("#submit-quiz")
    assert "Missing closing parenthesis: write (None, 3, 4)" in page.inner_text("#error-sequence-shape")
    assert page.input_value("input[name=answer-steps]") == "7"  # what was typed is kept
    assert page.is_checked("input[name=answer-tasks][value='0']")
    assert not QuizAttempt.objects.exists()

    page.fill("input[name=answer-sequence-shape]", "1x3x4")
    page.click("#submit-quiz")
    page.wait_for_selector("#quiz-score")
    assert "3 of 4" in page.inner_text("#quiz-score") and "75%" in page.inner_text("#score")
    assert "✗ Wrong" in page.inner_text("#result-tasks") and "✓ Right" in page.inner_text("#result-sequence-shape")
    assert "Each word gets a label" in page.inner_text("#result-tasks .expected")


def test_the_quiz_editor_marks_a_problem_on_its_line(page, live_server, charlie):
    log_in(page, live_server, "charlie", "charlie-password-1")
    page.goto(live_server.url + reverse("quizzes:new_quiz"))
    page.wait_for_selector(".quiz-editor .ace_content")
    page.evaluate(
        "window.unrollQuizEditor.setValue(window.unrollQuizEditor.getValue().replace('type: single', 'type: essay'), -1)"
    )
    page.click("#save-quiz")
    page.wait_for_selector("#problems")
    assert "questions[0].type" in page.inner_text("#problems")
    marked = page.locator(".quiz-editor .ace_gutter-cell.ace_error")
    assert marked.count() == 1 and marked.inner_text().strip() == "10"  # the line of `type: essay`
