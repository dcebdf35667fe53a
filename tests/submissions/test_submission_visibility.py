"""Who may read a submission: its learner; the instructors of a course that learner joined, if it holds the
exercise; superusers. Never another learner, nor an instructor of another course."""

import html

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from grader import GradeResult
from unroll.courses.actions import add_item, create_course
from unroll.courses.models import Enrollment
from unroll.submissions.actions import record_verdict, submit_attempt
from unroll.submissions.models import Submission

ALICE_CODE = "model = 'alice wrote this'\n"
BOB_CODE = "model = 'bob wrote this'\n"


@pytest.fixture
def bobs_submission(bob, exercises):
    submission = submit_attempt(bob, exercises["single-output"], BOB_CODE)
    result = GradeResult("wrong_answer", 0.5, [], ["Your SimpleRNN has 8 units."], [1, 8])
    return record_verdict(submission.pk, result)


def teach(instructor, exercise, learner, title="Course"):
    course = create_course(instructor, title)
    add_item(course, exercise=exercise)
    Enrollment.objects.create(course=course, learner=learner)
    return course


def readable_by(client, user, submission) -> tuple[int, int]:
    client.force_login(user)
    return client.get(detail_url(submission)).status_code, client.get(status_url(submission)).status_code


def detail_url(submission) -> str:
    return reverse("submissions:detail", args=[submission.pk])


def status_url(submission) -> str:
    return reverse("submissions:status", args=[submission.pk])


def test_a_learner_reads_their_own_submission_and_its_status(client, bob, bobs_submission):
    client.force_login(bob)

    page = client.get(detail_url(bobs_submission))
    status = client.get(status_url(bobs_submission))

    assert page.status_code == 200
    assert BOB_CODE in html.unescape(page.content.decode())
    assert status.status_code == 200
    assert status.json()["verdict"] == "wrong_answer"


def test_it_rejects_another_learners_submission_page(client, alice, bobs_submission):
    client.force_login(alice)

    response = client.get(detail_url(bobs_submission))

    assert response.status_code == 404
    assert "bob wrote this" not in html.unescape(response.content.decode())


def test_it_rejects_another_learners_submission_status(client, alice, bobs_submission):
    client.force_login(alice)

    response = client.get(status_url(bobs_submission))

    assert response.status_code == 404
    assert b"bob wrote this" not in response.content


def test_an_instructor_reads_the_submission_of_a_learner_of_their_course_on_its_exercise(
    client, charlie, bobs_submission, exercises
):
    teach(charlie, exercises["single-output"], bobs_submission.learner)
    client.force_login(charlie)

    page = client.get(detail_url(bobs_submission))
    status = client.get(status_url(bobs_submission))

    assert page.status_code == 200
    content = html.unescape(page.content.decode())
    assert BOB_CODE in content
    assert "<strong>bob</strong>" in content
    assert status.status_code == 200
    assert status.json()["id"] == bobs_submission.pk


def test_an_instructor_without_a_course_reads_no_learners_submission(client, charlie, bobs_submission):
    assert readable_by(client, charlie, bobs_submission) == (404, 404)


def test_an_instructor_of_another_course_reads_no_submission_of_this_learner(client, bob, bobs_submission, exercises):
    dave = User.objects.create_user("dave", "dave@example.com", "pw", is_staff=True)
    erin = User.objects.create_user("erin", "erin@example.com", "pw")
    teach(dave, exercises["single-output"], erin, title="Dave's")  # same exercise, another learner

    assert readable_by(client, dave, bobs_submission) == (404, 404)


def test_an_instructor_reads_nothing_on_an_exercise_outside_their_course(client, charlie, bob, exercises):
    teach(charlie, exercises["single-output"], bob)
    elsewhere = submit_attempt(bob, exercises["stacked-rnn"], "model = 'outside the course'\n")

    assert readable_by(client, charlie, elsewhere) == (404, 404)


def test_a_learner_of_the_course_reads_no_classmates_submission(client, alice, charlie, bobs_submission, exercises):
    course = teach(charlie, exercises["single-output"], bobs_submission.learner)
    Enrollment.objects.create(course=course, learner=alice)

    assert readable_by(client, alice, bobs_submission) == (404, 404)


def test_a_superuser_reads_every_submission(client, bobs_submission):
    root = User.objects.create_superuser("root", "root@example.com", "pw")

    assert readable_by(client, root, bobs_submission) == (200, 200)


def test_visible_to_lists_exactly_what_each_person_may_read(charlie, alice, bob, bobs_submission, exercises):
    teach(charlie, exercises["single-output"], bob)
    own = submit_attempt(charlie, exercises["single-output"], "model = 'charlie tries'\n")
    alices = submit_attempt(alice, exercises["single-output"], "model = 'alice'\n")

    assert set(Submission.objects.visible_to(charlie)) == {bobs_submission, own}
    assert set(Submission.objects.visible_to(alice)) == {alices}
    assert set(Submission.objects.visible_to(bob)) == {bobs_submission}


def test_the_exercise_page_history_lists_only_the_learners_own_submissions(client, alice, bobs_submission, exercises):
    exercise = exercises["single-output"]
    first = submit_attempt(alice, exercise, "model = 'alice first'\n")
    record_verdict(first.pk, GradeResult("runtime_error", 0.0, [], ["NameError"], None))
    second = submit_attempt(alice, exercise, ALICE_CODE)
    client.force_login(alice)

    response = client.get(reverse("catalog:exercise_detail", args=[exercise.slug]))

    assert [s.pk for s in response.context["history"]] == [second.pk, first.pk]
    content = html.unescape(response.content.decode())
    assert f'data-id="{first.pk}"' in content and f'data-id="{second.pk}"' in content
    assert "model = 'alice first'" in content and ALICE_CODE in content
    assert f'data-id="{bobs_submission.pk}"' not in content
    assert "bob wrote this" not in content


def test_the_exercise_page_history_of_an_instructor_is_their_own_too(client, charlie, bobs_submission, exercises):
    # Instructors read learners' work from the class progress table, not mixed into their own history.
    client.force_login(charlie)

    response = client.get(reverse("catalog:exercise_detail", args=["single-output"]))

    assert response.context["history"] == []
    assert "bob wrote this" not in html.unescape(response.content.decode())
