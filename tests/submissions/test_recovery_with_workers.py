"""Recovery without a restart, with real workers killed for real: what a dead worker held is graded again
by another one within the documented bound (GRADING_LEASE_SECONDS + GRADING_SWEEP_SECONDS), once."""

import os
import signal
import time

import pytest
from django.conf import settings

from support import THROUGH_A_WORKER, WorkerProcess, wait_for_verdict, wait_until, worker_database_url
from unroll.progress.models import Progress
from unroll.submissions.actions import submit_attempt
from unroll.submissions.models import Submission

pytestmark = THROUGH_A_WORKER

# A correct answer that takes a while: long enough to be killed mid-grading (the kill comes a fraction of a
# second after the claim), short enough to finish well inside the default wall limit (10 s) once taken over.
SLOW = "import time\ntime.sleep(5)\n"


@pytest.fixture
def two_workers(grading_worker, redis_url):
    """The session's worker and a second one, on the same database and broker, as two hosts would be."""
    second = WorkerProcess(worker_database_url(), redis_url, name="second")
    second.wait_ready()
    yield [grading_worker, second]
    second.stop()
    if grading_worker.proc.poll() is not None:  # the test killed it: bring it back for the tests after
        grading_worker.start()
        grading_worker.wait_ready()


def test_a_submission_held_by_a_killed_worker_is_graded_by_another_within_the_bound(two_workers, exercises, alice):
    bound = settings.GRADING_LEASE_SECONDS + settings.GRADING_SWEEP_SECONDS
    exercise = exercises["single-output"]
    submission = submit_attempt(alice, exercise, SLOW + exercise.solution_code)
    running = wait_until(
        lambda: Submission.objects.filter(pk=submission.pk, status="running").first(), 60, "the first claim"
    )
    holder_pid = int(running.claimed_by.split(":")[1])
    holder = next(w for w in two_workers if w.proc.pid == holder_pid)
    os.kill(holder.proc.pid, signal.SIGKILL)  # mid-grading: no verdict, no release, the lease just stops
    killed_at = time.monotonic()

    taken_over = wait_until(
        lambda: Submission.objects.filter(pk=submission.pk, status="running", claims=2).first(),
        bound + 30,
        "the claim by the other worker",
    )
    recovered_after = time.monotonic() - killed_at
    graded = wait_for_verdict(submission)  # within 90 s

    assert taken_over.claimed_by != running.claimed_by
    assert recovered_after <= bound + 20  # the documented bound, with room for a busy host
    assert graded.verdict == "accepted"
    assert Progress.objects.get(learner=alice, exercise=exercise).attempts == 1
