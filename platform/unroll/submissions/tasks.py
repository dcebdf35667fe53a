"""Celery tasks: thin adapters that claim a submission, call the grader, and save.

Every claimed submission ends with a verdict, `internal_error` at worst. A database or broker
that is away is retried with back-off, never acknowledged as done: until then the submission
stays queued, or its lease lapses, and the sweeper (submissions/sweeper.py) hands it on.
"""

import logging
import os
import socket
import sys
import threading
import time
import uuid

import kombu.exceptions
import redis.exceptions
from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_init, worker_ready, worker_shutdown
from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection

from grader import EngineFailure, RunResult, VariantError
from grader.engine import IsolationBroken
from grader.grading import internal_error
from grader.run_mode import MACHINE_FAILURE
from unroll.content.grading import get_engine, grade_on_variant, run_on_variant
from unroll.content.tasks import EngineTask
from unroll.submissions.actions import record_verdict, release_claim, renew_lease, start_grading
from unroll.submissions.broker import persistence_warning
from unroll.submissions.runs import record_run, release_run, renew_run_lease, start_run
from unroll.submissions.sweeper import start_sweeper, stop_sweeper

logger = logging.getLogger(__name__)
# Errors of the infrastructure, not of the submission: the database or the broker is away.
INFRASTRUCTURE_ERRORS = (DatabaseError, kombu.exceptions.KombuError, redis.exceptions.RedisError, OSError)
RECORD_BACKOFF = (0.5, 1, 2, 4, 8, 16)  # seconds between tries to store a computed verdict
# This process, as the holder of grading leases (a host may run several workers; pids repeat).
WORKER_NAME = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@shared_task(base=EngineTask, bind=True, max_retries=None)
def grade_submission(self, submission_id: int) -> None:
    try:
        submission = start_grading(submission_id, WORKER_NAME)
    except INFRASTRUCTURE_ERRORS as exc:
        raise retry_later(self, exc) from exc
    if submission is None:
        return  # graded already, or another worker holds it: a duplicate message
    with LeaseKeeper(submission_id, WORKER_NAME):
        result = grade_claimed(self, submission)
    record_with_retries(submission_id, result)


def grade_claimed(task, submission):
    """The verdict of a claimed submission, on the exercise version and variant it was submitted to."""
    try:
        return grade_on_variant(
            submission.exercise, submission.variant_seed, submission.code, submission.exercise_version
        )
    except VariantError:
        logger.exception("exercise %s cannot derive variant %s", submission.exercise.slug, submission.variant_seed)
    except EngineFailure as exc:
        # Our machinery failed, not the learner: grade again later; only in the end say so.
        if task.engine_retries_left:
            give_back(submission.pk)
        task.retry_engine_failure(exc)
    except SoftTimeLimitExceeded:
        logger.error("grading submission %s hit the soft time limit", submission.pk)
    except INFRASTRUCTURE_ERRORS as exc:
        give_back(submission.pk)
        raise retry_later(task, exc) from exc
    except Exception:  # noqa: BLE001 - whatever else broke, the submission still gets its verdict
        logger.exception("grading submission %s failed", submission.pk)
    return internal_error(submission.exercise.grader_spec())


def retry_later(task, exc: Exception):
    """A retry with back-off (1, 2, 4 … 60 s): the database or the broker is coming back."""
    logger.warning("grading waits for the infrastructure (%s); retry %d", exc, task.request.retries + 1)
    close_old_connections()
    return task.retry(exc=exc, countdown=min(60, 2**task.request.retries))


def give_back(submission_id: int) -> None:
    """Release the claim so any worker may take the retry; if the database is away, the lease lapses."""
    try:
        release_claim(submission_id, WORKER_NAME)
    except DatabaseError:
        connection.close()


def record_with_retries(submission_id: int, result, record=record_verdict) -> None:
    """Store the verdict (or with `record`, a run's result), waiting out a database restart; past that the
    lease lapses and it is graded again."""
    for pause in (*RECORD_BACKOFF, None):
        try:
            record(submission_id, result, worker=WORKER_NAME)
            return
        except DatabaseError as exc:
            if pause is None:
                raise
            logger.warning("storing the verdict of submission %s failed (%s); trying again", submission_id, exc)
            connection.close()
            time.sleep(pause)


@shared_task(base=EngineTask, bind=True, max_retries=None)
def run_learner_code(self, run_id: int) -> None:
    """The Run button's task: as grade_submission, for a run (sent at runs.RUN_PRIORITY, behind gradings)."""
    try:
        run = start_run(run_id, WORKER_NAME)
    except INFRASTRUCTURE_ERRORS as exc:
        raise retry_later(self, exc) from exc
    if run is None:
        return  # done already, or another worker holds it: a duplicate message
    with LeaseKeeper(run_id, WORKER_NAME, renew=renew_run_lease):
        result = run_claimed(self, run)
    record_with_retries(run_id, result, record=record_run)


def run_claimed(task, run) -> RunResult:
    """What a claimed run showed; our failures end as internal_error, as a grading's do."""
    try:
        return run_on_variant(run.exercise, run.variant_seed, run.code, run.exercise_version)
    except EngineFailure as exc:
        if task.engine_retries_left:
            release_run(run.pk, WORKER_NAME)
        task.retry_engine_failure(exc)
    except INFRASTRUCTURE_ERRORS as exc:
        release_run(run.pk, WORKER_NAME)
        raise retry_later(task, exc) from exc
    except Exception:  # noqa: BLE001 - VariantError, the soft time limit, anything: the run still ends
        logger.exception("run %s failed", run.pk)
    return RunResult("internal_error", error=MACHINE_FAILURE)


class LeaseKeeper:
    """Renews a lease (a grading's, or with `renew` a run's) every third of its length while the block runs,
    from its own thread."""

    def __init__(self, submission_id: int, worker: str, renew=None):
        self.submission_id, self.worker = submission_id, worker
        self.renew = renew or renew_lease
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.renew_until_done, name=f"lease-{submission_id}", daemon=True)

    def __enter__(self) -> "LeaseKeeper":
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.done.set()
        self.thread.join()

    def renew_until_done(self) -> None:
        try:
            while not self.done.wait(settings.GRADING_LEASE_SECONDS / 3):
                try:
                    self.renew(self.submission_id, self.worker)
                except DatabaseError as exc:
                    logger.warning("could not renew the lease of submission %s: %s", self.submission_id, exc)
                    connection.close()
        finally:
            connection.close()  # this thread's own connection


@worker_init.connect
def start_sandbox_or_refuse(**_kwargs) -> None:
    """Fail closed: a worker whose sandbox does not hold never takes a submission."""
    try:
        get_engine()
    except (IsolationBroken, EngineFailure) as exc:
        logger.critical("refusing to start: %s", exc)
        sys.stderr.write(f"Unroll worker refusing to start: {exc}\n")
        sys.stderr.flush()
        raise SystemExit(1) from exc


@worker_ready.connect
def sweep_while_running(**_kwargs) -> None:
    """The recovery loop starts with the worker: its first pass picks up what waited while none ran."""
    warning = persistence_warning(settings.CELERY_BROKER_URL)
    if warning:
        logger.warning("broker: %s", warning)
    start_sweeper()


@worker_shutdown.connect
def stop_sweeping(**_kwargs) -> None:
    stop_sweeper()
