"""Writes that touch submissions and progress together, each in one transaction."""

import logging
from datetime import timedelta

import kombu.exceptions
import redis.exceptions
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction
from django.db.models import Case, F, When
from django.utils import timezone

from grader import DEFAULT_LIMITS, GradeResult
from grader.grading import internal_error, refusal
from unroll.catalog.variants import learner_seed
from unroll.progress.models import Progress
from unroll.submissions.models import Submission

logger = logging.getLogger(__name__)


# What a broker that is down or restarting raises when a message is published.
BROKER_ERRORS = (kombu.exceptions.KombuError, redis.exceptions.RedisError, OSError)


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
    reason = refusal_of(code)
    if reason:
        raise SubmissionRefused(reason)
    with transaction.atomic():
        # Lock the learner's row so two quick submits cannot both slip under the cap.
        get_user_model().objects.select_for_update().filter(pk=learner.pk).first()
        refuse_over_the_cap(learner)
        submission = Submission.objects.create(
            learner=learner,
            exercise=exercise,
            exercise_version=exercise.versions.filter(number=exercise.version).first(),
            code=code,
            variant_seed=learner_seed(learner.pk, exercise),
        )
        submission.sent = False
        transaction.on_commit(lambda: setattr(submission, "sent", send_for_grading(submission.pk)))
    return submission


def refuse_over_the_cap(learner) -> None:
    waiting = Submission.objects.filter(learner=learner).pending()
    count = waiting.count()
    if count < settings.MAX_PENDING_PER_LEARNER:
        return
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    minutes = int((timezone.now() - oldest).total_seconds() // 60) if oldest else 0
    since = f" The oldest has waited {minutes} min; it will be graded as soon as a grader is free." if minutes else ""
    raise SubmissionRefused(
        f"You already have {count} submissions waiting to be graded; wait for their verdicts before submitting again.{since}"
    )


def send_for_grading(submission_id: int) -> bool:
    """Send the submission's id to the graders; False (logged, never raised) when the broker cannot take it."""
    from unroll.submissions.tasks import grade_submission

    try:
        grade_submission.apply_async((submission_id,), retry=False)
    except BROKER_ERRORS as exc:
        logger.warning("submission %s saved but not sent (the sweeper will send it): %s", submission_id, exc)
        return False
    try:
        Submission.objects.filter(pk=submission_id).update(sent_at=timezone.now(), sends=F("sends") + 1)
    except DatabaseError as exc:  # sent all the same: at worst the sweeper sends it once more
        logger.warning("submission %s sent, but its sending not recorded: %s", submission_id, exc)
    return True


def start_grading(submission_id: int, worker: str = "") -> Submission | None:
    """Claim a submission for grading under a lease; None when it is done or another worker's lease holds.

    The claim is one conditional UPDATE, so two workers given the same submission (a duplicate
    message) cannot both hold it. A worker may claim again what it already holds (a retry).
    """
    now = timezone.now()
    claimed = (
        Submission.objects.claimable(worker, now)
        .filter(pk=submission_id)
        .update(
            status=Submission.Status.RUNNING,
            started_at=now,
            claimed_by=worker,
            lease_expires_at=now + timedelta(seconds=settings.GRADING_LEASE_SECONDS),
            claims=Case(When(claimed_by=worker, then=F("claims")), default=F("claims") + 1),
        )
    )
    if not claimed:
        return None
    submission = Submission.objects.select_related("exercise", "exercise_version").get(pk=submission_id)
    if submission.exercise_version_id is None:  # submitted before versions were pinned at submit
        submission.exercise_version = submission.exercise.versions.filter(number=submission.exercise.version).first()
        Submission.objects.filter(pk=submission_id).update(exercise_version=submission.exercise_version)
    return submission


def renew_lease(submission_id: int, worker: str) -> bool:
    """Extend the worker's lease on a submission it is grading; False when the lease is no longer its own."""
    lease = timezone.now() + timedelta(seconds=settings.GRADING_LEASE_SECONDS)
    mine = Submission.objects.filter(pk=submission_id, status=Submission.Status.RUNNING, claimed_by=worker)
    return bool(mine.update(lease_expires_at=lease))


def release_claim(submission_id: int, worker: str) -> None:
    """Give a claimed submission back to the queue (the worker will not grade it now)."""
    mine = Submission.objects.filter(pk=submission_id, status=Submission.Status.RUNNING, claimed_by=worker)
    mine.update(status=Submission.Status.QUEUED, claimed_by="", lease_expires_at=None)


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
    handed_on = []
    for submission_id, claims in Submission.objects.with_lapsed_lease(now).values_list("pk", "claims"):
        if claims >= settings.GRADING_MAX_CLAIMS:
            give_up(submission_id, now)
            continue
        lapsed = Submission.objects.with_lapsed_lease(now).filter(pk=submission_id)
        if lapsed.update(status=Submission.Status.QUEUED, claimed_by="", lease_expires_at=None, sent_at=None):
            handed_on.append(submission_id)
    return handed_on


def give_up(submission_id: int, now) -> None:
    """Our grading failed again and again (its worker died each time): internal_error, never counted."""
    submission = Submission.objects.select_related("exercise").get(pk=submission_id)
    logger.error(
        "submission %s was claimed %d times without a verdict: internal_error", submission_id, submission.claims
    )
    record_verdict(submission_id, internal_error(submission.exercise.grader_spec()), worker=submission.claimed_by)


def due_for_sending(now) -> list[int]:
    """Queued submissions whose last message may be lost: never sent, or sent long enough ago.

    Each submission is sent again GRADING_RESEND_AFTER seconds after its last send, then after
    twice that, and so on (at most 16 times that): a backlog the graders are still working
    through is not flooded with duplicates, and a message the broker lost is replaced.
    """
    due = []
    first_cutoff = now - timedelta(seconds=settings.GRADING_RESEND_AFTER)
    for submission_id, sent_at, sends in Submission.objects.queued_unsent_since(first_cutoff).values_list(
        "pk", "sent_at", "sends"
    ):
        wait = settings.GRADING_RESEND_AFTER * 2 ** min(max(sends - 1, 0), 4)
        if sent_at is None or sent_at < now - timedelta(seconds=wait):
            due.append(submission_id)
    return due
