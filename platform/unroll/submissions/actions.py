"""Writes that touch submissions and progress together, each in one transaction."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from grader import DEFAULT_LIMITS, GradeResult
from grader.grading import refusal
from unroll.catalog.variants import learner_seed
from unroll.progress.models import Progress
from unroll.submissions.models import Submission

logger = logging.getLogger(__name__)


class SubmissionRefused(ValueError):
    """The code cannot be queued; the message tells the learner why."""


def refusal_of(code: object) -> str | None:
    """Refuse what the grader would refuse before it is queued, so the learner hears it at once."""
    if not isinstance(code, str):
        return "Send your code as text in the `code` field."
    return refusal(code, DEFAULT_LIMITS)


def submit_attempt(learner, exercise, code: object) -> Submission:
    """Commit a queued submission and, once committed, send its id to the graders."""
    reason = refusal_of(code)
    if reason:
        raise SubmissionRefused(reason)
    with transaction.atomic():
        # Lock the learner's row so two quick submits cannot both slip under the cap.
        get_user_model().objects.select_for_update().filter(pk=learner.pk).first()
        waiting = Submission.objects.filter(learner=learner).pending().count()
        if waiting >= settings.MAX_PENDING_PER_LEARNER:
            raise SubmissionRefused(
                f"You already have {waiting} submissions waiting to be graded; "
                "wait for their verdicts before submitting again."
            )
        submission = Submission.objects.create(
            learner=learner, exercise=exercise, code=code, variant_seed=learner_seed(learner.pk, exercise)
        )
        transaction.on_commit(lambda: enqueue_grading(submission.pk))
    return submission


def enqueue_grading(submission_id: int) -> None:
    from unroll.submissions.tasks import grade_submission

    grade_submission.delay(submission_id)


def start_grading(submission_id: int) -> Submission | None:
    """Claim a submission for grading; None when it is gone or already graded (a redelivery)."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().select_related("exercise").filter(pk=submission_id).first()
        if submission is None or submission.status == Submission.Status.DONE:
            return None
        submission.status = Submission.Status.RUNNING
        submission.started_at = timezone.now()
        submission.exercise_version = submission.exercise.versions.filter(number=submission.exercise.version).first()
        submission.save(update_fields=["status", "started_at", "exercise_version"])
    return submission


def record_verdict(submission_id: int, result: GradeResult) -> Submission | None:
    """Store the verdict and fold it into the learner's progress, once, in one transaction."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().filter(pk=submission_id).first()
        if submission is None or submission.status == Submission.Status.DONE:
            return None
        apply_result(submission, result)
        submission.save()
        progress, _ = Progress.objects.select_for_update().get_or_create(
            learner_id=submission.learner_id, exercise_id=submission.exercise_id
        )
        progress.count_graded(submission)
        progress.save()
    return submission


def apply_result(submission: Submission, result: GradeResult) -> None:
    submission.status = Submission.Status.DONE
    submission.verdict = result.verdict
    submission.score = result.score
    submission.checks = result.checks
    submission.feedback = result.feedback
    submission.output_shape = result.output_shape
    submission.model_layers = list(result.facts.layers) if result.facts else None
    submission.usage = result.usage.as_dict()
    submission.stdout = result.stdout
    submission.graded_at = timezone.now()
    submission.grade_ms = result.timings.get("grade_ms")


def requeue_pending(older_than_seconds: int = 0) -> int:
    """Send again every submission not graded yet (a lost message, a worker that died).

    Grading is idempotent (a graded submission is skipped), so a duplicate is harmless.
    """
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(Submission.objects.pending().filter(created_at__lte=cutoff).values_list("pk", flat=True))
    for submission_id in ids:
        enqueue_grading(submission_id)
    if ids:
        logger.info("requeued %d pending submission(s)", len(ids))
    return len(ids)
