"""Names and Roles (NRPS): an LMS course's members become the linked Unroll course's learners and instructors.

A sync reads the whole roster (every page) through PyLTI1p3, keeps django-lti's LtiUser and LtiMembership
rows (`LtiContext.update_memberships`), gives each active member an Unroll account as a launch would
(`launches.account_for`, `launches.apply_role`), and marks who left: absent from the roster, or there with
status Inactive or Deleted. Nobody's enrollment or work is ever deleted: a member who left stays in the
course's gradebook, marked. The LMS being away changes nothing: the sync fails whole, saying why.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

import requests
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from lti_tool.models import LtiMembership
from pylti1p3.exception import LtiException
from pylti1p3.names_roles import NamesRolesProvisioningService

from unroll.lti import ags
from unroll.lti.launches import account_for, apply_role
from unroll.lti.models import LinkedCourse

log = logging.getLogger(__name__)
ACTIVE = "Active"  # NRPS: a member without a status is active
# After a scheduled sync failed (the LMS away), the sweeper leaves that course alone this long.
FAILED_SYNC_PAUSE = timedelta(minutes=5)


class RosterError(Exception):
    """The roster could not be read; nothing was changed. The message says why, to the instructor."""


@dataclass(frozen=True)
class RosterSync:
    members: int  # on the LMS's roster, active
    added: int  # newly in the Unroll course (as learner or instructor)
    left: int  # marked as having left the LMS course by this sync


def fetch_members(linked: LinkedCourse) -> list[dict]:
    """Every member of the LMS course, all pages, or RosterError."""
    context = linked.context
    if not context.memberships_url:
        raise RosterError(
            "The LMS has not offered its roster (Names and Role Provisioning) for this course: "
            "enable it for Unroll in the LMS, then launch Unroll from the course once."
        )
    service = NamesRolesProvisioningService(
        ags.connector_for(context), {"context_memberships_url": context.memberships_url}
    )
    try:
        members = service.get_members()
    except (LtiException, requests.RequestException, ValueError, KeyError, TypeError) as error:
        raise RosterError(f"The roster could not be read: {ags.reason_of(error)}. Nothing was changed.") from error
    members = [normalized(member) for member in members if isinstance(member, dict) and member.get("user_id")]
    if not members:
        # A course has at least the instructor who linked it: an empty roster is the LMS's glitch, and
        # applying it would mark everyone as gone.
        raise RosterError("The LMS sent an empty roster for this course; nothing was changed.")
    return members


def normalized(member: dict) -> dict:
    """A member as django-lti's update_memberships reads it (status and roles are optional in NRPS)."""
    return {**member, "status": member.get("status") or ACTIVE, "roles": member.get("roles") or []}


def sync_roster(linked: LinkedCourse) -> RosterSync:
    """Read the LMS course's roster and apply it to the Unroll course (see the module's docstring)."""
    members = fetch_members(linked)
    with transaction.atomic():
        LinkedCourse.objects.select_for_update().filter(pk=linked.pk).first()  # one sync of a course at a time
        return apply_roster(linked, members)


def apply_roster(linked: LinkedCourse, members: list[dict]) -> RosterSync:
    context, course = linked.context, linked.course
    memberships = LtiMembership.objects.filter(context=context)
    was_active = set(memberships.filter(is_active=True).values_list("user_id", flat=True))
    context.update_memberships(members)
    present = {member["user_id"] for member in members}
    memberships.filter(is_active=True).exclude(user__sub__in=present).update(is_active=False)
    in_course = set(course.enrollments.values_list("learner_id", flat=True)) | set(
        course.instructors.values_list("pk", flat=True)
    )
    added = 0
    active = memberships.filter(is_active=True).select_related("user")
    for membership in active:
        user = account_for(membership.user)
        apply_role(course, user, membership)
        added += user.pk not in in_course
    left = len(was_active - set(active.values_list("user_id", flat=True)))
    linked.roster_synced_at = timezone.now()
    linked.save(update_fields=["roster_synced_at"])
    log.info("LTI: roster of %s synced: %d members, %d added, %d left", course, len(present), added, left)
    return RosterSync(members=active.count(), added=added, left=left)


def due_for_sync(now):
    cutoff = now - timedelta(minutes=settings.LTI_ROSTER_SYNC_MINUTES)
    return (
        LinkedCourse.objects.filter(Q(roster_synced_at__isnull=True) | Q(roster_synced_at__lt=cutoff))
        .exclude(context__memberships_url="")
        .filter(context__deployment__registration__is_active=True)
        .select_related("context__deployment__registration", "course")
        .order_by("roster_synced_at", "pk")
    )


def paused_key(linked: LinkedCourse) -> str:
    return f"lti-roster-sync-failed:{linked.pk}"


def sync_due_rosters() -> int:
    """The sweeper's part: sync the rosters not synced for LTI_ROSTER_SYNC_MINUTES, one course after another.

    An LMS that is away is logged and that course left alone for FAILED_SYNC_PAUSE; it never fails the sweep.
    """
    synced = 0
    for linked in due_for_sync(timezone.now())[:20]:
        if cache.get(paused_key(linked)):
            continue
        try:
            sync_roster(linked)
            synced += 1
        except RosterError as error:
            log.warning("LTI: scheduled roster sync of %s failed: %s", linked.course, error)
            cache.set(paused_key(linked), True, FAILED_SYNC_PAUSE.total_seconds())
    return synced
