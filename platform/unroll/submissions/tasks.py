"""Celery tasks: thin adapters that load a submission, call the grader, and save."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_ready

from grader.grading import internal_error
from unroll.submissions.actions import record_verdict, requeue_pending, start_grading
from unroll.submissions.grading import grade_code

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)
def grade_submission(submission_id: int) -> None:
    submission = start_grading(submission_id)
    if submission is None:
        return
    spec = submission.exercise.grader_spec()
    try:
        result = grade_code(spec, submission.code)
    except SoftTimeLimitExceeded:
        logger.error("grading submission %s hit the soft time limit", submission_id)
        result = internal_error(spec)
    record_verdict(submission_id, result)


@worker_ready.connect
def requeue_on_start(**_kwargs) -> None:
    """A worker that starts picks up what was committed while no worker (or broker) was there."""
    requeue_pending(older_than_seconds=60)
