"""Who may read a submission: its learner and the instructors; never another learner."""

import html

import pytest
from django.urls import reverse

from grader import GradeResult
from unroll.submissions.actions import record_verdict, submit_attempt

ALICE_CODE = "model = 'alice wrote this'\n"
BOB_CODE = "model = 'bob wrote this'\n"


@pytest.fixture
def bobs_submission(bob, exercises):
    submission = submit_attempt(bob, exercises["single-output"], BOB_CODE)
    result = GradeResult("wrong_answer", 0.5, [], ["Your SimpleRNN has 8 units."], [1, 8])
    return record_verdict(submission.pk, result)


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


def test_an_instructor_reads_any_learners_submission_page_and_status(client, charlie, bobs_submission):
    client.force_login(charlie)

    page = client.get(detail_url(bobs_submission))
    status = client.get(status_url(bobs_submission))

    assert page.status_code == 200
    content = html.unescape(page.content.decode())
    assert BOB_CODE in content
    assert "<strong>bob</strong>" in content
    assert status.status_code == 200
    assert status.json()["id"] == bobs_submission.pk


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
