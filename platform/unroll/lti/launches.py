"""What a validated LTI launch does in Unroll: the account, the course, the roles, the item it opens.

The launch's JWT has already been verified (signature, issuer, audience, expiry, nonce, deployment) by
PyLTI1p3 through django-lti, which also kept its LMS objects (`LtiUser`, `LtiContext`, `LtiMembership`,
`LtiResourceLink`). Here those become Unroll's: an account found by the LMS's user id (issuer and
`sub`, never by e-mail), a course for the LMS course, the LMS role as Unroll's, and a course item.
"""

import logging
from dataclasses import dataclass
from datetime import UTC

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from lti_tool.models import LtiContext, LtiLaunch, LtiLineItem, LtiMembership, LtiResourceLink, LtiUser

from unroll.accounts.usernames import free_username
from unroll.catalog.models import Exercise
from unroll.courses.models import Course, CourseItem, Enrollment
from unroll.lti.models import LinkedCourse, LinkedItem
from unroll.quizzes.models import Quiz

log = logging.getLogger(__name__)

# The custom parameter (claim https://purl.imsglobal.org/spec/lti/claim/custom) naming what a link opens:
# "exercise:<slug>", "quiz:<slug>", "course" (the course page) or "gradebook" (instructors only).
TARGET_PARAMETER = "unroll"
# An optional custom parameter with the assignment's due date as the LMS knows it (ISO 8601), e.g. Canvas's
# substitution `due_at=$Canvas.assignment.dueAt.iso8601`: the course item takes it, for the late flag.
DUE_PARAMETER = "due_at"
INSTRUCTOR_ONLY_TARGETS = {"gradebook"}


class LaunchRefused(Exception):
    """The launch is valid LTI but Unroll will not do what it asks; the message says why, to the person."""

    def __init__(self, message: str, status: int = 403):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Target:
    kind: str  # exercise, quiz, course or gradebook
    slug: str = ""

    @classmethod
    def parse(cls, raw: str | None) -> "Target":
        """The custom parameter's value; none means the course page (a link the LMS made without Unroll's help)."""
        text = (raw or "course").strip()
        kind, _, slug = text.partition(":")
        if kind in ("exercise", "quiz") and slug:
            return cls(kind, slug.strip())
        if kind in ("course", "gradebook") and not slug:
            return cls(kind)
        raise LaunchRefused(
            f"This link asks Unroll for “{text}”, which it does not know. The link's custom parameter "
            f"{TARGET_PARAMETER} should be exercise:<slug>, quiz:<slug>, course or gradebook.",
            status=400,
        )

    def __str__(self) -> str:
        return f"{self.kind}:{self.slug}" if self.slug else self.kind


def is_teaching(membership: LtiMembership) -> bool:
    """The LMS roles that teach a course in Unroll: instructor, administrator, content developer."""
    return membership.is_instructor or membership.is_administrator or membership.is_content_developer


def account_for(lti_user: LtiUser) -> User:
    """The Unroll account of an LMS user, created on their first launch.

    Found by the LMS's own id for them (`LtiUser`: registration and `sub`), never by e-mail: an e-mail the
    LMS sends is not proof that the person owns the Unroll account with that address. The account has
    no usable password: it is reached through the LMS (or single sign-on).
    """
    with transaction.atomic():
        locked = LtiUser.objects.select_for_update().get(pk=lti_user.pk)  # two first launches at once: one account
        if locked.auth_user_id:
            return locked.auth_user
        email_name = (locked.email or "").partition("@")[0]
        user = User(
            username=free_username(email_name, locked.name, f"{locked.given_name}.{locked.family_name}"),
            email=locked.email or "",
            first_name=(locked.given_name or "")[:150],
            last_name=(locked.family_name or "")[:150],
        )
        user.set_unusable_password()
        user.save()
        locked.auth_user = user
        locked.save(update_fields=["auth_user", "datetime_modified"])
        log.info("LTI: created account %s for %s at %s", user.username, locked.sub, locked.registration.issuer)
        return user


def course_for(context: LtiContext, creator: User | None) -> Course:
    """The Unroll course of an LMS course, created on the first launch from it, titled as the LMS titles it."""
    with transaction.atomic():
        LtiContext.objects.select_for_update().filter(pk=context.pk).first()
        linked = LinkedCourse.objects.filter(context=context).select_related("course").first()
        if linked:
            return linked.course
        title = context.title or context.label or f"LMS course {context.id_on_platform}"
        course = Course.objects.create(
            title=title[:200],
            description=f"Linked to {context.deployment.registration.name}.",
            created_by=creator,
        )
        LinkedCourse.objects.create(context=context, course=course)
        log.info("LTI: created course %r for context %s", course.title, context.id_on_platform)
        return course


