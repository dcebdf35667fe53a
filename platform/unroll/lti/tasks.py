"""Celery tasks of the LTI tool: thin adapters that send a score owed to an LMS (the rules are in grades.py).

An LMS that is down is not the task's failure: grades.py records the error and when to try again, and the
worker's sweeper sends the row again then. A database or broker that is away is retried with back-off,
as the grading tasks do.
"""

import logging

from celery import shared_task
from django.db import DatabaseError, close_old_connections

from unroll.lti import ags, grades
from unroll.submissions.leases import BROKER_ERRORS

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=None)
def send_score(self, score_id: int) -> None:
    """Send a ScoreToSend row's current score to its LMS line item, unless the LMS has it already."""
    try:
        grades.send_until_current(score_id)
    except DatabaseError as exc:
        logger.warning(
            "sending score %s waits for the database (%s); retry %d", score_id, exc, self.request.retries + 1
        )
        close_old_connections()
        raise self.retry(exc=exc, countdown=min(60, 2**self.request.retries)) from exc


def queue_each(task, ids: list[int], what: str) -> None:
    """Queue `task` for each id; a broker that is away is logged, never raised (the caller's work is committed)."""
    for pk in ids:
        try:
            task.apply_async((pk,), retry=False)
        except BROKER_ERRORS as exc:
            logger.warning("%s %s not queued: %s", what, pk, exc)


def send_soon(score_ids: list[int]) -> None:
    """Queue each row for sending (a row not queued is sent by the sweeper once QUEUED_GRACE has passed)."""
    queue_each(send_score, score_ids, "score to send")


# How long a line item lookup waits between tries while the LMS is away: 30 s, 1, 2, 4 … min, at most an hour.
FIND_BACKOFF_SECONDS, FIND_BACKOFF_CAP, FIND_TRIES = 30, 3600, 12


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=FIND_TRIES)
def find_line_item(self, course_item_id: int) -> None:
    """Find or create the LMS line item of a course item whose scores the LMS should take (grades.resolve_line_item)."""
    try:
        grades.resolve_line_item(course_item_id)
    except ags.LmsError as exc:
        countdown = min(FIND_BACKOFF_CAP, FIND_BACKOFF_SECONDS * 2**self.request.retries)
        logger.warning("line item of course item %s not found yet (%s); again in %d s", course_item_id, exc, countdown)
        raise self.retry(exc=exc, countdown=countdown) from exc
    except DatabaseError as exc:
        close_old_connections()
        raise self.retry(exc=exc, countdown=min(60, 2**self.request.retries)) from exc


def find_soon(course_item_ids: list[int]) -> None:
    """Queue each item's line item lookup (not queued: the next score change on the item asks again)."""
    queue_each(find_line_item, course_item_ids, "line item lookup of course item")
