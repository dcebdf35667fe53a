"""Scores owed to LMSes (AGS): the one home of "a learner's score on an LMS-linked item changed".

A change of what the gradebook shows for a learner on an item (a graded submission, a quiz attempt, an
instructor's override, a due date making work late or not) updates that learner's `ScoreToSend` row for
each LMS line item the item feeds, only when the score or the late flag really changed; after the commit
a task sends it (tasks.send_score). Lower apps know nothing of this: the signals are connected here,
from LtiConfig.ready.

Only learners the LMS knows get rows: those with an `LtiUser` of the course's LMS (they launched from it,
or came with its roster), enrolled in the course.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from lti_tool.models import LtiContext, LtiLineItem, LtiUser

from unroll.courses.models import CourseItem, ScoreOverride
from unroll.courses.standings import cells_for, untouched
from unroll.lti.models import LinkedCourse, LinkedItem, ScoreToSend
from unroll.progress.models import Progress
from unroll.quizzes.models import QuizProgress

log = logging.getLogger(__name__)
# Two changes in the same microsecond (or clocks of two hosts a little apart) still get increasing
# timestamps: the LMS keeps the newest, so a later change must never carry an older one.
TICK = timedelta(microseconds=1)


def next_timestamp(previous: datetime | None, now: datetime) -> datetime:
    return max(now, previous + TICK) if previous else now


def line_items_of(item: CourseItem) -> list[LinkedItem]:
    """The item's links that know their LMS line item (an item may sit in several LMS assignments)."""
    return list(
        LinkedItem.objects.filter(course_item=item, line_item__isnull=False).select_related(
            "line_item__context__deployment"
        )
    )


def lms_learners(item: CourseItem, registration_id: int, learner_ids=None) -> dict[int, LtiUser]:
    """{account id: LtiUser} of the item's course's enrolled learners whom this LMS knows."""
    lti_users = LtiUser.objects.filter(
        registration_id=registration_id,
        auth_user__enrollments__course_id=item.course_id,
    )
    if learner_ids is not None:
        lti_users = lti_users.filter(auth_user_id__in=learner_ids)
    return {lti_user.auth_user_id: lti_user for lti_user in lti_users}


def refresh_item(item: CourseItem, links: list[LinkedItem], learner_ids=None) -> list[int]:
    """Bring the rows of the item's line items up to date (for these learners, or all); the ids that changed.

    Call inside a transaction: the caller sends the changed rows after the commit.
    """
    changed = []
    for linked in links:
        line_item = linked.line_item
        known = lms_learners(item, line_item.context.deployment.registration_id, learner_ids)
        if not known:
            continue
        cells = cells_for([item], User.objects.filter(pk__in=known))
        rows = {
            row.learner_id: row
            for row in ScoreToSend.objects.select_for_update().filter(line_item=line_item, learner_id__in=known)
        }
        for learner_id, lti_user in known.items():
            cell = cells.get((learner_id, item.pk))
            row = record_score(line_item, learner_id, lti_user, cell or untouched(item), rows.get(learner_id))
            if row is not None:
                changed.append(row.pk)
    return changed


def lms_context_of(item: CourseItem) -> LtiContext | None:
    """The LMS course (LTI context) of the item's course, or None for a course without one."""
    try:
        return item.course.lms_link.context
    except LinkedCourse.DoesNotExist:
        return None


def wants_line_item(item: CourseItem, learner_ids) -> bool:
    """No line item is known for the item, yet an LMS learner has a score on it the LMS could take."""
    context = lms_context_of(item)
    return bool(
        context is not None
        and context.lineitems_url
        and lms_learners(item, context.deployment.registration_id, learner_ids)
    )


def record_score(line_item, learner_id: int, lti_user: LtiUser, cell, row: ScoreToSend | None) -> ScoreToSend | None:
    """Update (or start) the learner's row when the cell's score or late flag differs from it; None when not."""
    has_work = cell.state != Progress.State.NOT_STARTED or cell.overridden
    if row is None and not has_work:
        return None  # nothing to tell the LMS: the learner never worked on it
    if row is not None and (row.score, row.late, row.lti_user_id) == (cell.score, cell.late, lti_user.pk):
        return None
    if row is None:
        row = ScoreToSend(line_item=line_item, learner_id=learner_id)
    row.lti_user = lti_user
    row.score, row.late = cell.score, cell.late
    row.changed_at = next_timestamp(row.changed_at if row.pk else None, timezone.now())
    row.save()
    return row


def refresh_and_send(items, learner_ids=None) -> None:
    """Refresh the rows of `items` and send the changed ones once the surrounding transaction commits;
    an item whose LMS line item is not known yet is looked up (or made) in the LMS first (tasks.find_line_item).
    """
    from unroll.lti.tasks import find_soon, send_soon

    with transaction.atomic():
        changed, unknown = [], []
        for item in items:
            links = line_items_of(item)
            if links:
                changed += refresh_item(item, links, learner_ids)
            elif wants_line_item(item, learner_ids):
                unknown.append(item.pk)
        if changed or unknown:
            transaction.on_commit(lambda: (send_soon(changed), find_soon(unknown)))