def apply_role(course: Course, user: User, membership: LtiMembership) -> None:
    """Instructor (or administrator, content developer) → an instructor of the course; learner → enrolled."""
    if is_teaching(membership):
        if not user.is_staff:
            user.is_staff = True  # Unroll's instructor role (unroll.accounts.roles)
            user.save(update_fields=["is_staff"])
        course.instructors.add(user)
    else:
        Enrollment.objects.get_or_create(course=course, learner=user)


def content_of(target: Target):
    """The published exercise or quiz a target names."""
    model = Exercise if target.kind == "exercise" else Quiz
    content = model.objects.published().filter(slug=target.slug).first()
    if content is None:
        raise LaunchRefused(f"Unroll has no published {target.kind} “{target.slug}”.", status=404)
    return content


def course_item_for(course: Course, content) -> CourseItem:
    """The course's item for this exercise or quiz, appended to the course the first time a link opens it."""
    from unroll.courses.actions import add_item

    field = "exercise" if isinstance(content, Exercise) else "quiz"
    with transaction.atomic():
        Course.objects.select_for_update().filter(pk=course.pk).first()
        item = course.items.filter(**{field: content}).first()
        return item or add_item(course, **{field: content})


def link_item(item: CourseItem, resource_link: LtiResourceLink | None, line_item_url: str, label: str) -> None:
    """Remember which resource link opens the item and which LMS line item takes its scores."""
    line_item = None
    if line_item_url:
        line_item, _ = LtiLineItem.objects.get_or_create(
            url=line_item_url,
            defaults={
                "context": item.course.lms_link.context,
                "maximum_score": 1.0,
                "label": label[:255],
                "resource_link": resource_link,
            },
        )
    if resource_link is not None:
        linked, _ = LinkedItem.objects.update_or_create(resource_link=resource_link, defaults={"course_item": item})
        if line_item is not None and linked.line_item_id != line_item.pk:
            LinkedItem.objects.filter(line_item=line_item).exclude(pk=linked.pk).update(line_item=None)
            linked.line_item = line_item
            linked.save(update_fields=["line_item"])
    elif line_item is not None:
        LinkedItem.objects.update_or_create(line_item=line_item, defaults={"course_item": item})


def line_item_url_of(lti_launch: LtiLaunch) -> str:
    """The line item the LMS made for this link (the AGS claim's `lineitem`), if it made one."""
    return (lti_launch.ags_claim or {}).get("lineitem", "") or ""


def where_to(course: Course, target: Target, item: CourseItem | None) -> str:
    if target.kind == "gradebook":
        return reverse("courses:gradebook", args=[course.pk])
    if item is not None:
        return item.content.get_absolute_url()
    return course.get_absolute_url()


def resource_launch(lti_launch: LtiLaunch) -> tuple[User, str]:
    """Carry out a resource link launch: (the account to sign in, the page to open)."""
    target = Target.parse(lti_launch.get_custom_claim(TARGET_PARAMETER))
    membership = lti_launch.membership
    if target.kind in INSTRUCTOR_ONLY_TARGETS and not is_teaching(membership):
        raise LaunchRefused(f"The {target.kind} is for the course's instructors; the LMS launched you as a learner.")
    user = account_for(lti_launch.user)
    course = course_for(lti_launch.context, creator=user if is_teaching(membership) else None)
    apply_role(course, user, membership)
    item = None
    if target.kind in ("exercise", "quiz"):
        item = course_item_for(course, content_of(target))
        link_item(item, lti_launch.resource_link, line_item_url_of(lti_launch), lti_launch.resource_link.title)
        take_due_date(item, lti_launch.get_custom_claim(DUE_PARAMETER))
    return user, where_to(course, target, item)


def take_due_date(item: CourseItem, raw: str | None) -> None:
    """The due date the LMS sent, when it sent one Unroll can read (an unexpanded `$Canvas...` is ignored)."""
    from django.utils.dateparse import parse_datetime

    from unroll.courses.actions import CourseError, set_item_dates

    try:
        due_at = parse_datetime(raw or "")
    except ValueError:
        due_at = None
    if due_at is None or due_at == item.due_at:
        return
    if timezone.is_naive(due_at):
        due_at = timezone.make_aware(due_at, UTC)
    try:
        set_item_dates(item, item.opens_at, due_at)
    except CourseError as exc:
        log.warning("LTI: due date %s from the LMS not taken for %s: %s", raw, item, exc)
