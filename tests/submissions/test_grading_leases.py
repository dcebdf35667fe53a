"""Claims are leases: one worker grades a submission at a time, and what a dead worker held comes back.

These drive the actions and one sweeper pass directly against the database; the same rules
under real workers killed for real are proven by tests/submissions/test_recovery_with_workers.py.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from grader import GradeResult
from unroll.progress.models import Progress
from unroll.submissions.actions import (
    due_for_sending,
    hand_on_lapsed_leases,
    record_verdict,
    renew_lease,
    start_grading,
    submit_attempt,
)
from unroll.submissions.models import Submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(alice, exercises):
    exercise = exercises["single-output"]
    return submit_attempt(alice, exercise, exercise.solution_code)


def accepted() -> GradeResult:
    return GradeResult("accepted", 1.0, [], [])


def lapse(submission: Submission) -> None:
    Submission.objects.filter(pk=submission.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))


def test_a_second_worker_cannot_claim_what_a_live_lease_holds(queued):
    assert start_grading(queued.pk, "worker-a") is not None
    assert start_grading(queued.pk, "worker-b") is None
    assert Submission.objects.get(pk=queued.pk).claimed_by == "worker-a"


def test_a_worker_may_claim_again_what_it_holds_without_counting_a_new_claim(queued):
    start_grading(queued.pk, "worker-a")
    again = start_grading(queued.pk, "worker-a")
    assert again is not None and again.claims == 1


def test_a_lapsed_lease_can_be_claimed_by_another_worker(queued):
    start_grading(queued.pk, "worker-a")
    lapse(queued)
    taken = start_grading(queued.pk, "worker-b")
    assert taken is not None and taken.claimed_by == "worker-b" and taken.claims == 2


def test_a_worker_whose_lease_was_taken_over_stores_nothing(queued, alice):
    start_grading(queued.pk, "worker-a")
    lapse(queued)
    start_grading(queued.pk, "worker-b")
    assert record_verdict(queued.pk, accepted(), worker="worker-a") is None
    assert renew_lease(queued.pk, "worker-a") is False
    assert record_verdict(queued.pk, accepted(), worker="worker-b") is not None
    assert Progress.objects.get(learner=alice).attempts == 1


def test_renewing_keeps_a_lease_alive(queued):
    start_grading(queued.pk, "worker-a")
    lapse(queued)
    assert renew_lease(queued.pk, "worker-a")
    assert Submission.objects.get(pk=queued.pk).lease_expires_at > timezone.now()
    assert start_grading(queued.pk, "worker-b") is None


def test_the_sweeper_queues_again_what_a_dead_worker_held(queued):
    start_grading(queued.pk, "worker-a")
    assert hand_on_lapsed_leases(timezone.now()) == []  # the lease still holds
    lapse(queued)
    assert hand_on_lapsed_leases(timezone.now()) == [queued.pk]
    submission = Submission.objects.get(pk=queued.pk)
    assert (submission.status, submission.claimed_by, submission.sent_at) == ("queued", "", None)
    assert due_for_sending(timezone.now()) == [queued.pk]


def test_a_submission_that_kills_its_worker_again_and_again_ends_as_an_uncounted_internal_error(
    queued, alice, settings
):
    for attempt in range(settings.GRADING_MAX_CLAIMS):
        start_grading(queued.pk, f"worker-{attempt}")
        lapse(queued)
        hand_on_lapsed_leases(timezone.now())
    submission = Submission.objects.get(pk=queued.pk)
    assert (submission.status, submission.verdict) == ("done", "internal_error")
    assert Progress.objects.get(learner=alice).attempts == 0


def test_a_queued_submission_is_sent_again_with_a_back_off(queued, settings):
    now = timezone.now()
    after = timedelta(seconds=settings.GRADING_RESEND_AFTER)
    Submission.objects.filter(pk=queued.pk).update(sent_at=now, sends=1)
    assert due_for_sending(now + after / 2) == []
    assert due_for_sending(now + after * 1.1) == [queued.pk]
    Submission.objects.filter(pk=queued.pk).update(sends=3)  # sent three times: wait four times as long
    assert due_for_sending(now + after * 3) == []
    assert due_for_sending(now + after * 4.1) == [queued.pk]


def test_a_submission_never_sent_is_due_at_once(queued):
    Submission.objects.filter(pk=queued.pk).update(sent_at=None, sends=0)
    assert due_for_sending(timezone.now()) == [queued.pk]


def test_the_submission_is_pinned_to_the_version_the_learner_saw(queued, exercises):
    exercise = exercises["single-output"]
    assert queued.exercise_version is not None
    assert queued.exercise_version.number == exercise.version
