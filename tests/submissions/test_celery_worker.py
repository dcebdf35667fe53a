"""A submission through a real Celery worker over Redis, its verdict read back from PostgreSQL."""

import pytest
from django.db import connection

from support import wait_for_verdict
from unroll.progress.models import Progress
from unroll.submissions.actions import submit_attempt

pytestmark = [pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_committed_submission_is_graded_by_the_worker_and_progress_updated(grading_worker, exercises, alice):
    exercise = exercises["single-output"]
    submission = submit_attempt(alice, exercise, exercise.solution_code)
    assert submission.status == "queued"

    graded = wait_for_verdict(submission)

    assert connection.vendor == "postgresql"
    assert graded.verdict == "accepted" and graded.score == 1.0
    assert graded.output_shape == [1, 4]
    assert graded.usage["wall_ms"] > 0 and graded.grade_ms > 0
    assert graded.started_at and graded.graded_at
    progress = Progress.objects.get(learner=alice, exercise=exercise)
    assert (progress.attempts, progress.best_score) == (1, 1.0)
    assert progress.first_solved_at == graded.graded_at


def test_a_wrong_answer_after_solving_keeps_the_best_score(grading_worker, exercises, alice):
    exercise = exercises["multiple-output"]
    wait_for_verdict(submit_attempt(alice, exercise, exercise.solution_code))
    wrong = exercise.known_wrong[0]

    graded = wait_for_verdict(submit_attempt(alice, exercise, wrong["code"]))

    assert graded.verdict == wrong["verdict"]
    assert wrong["feedback"] in graded.feedback[0]
    progress = Progress.objects.get(learner=alice, exercise=exercise)
    assert (progress.attempts, progress.best_score, progress.last_submission_id) == (2, 1.0, graded.pk)


def test_a_grading_that_breaks_unexpectedly_still_ends_with_an_uncounted_internal_error(
    grading_worker, exercises, alice
):
    exercise = exercises["single-output"]
    # The version it is submitted to cannot be read (a hand-edited database, say).
    exercise.versions.filter(number=exercise.version).update(spec={"checks": "not a list"})
    submission = submit_attempt(alice, exercise, exercise.solution_code)

    graded = wait_for_verdict(submission)

    assert graded.verdict == "internal_error"
    assert Progress.objects.get(learner=alice, exercise=exercise).attempts == 0