def linked_items_with(**content) -> list[CourseItem]:
    """The course items of an exercise or a quiz (`exercise_id=` or `quiz_id=`) in courses linked to an LMS."""
    return list(
        CourseItem.objects.filter(**content, course__lms_link__isnull=False).select_related(
            "exercise", "quiz", "course__lms_link__context__deployment"
        )
    )


# --- the signals: what can change a learner's score or late flag ------------------------------------


def progress_saved(sender, instance: Progress, **_kwargs) -> None:
    refresh_and_send(linked_items_with(exercise_id=instance.exercise_id), [instance.learner_id])


def quiz_progress_saved(sender, instance: QuizProgress, **_kwargs) -> None:
    refresh_and_send(linked_items_with(quiz_id=instance.quiz_id), [instance.learner_id])


def override_changed(sender, instance: ScoreOverride, **_kwargs) -> None:
    items = linked_items_with(pk=instance.item_id)  # none when the item went with its override
    refresh_and_send(items, [instance.learner_id])


def item_saved(sender, instance: CourseItem, created: bool = False, **_kwargs) -> None:
    """A due date moved: work may have become late, or not late any more, for any learner of the item."""
    if not created and LinkedItem.objects.filter(course_item_id=instance.pk, line_item__isnull=False).exists():
        refresh_and_send(linked_items_with(pk=instance.pk))


def link_saved(sender, instance: LinkedItem, **_kwargs) -> None:
    """The item's line item became known: what its learners already did is owed to it."""
    if instance.line_item_id:
        refresh_and_send(linked_items_with(pk=instance.course_item_id))


def connect_signals() -> None:
    post_save.connect(progress_saved, sender=Progress, dispatch_uid="lti-grades-progress")
    post_save.connect(quiz_progress_saved, sender=QuizProgress, dispatch_uid="lti-grades-quiz-progress")
    post_save.connect(override_changed, sender=ScoreOverride, dispatch_uid="lti-grades-override-saved")
    post_delete.connect(override_changed, sender=ScoreOverride, dispatch_uid="lti-grades-override-deleted")
    post_save.connect(item_saved, sender=CourseItem, dispatch_uid="lti-grades-item")
    post_save.connect(link_saved, sender=LinkedItem, dispatch_uid="lti-grades-link")


# --- what is owed -------------------------------------------------------------------------------------


def not_yet_sent() -> Q:
    """Rows whose current score the LMS does not have (never sent, or changed since the last send)."""
    return Q(sent_changed_at__isnull=True) | Q(sent_changed_at__lt=F("changed_at"))


# --- sending (tasks.send_score runs it; the worker's sweeper sends again what is due) -----------------

# A sender holds a row by setting its next try past the time the calls may take, so that a second message
# for the same row finds it held and sends nothing: each value goes out once. A crashed sender's hold lapses.
CALLS_PER_SEND = 4  # an access token, the line item's maximum, the score, and a margin
# A row just queued is left to its message for this long before the sweeper sends it again.
QUEUED_GRACE = timedelta(seconds=60)


def hold_for() -> timedelta:
    return timedelta(seconds=settings.LTI_HTTP_TIMEOUT * CALLS_PER_SEND)


def back_off(tries: int) -> timedelta:
    """1, 2, 4 … × LTI_SCORE_RETRY_SECONDS after the 1st, 2nd, 3rd … failure, at most LTI_SCORE_RETRY_MAX_SECONDS."""
    seconds = settings.LTI_SCORE_RETRY_SECONDS * 2 ** min(max(tries - 1, 0), 20)
    return timedelta(seconds=min(seconds, settings.LTI_SCORE_RETRY_MAX_SECONDS))


def claim(score_id: int, now: datetime) -> ScoreToSend | None:
    """The row, held for sending, when the LMS lacks its current score and no back-off or other sender holds it."""
    with transaction.atomic():
        row = (
            ScoreToSend.objects.select_for_update()
            .filter(not_yet_sent(), Q(next_try_at__isnull=True) | Q(next_try_at__lte=now), pk=score_id)
            .select_related("line_item__context__deployment__registration", "lti_user")
            .first()
        )
        if row is not None:
            row.next_try_at = now + hold_for()
            row.save(update_fields=["next_try_at"])
        return row


def line_item_maximum(row: ScoreToSend) -> float:
    """The line item's scoreMaximum, read from the LMS before its first score (a launch only tells its URL)."""
    from unroll.lti import ags

    line_item, context = row.line_item, row.line_item.context
    never_sent = not ScoreToSend.objects.filter(line_item=line_item, sent_at__isnull=False).exists()
    if never_sent and (context.can_query_lineitems or context.can_manage_lineitems):
        data = ags.read_line_item(context, line_item.url)
        maximum = data.get("scoreMaximum")
        if isinstance(maximum, int | float) and maximum > 0 and maximum != line_item.maximum_score:
            line_item.maximum_score = maximum
            line_item.save(update_fields=["maximum_score"])
    return line_item.maximum_score


