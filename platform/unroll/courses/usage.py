"""THE rule for changing an item that other instructors teach with.

An item (an exercise or a quiz) may be unpublished, or replaced by a new version, by its authors or
a superuser, unless another instructor's course SCHEDULES it. A course schedules an item when:
  - the item is one of the course's items, and
  - the person changing it is not one of that course's instructors, and
  - the item's due date there is still to come, or it has none.
While any course schedules it, the change waits: the author is told which courses, and each such
course's instructors are told by e-mail, once per item and kind of change, that its author wants to
change it. The change may go ahead once no course schedules it: its instructors removed it from the
course, or its due date passed. (Learners' work always points at the version it answered, so a
change after the due date rewrites no grade.)
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from unroll.content.models import PublishedContent
from unroll.courses.models import CourseItem, UsageNotice

CHANGES = {"unpublish": "unpublish", "replace": "publish a new version of"}


def courses_blocking_a_change(content: PublishedContent, actor, change: str) -> list[str]:
    """Why `change` of `content` by `actor` must wait ([] when it may go ahead); tells whoever must be told."""
    blocking = scheduling_items(content, actor)
    for item in blocking:
        tell_once(item, content, actor, change)
    return [why_waiting(item) for item in blocking]


def scheduling_items(content: PublishedContent, actor) -> list[CourseItem]:
    """The course items through which another instructor's course schedules `content` now."""
    field = "exercise" if content._meta.app_label == "catalog" else "quiz"
    items = (
        CourseItem.objects.filter(**{field: content}).select_related("course").prefetch_related("course__instructors")
    )
    now = timezone.now()
    return [
        item
        for item in items
        if (item.due_at is None or item.due_at > now) and actor not in item.course.instructors.all()
    ]


def why_waiting(item: CourseItem) -> str:
    due = f"due {item.due_at:%Y-%m-%d %H:%M}" if item.due_at else "with no due date"
    teachers = ", ".join(sorted(user.username for user in item.course.instructors.all())) or "no one"
    return (
        f"“{item.course.title}” schedules it ({due}; taught by {teachers}, who have been told): it can change "
        "once they remove it from their course or its due date has passed."
    )


def tell_once(item: CourseItem, content: PublishedContent, actor, change: str) -> None:
    """E-mail the course's instructors, the first time this change of this item waits on their course."""
    try:
        with transaction.atomic():
            UsageNotice.objects.create(
                course=item.course, content_kind=content._meta.app_label, content_uuid=content.uuid, change=change
            )
    except IntegrityError:
        return  # told already
    recipients = [user.email for user in item.course.instructors.all() if user.email]
    if not recipients:
        return
    send_mail(
        f"[Unroll] {actor.username} wants to {CHANGES.get(change, change)} “{content.title}”",
        (
            f"{actor.username}, an author of “{content.title}”, wants to {CHANGES.get(change, change)} it. "
            f"Your course “{item.course.title}” schedules it, so the change waits until you remove it from the "
            f"course or its due date has passed.\n\n{settings.SITE_URL}{item.course.get_absolute_url()}"
        ),
        None,
        recipients,
        fail_silently=True,
    )
