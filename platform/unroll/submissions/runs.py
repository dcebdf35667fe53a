"""The Run button's writes: a run committed as queued and sent to the graders behind every grading, claimed
under a lease, and its result stored. A run is never a submission: nothing here touches progress.
"""

import logging

from django.utils import timezone

from grader import RunResult
from grader.run_mode import MACHINE_FAILURE
from unroll.submissions import leases
from unroll.submissions.actions import RUNS_CAP, queue_learners_code
from unroll.submissions.models import Run

logger = logging.getLogger(__name__)

# Runs share the graders' queue, at the lowest priority: on Redis (the production and CI broker) a
# worker always takes a waiting grading before a waiting run (kombu keeps one list per priority step and
# pops them in order, 0 first; a grading is sent at the default 0). A separate queue would not promise
# that: a worker consuming two queues takes them in turn. So a class clicking Run never slows a verdict,
# and a run still goes at once when no grading waits. The quick start's filesystem broker promises no
# order between them (a single learner's quick start has no queue to speak of).
RUN_PRIORITY = 9


def request_run(learner, exercise, code: object) -> Run:
    """Commit a queued run of the code on the learner's variant of the exercise and, once committed, send it.

    Refused (SubmissionRefused) when the grader would refuse the code, or when the learner already has
    MAX_PENDING_PER_LEARNER runs waiting (submissions' cap, counted apart). If the broker cannot take
    it, the run stays queued (`sent` is False) and the sweeper sends it when the broker is back.
    """
    return queue_learners_code(learner, exercise, code, Run, RUNS_CAP, send_for_running)


def send_for_running(run_id: int) -> bool:
    """Send the run's id to the graders, behind every grading; False when the broker cannot take it."""
    from unroll.submissions.tasks import run_learner_code

    return leases.send(run_learner_code, Run, run_id, priority=RUN_PRIORITY)


def start_run(run_id: int, worker: str) -> Run | None:
    """Claim a run under a lease; None when it is done or another worker holds it (a duplicate message)."""
    if not leases.claim(Run, run_id, worker, started_at=timezone.now()):
        return None
    return Run.objects.select_related("exercise", "exercise_version").get(pk=run_id)


def renew_run_lease(run_id: int, worker: str) -> bool:
    return leases.renew(Run, run_id, worker)


def release_run(run_id: int, worker: str) -> None:
    leases.release(Run, run_id, worker)


def record_run(run_id: int, result: RunResult, worker: str | None = None) -> bool:
    """Store what the run showed, once; with `worker`, only while that worker still holds the lease."""
    rows = Run.objects.filter(pk=run_id).pending()
    if worker is not None:
        rows = rows.filter(status=Run.Status.RUNNING, claimed_by=worker)
    done = dict(status=Run.Status.DONE, finished_at=timezone.now(), claimed_by="", lease_expires_at=None)
    return bool(rows.update(result=result.as_dict(), **done))


# --- the sweeper's writes for runs (beside the submissions', in submissions/sweeper.py) -------------


def hand_on_lapsed_runs(now) -> list[int]:
    """Queue again the runs a worker stopped (it died); give up on a run that keeps killing workers."""
    return leases.hand_on_lapsed(Run, now, give_up_run)


def give_up_run(run_id: int, now) -> None:
    logger.error("run %s was claimed too many times without a result: given up", run_id)
    record_run(run_id, RunResult("internal_error", error=MACHINE_FAILURE))


def runs_due_for_sending(now) -> list[int]:
    return leases.due_for_sending(Run, now)
