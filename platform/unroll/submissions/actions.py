"""Writes that touch submissions and progress together, each in one transaction."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from grader import DEFAULT_LIMITS, GradeResult
from grader.grading import internal_error, refusal
from unroll.catalog.variants import learner_seed
from unroll.progress.models import Progress
from unroll.submissions import leases
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
    """Commit a queued submission pinned to the version the learner saw and, once committed, send it.

    If the broker cannot take it, the submission stays queued (`sent` is False on the returned
    row) and the sweeper sends it when the broker is back: nothing is lost, nothing counted.
    """
    return queue_learners_code(learner, exercise, code, Submission, SUBMISSIONS_CAP, send_for_grading)


def queue_learners_code(learner, exercise, code: object, model, cap: "Cap", send):
    """Commit a queued row of `model` (a submission, or the Run button's run) holding the learner's code,
    pinned to the exercise version they saw and their variant, and once committed `send(pk)` it.

    Refused (SubmissionRefused) when the grader would refuse the code, or past the learner's `cap`.
    `sent` on the returned row says whether the broker took it; if not, the sweeper sends it later.
    """
    reason = refusal_of(code)
    if reason:
        raise SubmissionRefused(reason)
    with transaction.atomic():
        # Lock the learner's row so two quick clicks cannot both slip under the cap.
        get_user_model().objects.select_for_update().filter(pk=learner.pk).first()
        refuse_over_the_cap(learner, model.objects.filter(learner=learner), cap)
        row = model.objects.create(
            learner=learner,
            exercise=exercise,
            exercise_version=exercise.versions.filter(number=exercise.version).first(),
            code=code,
            variant_seed=learner_seed(learner.pk, exercise),
        )
        row.sent = False
        transaction.on_commit(lambda: setattr(row, "sent", send(row.pk)))
    return row


@dataclass(frozen=True)
class Cap:
    """How one kind of a learner's work is capped: at most MAX_PENDING_PER_LEARNER waiting, in these words."""

    waiting: str  # "submissions waiting to be graded"
    advice: str  # "wait for their verdicts before submitting again"
    handled: str  # "graded"


SUBMISSIONS_CAP = Cap("submissions waiting to be graded", "wait for their verdicts before submitting again", "graded")
RUNS_CAP = Cap("runs waiting", "wait for their results before running again", "run")


def refuse_over_the_cap(learner, work, cap: Cap) -> None:
    """Refuse one more of `work` (the learner's rows of a LeasedQuerySet) when too many already wait;
    the caller holds the lock on the learner's row (queue_learners_code)."""
    waiting = work.pending()
    count = waiting.count()
    if count < settings.MAX_PENDING_PER_LEARNER:
        return
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    minutes = int((timezone.now() - oldest).total_seconds() // 60) if oldest else 0
    since = (
        f" The oldest has waited {minutes} min; it will be {cap.handled} as soon as a grader is free."
        if minutes
        else ""
    )
    raise SubmissionRefused(f"You already have {count} {cap.waiting}; {cap.advice}.{since}")


def send_for_grading(submission_id: int) -> bool:
    """Send the submission's id to the graders; False (logged, never raised) when the broker cannot take it."""
    from unroll.submissions.tasks import grade_submission

    return leases.send(grade_submission, Submission, submission_id)


def start_grading(submission_id: int, worker: str = "") -> Submission | None:
    """Claim a submission for grading under a lease; None when it is done or another worker's lease holds.

    The claim is one conditional UPDATE, so two workers given the same submission (a duplicate
    message) cannot both hold it. A worker may claim again what it already holds (a retry).
    """
    claimed = leases.claim(Submission, submission_id, worker, started_at=timezone.now())
    if not claimed:
        return None
    submission = Submission.objects.select_related("exercise", "exercise_version").get(pk=submission_id)
    if submission.exercise_version_id is None:  # submitted before versions were pinned at submit
        submission.exercise_version = submission.exercise.versions.filter(number=submission.exercise.version).first()
        Submission.objects.filter(pk=submission_id).update(exercise_version=submission.exercise_version)
    return submission


def renew_lease(submission_id: int, worker: str) -> bool:
    """Extend the worker's lease on a submission it is grading; False when the lease is no longer its own."""
    return leases.renew(Submission, submission_id, worker)


def release_claim(submission_id: int, worker: str) -> None:
    """Give a claimed submission back to the queue (the worker will not grade it now)."""
    leases.release(Submission, submission_id, worker)


def record_verdict(submission_id: int, result: GradeResult, worker: str | None = None) -> Submission | None:
    """Store the verdict and fold it into the learner's progress, once, in one transaction.

    With `worker`, only while that worker still holds the submission's lease: a worker whose
    lease lapsed (another took the submission over) writes nothing.
    """
    with transaction.atomic():
        rows = Submission.objects.select_for_update().filter(pk=submission_id).pending()
        if worker is not None:
            rows = rows.filter(status=Submission.Status.RUNNING, claimed_by=worker)
        submission = rows.first()
        if submission is None:
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
    submission.claimed_by = ""
    submission.lease_expires_at = None


# --- the sweeper's writes (submissions/sweeper.py runs them periodically in every worker) -----


def hand_on_lapsed_leases(now) -> list[int]:
    """Queue again what a worker stopped grading (it died); give up on what keeps killing workers."""
    return leases.hand_on_lapsed(Submission, now, give_up)


def give_up(submission_id: int, now) -> None:
    """Our grading failed again and again (its worker died each time): internal_error, never counted."""
    submission = Submission.objects.select_related("exercise").get(pk=submission_id)
    logger.error(
        "submission %s was claimed %d times without a verdict: internal_error", submission_id, submission.claims
    )
    record_verdict(submission_id, internal_error(submission.exercise.grader_spec()), worker=submission.claimed_by)


def due_for_sending(now) -> list[int]:
    """Queued submissions whose last message may be lost (see leases.due_for_sending)."""
    return leases.due_for_sending(Submission, now)