def send_once(score_id: int) -> bool:
    """Send the row's current score if it is owed and free; True when the LMS now has a value of it."""
    from unroll.lti import ags

    row = claim(score_id, timezone.now())
    if row is None:
        return False
    try:
        post = ags.ScorePost(row.lti_user.sub, row.score, row.late, row.changed_at, line_item_maximum(row))
        taken = ags.post_score(row.line_item.context, row.line_item.url, post)
    except ags.LmsError as error:
        record_failure(row, str(error))
        return False
    record_sent(row, "" if taken else "The LMS keeps a newer score, set there; it stands.")
    return True


def record_sent(row: ScoreToSend, note: str) -> None:
    """The LMS has exactly the values `row` was claimed with: recorded only if nothing newer was recorded
    meanwhile (compare-and-set), so a score changed while in flight stays owed."""
    now = timezone.now()
    with transaction.atomic():
        ScoreToSend.objects.filter(pk=row.pk).filter(
            Q(sent_changed_at__isnull=True) | Q(sent_changed_at__lt=row.changed_at)
        ).update(sent_score=row.score, sent_late=row.late, sent_changed_at=row.changed_at, sent_at=now, last_error=note)
        ScoreToSend.objects.filter(pk=row.pk).update(tries=0, next_try_at=None)


def record_failure(row: ScoreToSend, reason: str) -> None:
    tries = row.tries + 1
    next_try = timezone.now() + back_off(tries)
    log.warning(
        "LTI: score %s for %s not sent (try %d, next at %s): %s", row.pk, row.lti_user.sub, tries, next_try, reason
    )
    ScoreToSend.objects.filter(pk=row.pk).update(tries=tries, last_error=reason[:1000], next_try_at=next_try)


def send_until_current(score_id: int, rounds: int = 5) -> None:
    """Send, and again while the score changed during the send (each round sends a newer value)."""
    for _ in range(rounds):
        if not send_once(score_id):
            return


def resend_due() -> int:
    """The sweeper's part: queue again every row owed whose try is due (a back-off ended, a message lost)."""
    from unroll.lti.tasks import send_soon

    now = timezone.now()
    due = ScoreToSend.objects.filter(not_yet_sent()).filter(
        Q(next_try_at__lte=now) | Q(next_try_at__isnull=True, changed_at__lte=now - QUEUED_GRACE)
    )
    ids = list(due.order_by("changed_at").values_list("pk", flat=True)[:200])
    send_soon(ids)
    return len(ids)


# --- line items the LMS has not told of (tasks.find_line_item) -----------------------------------------


def resolve_line_item(course_item_id: int) -> LtiLineItem | None:
    """Find the item's line item in its LMS course (by its resource link, else by Unroll's resource id
    "exercise:<slug>" / "quiz:<slug>"), or create it where the LMS allows; remember it in a LinkedItem, whose
    saving then owes the item's scores to it. None when there is nothing to do or the LMS offers no way.

    The item's row stays locked meanwhile, so that two messages never make two grade columns.
    Raises ags.LmsError when the LMS could not be asked (the task tries again later).
    """
    from unroll.lti import ags
    from unroll.lti.deep_linking import MAXIMUM_SCORE

    with transaction.atomic():
        item = (
            CourseItem.objects.select_for_update(of=("self",))
            .select_related("exercise", "quiz", "course__lms_link__context__deployment__registration")
            .filter(pk=course_item_id)
            .first()
        )
        context = lms_context_of(item) if item else None
        if context is None or LinkedItem.objects.filter(course_item=item, line_item__isnull=False).exists():
            return None
        link = LinkedItem.objects.filter(course_item=item, resource_link__isnull=False).first()
        resource_link = link.resource_link if link else None
        resource_id = f"{item.kind}:{item.content.slug}"
        link_id = resource_link.id_on_platform if resource_link else ""
        data = ags.find_line_item(context, link_id, resource_id)
        if data is None and not context.can_manage_lineitems:
            log.warning("LTI: no line item for %s in %s, and the LMS does not let Unroll make one", item, context)
            return None
        data = data or ags.create_line_item(context, item.title, resource_id, link_id, MAXIMUM_SCORE)
        line_item = remember_line_item(context, data, resource_link)
        attach(item, link, line_item)
        return line_item


def remember_line_item(context: LtiContext, data: dict, resource_link) -> LtiLineItem:
    maximum = data.get("scoreMaximum")
    line_item, _ = LtiLineItem.objects.update_or_create(
        url=data["id"],
        defaults={
            "context": context,
            "maximum_score": maximum if isinstance(maximum, int | float) and maximum > 0 else 1.0,
            "label": str(data.get("label") or "")[:255],
            "tag": str(data.get("tag") or "")[:255],
            "resource_id": str(data.get("resourceId") or "")[:255],
            "resource_link": resource_link,
        },
    )
    return line_item


def attach(item: CourseItem, link: LinkedItem | None, line_item: LtiLineItem) -> None:
    """The item's link takes the line item (from any other link that had it: a line item feeds one item)."""
    LinkedItem.objects.filter(line_item=line_item).exclude(pk=link.pk if link else None).update(line_item=None)
    if link is None:
        link = LinkedItem(course_item=item)
    link.line_item = line_item
    link.save()  # post_save: link_saved owes the item's scores to the line item
