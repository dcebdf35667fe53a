"""The LMS's side of a linked course's gradebook: whether the LMS has each score, and who left the LMS course.

Registered with courses.extensions from LtiConfig.ready. One query for a course without an LMS, three
for a linked one, whatever the class size.
"""

from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from lti_tool.models import LtiMembership

from unroll.courses.extensions import GradebookMarks, Mark
from unroll.lti.models import LinkedCourse, ScoreToSend

IN_LMS = "✓ in LMS"
WAITING = "waiting to send"
LEFT = "left the LMS course"


def when(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else ""


def score_mark(rows: list[ScoreToSend]) -> Mark:
    """The cell's mark from its rows (one per line item it feeds): in the LMS only when every one is."""
    waiting = [row for row in rows if not row.is_current]
    if not waiting:
        notes = " ".join(row.last_error for row in rows if row.last_error)
        sent = max(row.sent_at for row in rows if row.sent_at)
        return Mark(IN_LMS, f"The LMS has this score (sent {when(sent)}). {notes}".strip(), "lms-sent")
    failed = [row for row in waiting if row.last_error]
    if failed:
        row = failed[0]
        detail = f"{row.last_error}; next try {when(row.next_try_at)}" if row.next_try_at else row.last_error
        return Mark(f"{WAITING}: {row.last_error}", detail, "lms-waiting")
    return Mark(WAITING, "Unroll is sending this score to the LMS.", "lms-waiting")


def with_link(courses):
    """Course pages read the course's LMS link along (courses.extensions): no query for an unlinked course."""
    return courses.select_related("lms_link__context")


def linked_course_of(course) -> LinkedCourse | None:
    try:
        return course.lms_link
    except LinkedCourse.DoesNotExist:
        return None


def marks_for(course, items: list, learners: list) -> GradebookMarks | None:
    linked = linked_course_of(course)
    if linked is None:
        return None
    by_cell: dict[tuple[int, int], list[ScoreToSend]] = {}
    rows = ScoreToSend.objects.filter(line_item__unroll_link__course_item__in=items, learner__in=learners).annotate(
        item_id=F("line_item__unroll_link__course_item_id")
    )
    for row in rows:
        by_cell.setdefault((row.learner_id, row.item_id), []).append(row)
    left = LtiMembership.objects.filter(
        context_id=linked.context_id, is_active=False, user__auth_user__in=learners
    ).values_list("user__auth_user_id", flat=True)
    return GradebookMarks(
        cells={cell: score_mark(cell_rows) for cell, cell_rows in by_cell.items()},
        rows={
            learner_id: Mark(LEFT, "The LMS's roster no longer lists them; their work is kept.", "lms-left")
            for learner_id in left
        },
    )
