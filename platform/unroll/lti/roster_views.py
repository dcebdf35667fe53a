"""The roster's page parts: the Sync button on an LMS-linked course's manage page, and what it does.

Only the course's own instructors may sync (403 for anyone else signed in); a course without an LMS has
no roster to sync (404).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from unroll.accounts.roles import instructor_required
from unroll.courses.models import Course
from unroll.lti import roster
from unroll.lti.gradebook_marks import linked_course_of
from unroll.lti.models import LinkedCourse


@instructor_required
@require_POST
def sync_roster(request, pk: int):
    """Learners get 403; instructors who do not teach the course, or a course without an LMS, 404 (as courses)."""
    course = get_object_or_404(Course.objects.taught_by(request.user), pk=pk)
    linked = get_object_or_404(LinkedCourse.objects.select_related("context__deployment__registration"), course=course)
    try:
        result = roster.sync_roster(linked)
    except roster.RosterError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, result_message(result))
    return redirect("courses:manage", course.pk)


def result_message(result: roster.RosterSync) -> str:
    return (
        f"Roster synced from the LMS: {result.added} added, {result.left} left "
        f"({result.members} member{'s' if result.members != 1 else ''} in the LMS course)."
    )


def roster_panel(request, course: Course) -> str:
    """The manage page's LMS roster section, for a linked course (courses.extensions asks for it)."""
    linked = linked_course_of(course)
    if linked is None:
        return ""
    html = render_to_string("lti/roster_panel.html", {"course": course, "linked": linked}, request=request)
    return mark_safe(html)  # noqa: S308 - rendered from our template, autoescaped
