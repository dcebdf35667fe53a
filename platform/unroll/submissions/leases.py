"""The lease writes shared by the work a worker claims: submissions to grade and runs of the Run button.

A model passed here has the statuses queued, running and done, the fields `claimed_by`,
`lease_expires_at`, `claims`, `sent_at` and `sends`, and a LeasedQuerySet manager (models.py).
Each write is one conditional UPDATE, so two workers can never both hold the same row.
"""

import logging
from datetime import timedelta

import kombu.exceptions
import redis.exceptions
from django.conf import settings
from django.db import DatabaseError
from django.db.models import Case, F, Model, When
from django.utils import timezone

logger = logging.getLogger(__name__)
# What a broker that is down or restarting raises when a message is published.
BROKER_ERRORS = (kombu.exceptions.KombuError, redis.exceptions.RedisError, OSError)


def claim(model: type[Model], pk: int, worker: str, **fields) -> bool:
    """Claim a row under a lease (and set `fields`); False when it is done or another worker's lease holds.

    A worker may claim again what it already holds (a retry): that does not count as another claim.
    """
    now = timezone.now()
    return bool(
        model.objects.claimable(worker, now)
        .filter(pk=pk)
        .update(
            status="running",
            claimed_by=worker,
            lease_expires_at=now + timedelta(seconds=settings.GRADING_LEASE_SECONDS),
            claims=Case(When(claimed_by=worker, then=F("claims")), default=F("claims") + 1),
            **fields,
        )
    )


def renew(model: type[Model], pk: int, worker: str) -> bool:
    """Extend the worker's lease; False when the lease is no longer its own."""
    lease = timezone.now() + timedelta(seconds=settings.GRADING_LEASE_SECONDS)
    return bool(model.objects.filter(pk=pk, status="running", claimed_by=worker).update(lease_expires_at=lease))


def release(model: type[Model], pk: int, worker: str) -> None:
    """Give a claimed row back to the queue (the worker will not work on it now)."""
    mine = model.objects.filter(pk=pk, status="running", claimed_by=worker)
    mine.update(status="queued", claimed_by="", lease_expires_at=None)


def hand_on_lapsed(model: type[Model], now, give_up) -> list[int]:
    """Queue again what a worker stopped working on (it died); `give_up(pk, now)` what keeps killing workers."""
    handed_on = []
    for pk, claims in model.objects.with_lapsed_lease(now).values_list("pk", "claims"):
        if claims >= settings.GRADING_MAX_CLAIMS:
            give_up(pk, now)
            continue
        lapsed = model.objects.with_lapsed_lease(now).filter(pk=pk)
        if lapsed.update(status="queued", claimed_by="", lease_expires_at=None, sent_at=None):
            handed_on.append(pk)
    return handed_on


def due_for_sending(model: type[Model], now) -> list[int]:
    """Queued rows whose last message may be lost: never sent, or sent long enough ago.

    Each is sent again GRADING_RESEND_AFTER seconds after its last send, then after twice that,
    and so on (at most 16 times that): a backlog the workers are still working through is not
    flooded with duplicates, and a message the broker lost is replaced.
    """
    due = []
    first_cutoff = now - timedelta(seconds=settings.GRADING_RESEND_AFTER)
    for pk, sent_at, sends in model.objects.queued_unsent_since(first_cutoff).values_list("pk", "sent_at", "sends"):
        wait = settings.GRADING_RESEND_AFTER * 2 ** min(max(sends - 1, 0), 4)
        if sent_at is None or sent_at < now - timedelta(seconds=wait):
            due.append(pk)
    return due


def send(task, model: type[Model], pk: int, **options) -> bool:
    """Send the row's id to `task` (a Celery task; `options` for apply_async) and note when it was sent.

    False (logged, never raised) when the broker cannot take it: the row stays queued and the sweeper
    sends it when the broker is back.
    """
    what = f"{model._meta.verbose_name} {pk}"
    try:
        task.apply_async((pk,), retry=False, **options)
    except BROKER_ERRORS as exc:
        logger.warning("%s saved but not sent (the sweeper will send it): %s", what, exc)
        return False
    try:
        model.objects.filter(pk=pk).update(sent_at=timezone.now(), sends=F("sends") + 1)
    except DatabaseError as exc:  # sent all the same: at worst the sweeper sends it once more
        logger.warning("%s sent, but its sending not recorded: %s", what, exc)
    return True
