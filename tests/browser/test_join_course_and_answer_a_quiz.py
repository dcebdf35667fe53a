"""In Chromium: a learner joins a course with its code, answers its quiz, and sees their progress move."""

import pytest

from support import published_quiz
from unroll.courses.actions import add_item, create_course

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_learner_joins_a_course_answers_its_quiz_and_sees_progress_move(
    live_server, client, charlie, alice, exercises, page
):
    course = create_course(charlie, "Recurrent layers, spring term")
    add_item(course, quiz=published_quiz())
    add_item(course, exercise=exercises["single-output"])
    client.force_login(alice)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    base = live_server.url

    page.goto(f"{base}/courses/")
    page.fill("#id_code", "NOT-A-CODE")
    page.click(".join-form button[type=submit]")
    assert "code" in page.locator(".flash, .errors").first.inner_text().lower()  # a clear refusal
    page.fill("#id_code", course.join_code.lower())  # as typed by a learner, in lower case
    page.click(".join-form button[type=submit]")
    page.wait_for_url(f"{base}{course.get_absolute_url()}")
    bar = page.locator("#course-progress .course-bar")
    assert bar.get_attribute("aria-label").startswith("0 solved, 0 attempted, 2 not started")

    page.click("#continue a")
    page.wait_for_url(f"{base}/quizzes/shapes-first/")
    page.check("#question-units input[value='0']")
    page.fill("#question-sequence-shape input[type=text]", "(None, 3, 4")  # a typo: refused, nothing lost
    page.click("#submit-quiz")
    assert "parenthesis" in page.locator("#question-sequence-shape .error").inner_text()
    assert page.locator("#question-units input[value='0']").is_checked()
    page.fill("#question-sequence-shape input[type=text]", "(None, 3, 4)")
    page.click("#submit-quiz")
    page.wait_for_url(f"{base}/quizzes/shapes-first/attempts/1/")
    assert page.locator("#score").inner_text() == "100%"
    assert "One vector of 4 numbers" in page.locator("#result-sequence-shape").inner_text()  # the explanation

    page.goto(f"{base}{course.get_absolute_url()}")
    assert bar.get_attribute("aria-label").startswith("1 solved, 0 attempted, 1 not started")
    assert "Single output" in page.locator("#continue").inner_text()  # where to continue
