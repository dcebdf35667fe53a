"""The recovery loop: every worker sweeps, every GRADING_SWEEP_SECONDS, for submissions that would
otherwise wait for ever, so that nothing needs a person to restart anything.

- A submission whose grader stopped renewing its lease (killed, or cut off from the database)
  is queued again and sent: it comes back within GRADING_LEASE_SECONDS + GRADING_SWEEP_SECONDS.
- A queued submission whose message never reached the broker (it was down at submit) or was
  lost by it (restarted without persistence) is sent again, with a back-off.

Every worker runs the loop, in a thread beside its grading threads (no separate beat process,
so the quick start and each compose worker have it by themselves). Sweepers on several workers
never grade anything twice: claims are leases (`start_grading`), so a duplicate message finds
the submission taken or done, and is dropped.
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from unroll.submissions.actions import due_for_sending, hand_on_lapsed_leases, send_for_grading
from unroll.submissions.runs import hand_on_lapsed_runs, runs_due_for_sending, send_for_running

logger = logging.getLogger(__name__)

# Other apps' recovery work, run after each pass (LTI: scores owed to an LMS, roster syncs). They register
# here from their AppConfig.ready, so that this module never imports an app above it.
_extra_sweeps: list[Callable[[], object]] = []


def register_sweep(sweep_fn: Callable[[], object]) -> None:
    """Run `sweep_fn()` on every pass of every worker's sweeper, after the submissions' own work."""
    if sweep_fn not in _extra_sweeps:
        _extra_sweeps.append(sweep_fn)


def run_registered_sweeps() -> None:
    """Each registered sweep on its own: one that fails is logged, and the others still run."""
    for sweep_fn in list(_extra_sweeps):
        try:
            sweep_fn()
        except DatabaseError:
            raise  # the database is away: the loop waits for it as for its own work
        except Exception:  # noqa: BLE001 - another app's failure must not stop the recovery loop
            logger.exception(
                "sweeper: %s failed; trying again on the next pass", getattr(sweep_fn, "__name__", sweep_fn)
            )


@dataclass
class SweepReport:
    handed_on: list[int] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)
    unsent: list[int] = field(default_factory=list)
    runs_handed_on: list[int] = field(default_factory=list)
    runs_sent: list[int] = field(default_factory=list)


def sweep() -> SweepReport:
    """One pass: hand on lapsed leases, then send what is due."""
    now = timezone.now()
    report = SweepReport(handed_on=hand_on_lapsed_leases(now))
    for submission_id in due_for_sending(now):
        (report.sent if send_for_grading(submission_id) else report.unsent).append(submission_id)
    # The Run button's runs, the same way (their ids in runs_*: they are not submissions).
    report.runs_handed_on = hand_on_lapsed_runs(now)
    report.runs_sent = [run_id for run_id in runs_due_for_sending(now) if send_for_running(run_id)]
    if report.handed_on or report.sent or report.unsent:
        logger.info(
            "sweeper: %d lapsed lease(s) handed on, %d submission(s) sent, %d could not be sent (broker away)",
            len(report.handed_on),
            len(report.sent),
            len(report.unsent),
        )
    if report.runs_handed_on or report.runs_sent:
        logger.info(
            "sweeper: %d run(s) of a dead worker handed on, %d run(s) sent again",
            len(report.runs_handed_on),
            len(report.runs_sent),
        )
    run_registered_sweeps()
    return report


class Sweeper(threading.Thread):
    """The loop, as a daemon thread: it dies with its worker, and never stops it."""

    def __init__(self, interval: float):
        super().__init__(name="unroll-sweeper", daemon=True)
        self.interval = interval
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                close_old_connections()
                sweep()
            except DatabaseError as exc:  # the database is away: the next pass tries again
                logger.warning("sweeper: the database is not reachable (%s); trying again", exc)
                connection.close()
            except Exception:  # noqa: BLE001 - the loop must outlive any one bad pass
                logger.exception("sweeper: a pass failed; trying again")
            self.stopping.wait(self.interval)
        connection.close()

    def stop(self) -> None:
        self.stopping.set()


_sweeper: Sweeper | None = None


def start_sweeper() -> Sweeper:
    global _sweeper
    if _sweeper is None or not _sweeper.is_alive():
        _sweeper = Sweeper(settings.GRADING_SWEEP_SECONDS)
        _sweeper.start()
    return _sweeper


def stop_sweeper() -> None:
    if _sweeper is not None:
        _sweeper.stop()
