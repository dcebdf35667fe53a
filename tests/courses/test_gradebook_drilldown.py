"""One learner of a course, for its instructors: their items, their submissions with code, and those submissions' pages."""

import html
import re

from course_factories import item_of, make_course
from django.urls import reverse

from support import graded, published_quiz
from unroll.progress.actions import reveal_hint
from unroll.quizzes.actions import submit_attempt as submit_quiz


def learner_page(client, course, learner):
    return client.get(reverse("courses:learner", args=[course.pk, learner.pk]))


def test_the_drill_down_lists_the_learners_items_and_submissions_with_their_code(
    client, charlie, alice, course, exercises
):
    first = graded(alice, exercises["single-output"], "wrong_answer", 0.5, code="model = 'first try'\n")
    second = graded(alice, exercises["single-output"], "accepted", 1.0, code="model = 'second try'\n")
    reveal_hint(alice, exercises["multiple-output"])
    client.force_login(charlie)

    response = learner_page(client, course, alice)

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert [s.pk for s in response.context["submissions"]] == [second.pk, first.pk]
    assert f'<a href="{reverse("submissions:detail", args=[first.pk])}">#{first.pk}</a>' in page
    assert "model = 'first try'" in page and "model = 'second try'" in page
    cells = response.context["cells"]
    assert [(c.state, c.attempts, c.hints) for c in cells] == [
        ("solved", 2, 0),
        ("not_started", 0, 1),
        ("not_started", 0, None),
    ]
    assert re.search(r'<strong id="learner-total">33%</strong>', page)


def test_the_drill_down_shows_only_submissions_on_the_courses_exercises(client, charlie, alice, course, exercises):
    elsewhere = graded(alice, exercises["stacked-rnn"], "accepted", 1.0, code="model = 'not in this course'\n")
    client.force_login(charlie)

    response = learner_page(client, course, alice)

    assert elsewhere not in response.context["submissions"]
    assert "not in this course" not in html.unescape(response.content.decode())


def test_the_course_instructor_opens_the_learners_submission_page_from_the_drill_down(
    client, charlie, alice, course, exercises
):
    submission = graded(alice, exercises["multiple-output"], "wrong_answer", 0.5, code="model = 'read me'\n")
    client.force_login(charlie)

    response = client.get(reverse("submissions:detail", args=[submission.pk]))

    assert response.status_code == 200
    assert "model = 'read me'" in html.unescape(response.content.decode())
    assert client.get(reverse("submissions:status", args=[submission.pk])).json()["id"] == submission.pk


def test_a_learner_of_another_course_has_no_drill_down_here(client, charlie, bob, course, daves_course):
    client.force_login(charlie)

    assert learner_page(client, course, bob).status_code == 404


def test_a_co_instructor_drills_down_too(client, charlie, dave, alice, course, exercises):
    course.instructors.add(dave)
    client.force_login(dave)

    assert learner_page(client, course, alice).status_code == 200


def test_a_second_course_of_the_same_instructor_shows_its_own_items(client, charlie, alice, exercises):
    other = make_course(charlie, "Stacking", items=[exercises["stacked-rnn"]], learners=[alice])
    client.force_login(charlie)

    cells = learner_page(client, other, alice).context["cells"]

    assert [cell.item for cell in cells] == [item_of(other, exercises["stacked-rnn"])]


def test_an_instructor_reads_a_learners_quiz_attempt_and_no_one_else_can(client, charlie, alice, bob, dave, exercises):
    quiz = published_quiz()
    course = make_course(charlie, "Quizzed", items=[quiz], learners=[alice])
    make_course(dave, "Dave's", items=[quiz], learners=[bob])  # the same quiz, another class
    attempt = submit_quiz(alice, quiz, {"units": "1", "sequence-shape": "(None, 3, 4)"})
    client.force_login(charlie)
    drill_down = html.unescape(learner_page(client, course, alice).content.decode())
    assert attempt.get_review_url() in drill_down and "1 / 2 right" in drill_down

    review = html.unescape(client.get(attempt.get_review_url()).content.decode())
    assert "alice: Shapes first, attempt 1" in review
    assert "Their answer" in review and "The number of time steps" in review  # what she chose
    assert "The first argument is `units`" in review or "The first argument is <code>units</code>" in review

    for outsider in (dave, bob):  # the instructor of another course, another learner
        client.force_login(outsider)
        assert client.get(attempt.get_review_url()).status_code == 404
    client.force_login(alice)
    assert client.get(attempt.get_review_url())["Location"] == attempt.get_absolute_url()  # her own page
