"""One learner cannot flood the queue: past MAX_PENDING_PER_LEARNER waiting submissions, Submit is refused."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grader import GradeResult
from unroll.submissions.actions import record_verdict
from unroll.submissions.models import Submission

CODE = "model = None\n"


def submit(client, exercise):
    return client.post(
        reverse("submissions:submit", args=[exercise.slug]), {"code": CODE}, content_type="application/json"
    )


@pytest.fixture
def cap(settings):
    settings.MAX_PENDING_PER_LEARNER = 2
    return 2


def test_submit_is_refused_with_a_reason_once_the_learners_cap_is_reached(client, alice, exercises, cap):
    client.force_login(alice)
    exercise = exercises["single-output"]
    assert [submit(client, exercise).status_code for _ in range(cap)] == [202, 202]

    refused = submit(client, exercise)

    assert refused.status_code == 400
    assert "2 submissions waiting to be graded" in refused.json()["error"]
    assert Submission.objects.filter(learner=alice).count() == cap


def test_a_graded_submission_frees_a_place(client, alice, exercises, cap):
    client.force_login(alice)
    exercise = exercises["single-output"]
    first = submit(client, exercise).json()["id"]
    submit(client, exercise)
    record_verdict(first, GradeResult("wrong_answer", 0.0, [], ["x"]))

    assert submit(client, exercise).status_code == 202


def test_another_learners_queue_does_not_count(client, alice, bob, exercises, cap):
    client.force_login(alice)
    for _ in range(cap):
        submit(client, exercises["single-output"])
    client.force_login(bob)

    assert submit(client, exercises["single-output"]).status_code == 202


def test_the_refusal_says_how_long_the_oldest_has_waited(client, alice, exercises, cap):
    client.force_login(alice)
    exercise = exercises["single-output"]
    for _ in range(cap):
        submit(client, exercise)
    Submission.objects.filter(learner=alice).update(created_at=timezone.now() - timedelta(minutes=7))

    refused = submit(client, exercise)

    assert refused.status_code == 400
    assert "The oldest has waited 7 min" in refused.json()["error"]
