"""Celery tasks: thin adapters that load a submission, call the grader, and save."""

import logging
import sys

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_init, worker_ready

from grader import EngineFailure, VariantError
from grader.engine import IsolationBroken
from grader.grading import internal_error
from unroll.submissions.actions import record_verdict, requeue_pending, start_grading
from unroll.submissions.grading import get_engine, grade_code, variant_for

logger = logging.getLogger(__name__)
ENGINE_RETRIES = 3


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=ENGINE_RETRIES)
def grade_submission(self, submission_id: int) -> None:
    submission = start_grading(submission_id)
    if submission is None:
        return
    try:
        spec = variant_for(submission.exercise, submission.variant_seed).spec
        result = grade_code(spec, submission.code)
    except VariantError:
        logger.exception("exercise %s cannot derive variant %s", submission.exercise.slug, submission.variant_seed)
        result = internal_error(submission.exercise.grader_spec())
    except EngineFailure as exc:
        # Our machinery failed, not the learner: grade again; only in the end say so.
        if self.request.retries < ENGINE_RETRIES:
            raise self.retry(exc=exc, countdown=2) from exc
        result = internal_error(submission.exercise.grader_spec())
    except SoftTimeLimitExceeded:
        logger.error("grading submission %s hit the soft time limit", submission_id)
        result = internal_error(submission.exercise.grader_spec())
    record_verdict(submission_id, result)


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
def requeue_on_start(**_kwargs) -> None:
    """A worker that starts picks up what was committed while no worker (or broker) was there."""
    requeue_pending(older_than_seconds=60)
