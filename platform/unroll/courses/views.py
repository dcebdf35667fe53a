"""Course pages: the list and joining, the learner's dashboard, and for the course's instructors its
management, gradebook (page and CSV), statistics, one learner's drill-down and score overrides.

A course's instructor pages answer 403 to learners and 404 to staff who do not teach that course.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from unroll.accounts.roles import instructor_required
from unroll.content.scores import score_text
from unroll.courses import actions
from unroll.courses.charts import bar_chart
from unroll.courses.extensions import manage_panels, with_course_reads
from unroll.courses.forms import AddItemForm, CourseForm, InstructorForm, ItemDatesForm, OverrideForm
from unroll.courses.gradebook import (
    Gradebook,
    Row,
    course_items,
    course_learners,
    csv_header,
    csv_row,
    item_statistics,
    sort_headers,
    spreadsheet_safe,
)
from unroll.courses.models import Course, CourseItem, ScoreOverride
from unroll.courses.standings import by_topic, cells_for, next_to_work_on, row_of, summarize
from unroll.quizzes.models import QuizAttempt
from unroll.submissions.models import Submission


def taught_course_or_404(user, pk: int) -> Course:
    return get_object_or_404(with_course_reads(Course.objects.taught_by(user)), pk=pk)


def taught_item_or_404(user, pk: int, item_pk: int) -> CourseItem:
    return get_object_or_404(
        CourseItem.objects.with_content().select_related("course"), pk=item_pk, course=taught_course_or_404(user, pk)
    )


@login_required
def course_list(request):
    context = {
        "taught": Course.objects.taught_by(request.user).prefetch_related("instructors"),
        "joined": Course.objects.joined_by(request.user).prefetch_related("instructors"),
    }
    return render(request, "courses/course_list.html", context)


@instructor_required
def new_course(request):
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        course = actions.create_course(request.user, form.cleaned_data["title"], form.cleaned_data["description"])
        messages.success(request, f"{course.title} is created. Add exercises and quizzes, then give learners its code.")
        return redirect("courses:manage", course.pk)
    return render(request, "courses/new_course.html", {"form": form})


@login_required
@require_POST
def join(request):
    try:
        course = actions.join_course(request.user, request.POST.get("code", ""))
    except actions.CourseError as exc:
        messages.error(request, str(exc))
        return redirect("courses:course_list")
    messages.success(request, f"You joined {course.title}.")
    return redirect(course)


@login_required
def dashboard(request, pk: int):
    """The learner's standing in the course, per course and per topic, and what to do next."""
    course = get_object_or_404(Course.objects.visible_to(request.user), pk=pk)
    items = course_items(course)
    now = timezone.now()
    cells = row_of(cells_for(items, [request.user]), request.user, items)
    context = {
        "course": course,
        "cells": cells,
        "summary": summarize(cells),
        "topics": by_topic(cells),
        "next_cell": next_to_work_on(cells, now),
        "now": now,
        "teaches": Course.objects.taught_by(request.user).filter(pk=pk).exists(),
        # An instructor who has not joined their own course has no progress of their own to show.
        "joined": course.enrollments.filter(learner=request.user).exists(),
    }
    return render(request, "courses/dashboard.html", context)


# --- Managing a course ---------------------------------------------------------------------


@instructor_required
def manage(request, pk: int):
    course = taught_course_or_404(request.user, pk)
    items = course_items(course)
    context = {
        "course": course,
        "items": [
            (item, ItemDatesForm(initial={"opens_at": item.opens_at, "due_at": item.due_at}, prefix=f"item{item.pk}"))
            for item in items
        ],
        "add_form": AddItemForm(course=course),
        "instructor_form": InstructorForm(),
        "instructors": course.instructors.order_by("username"),
        "learner_count": course.enrollments.count(),
        "panels": manage_panels(request, course),  # what apps above courses add (courses.extensions)
    }
    return render(request, "courses/manage.html", context)


def redirect_to_manage(request, course: Course, error: str = "", success: str = ""):
    if error:
        messages.error(request, error)
    elif success:
        messages.success(request, success)
    return redirect("courses:manage", course.pk)


def form_error(form) -> str:
    """A form's errors as one sentence for a flash message (these small forms are posted from the manage page)."""
    return " ".join(
        f"{form.fields[name].label or name}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
        for name, errors in form.errors.items()
    )


@instructor_required
@require_POST
def add_item(request, pk: int):
    course = taught_course_or_404(request.user, pk)
    form = AddItemForm(request.POST, course=course)
    if not form.is_valid():
        return redirect_to_manage(request, course, error=form_error(form))
    try:
        item = actions.add_item(
            course, **form.content_kwargs(), opens_at=form.cleaned_data["opens_at"], due_at=form.cleaned_data["due_at"]
        )
    except actions.CourseError as exc:
        return redirect_to_manage(request, course, error=str(exc))
    return redirect_to_manage(request, course, success=f"{item.title} is added.")


@instructor_required
@require_POST
def set_item_dates(request, pk: int, item_pk: int):
    item = taught_item_or_404(request.user, pk, item_pk)
    form = ItemDatesForm(request.POST, prefix=f"item{item.pk}")
    if not form.is_valid():
        return redirect_to_manage(request, item.course, error=form_error(form))
    try:
        actions.set_item_dates(item, form.cleaned_data["opens_at"], form.cleaned_data["due_at"])
    except actions.CourseError as exc:
        return redirect_to_manage(request, item.course, error=str(exc))
    return redirect_to_manage(request, item.course, success=f"The dates of {item.title} are saved.")


@instructor_required
@require_POST
def move_item(request, pk: int, item_pk: int):
    item = taught_item_or_404(request.user, pk, item_pk)
    actions.move_item(item, -1 if request.POST.get("direction") == "up" else 1)
    return redirect("courses:manage", item.course.pk)


@instructor_required
@require_POST
def remove_item(request, pk: int, item_pk: int):
    item = taught_item_or_404(request.user, pk, item_pk)
    actions.remove_item(item)
    return redirect_to_manage(request, item.course, success=f"{item.title} is removed from the course.")


@instructor_required
@require_POST
def add_instructor(request, pk: int):
    course = taught_course_or_404(request.user, pk)
    try:
        user = actions.add_instructor(course, request.POST.get("username", ""))
    except actions.CourseError as exc:
        return redirect_to_manage(request, course, error=str(exc))
    return redirect_to_manage(request, course, success=f"{user.username} teaches {course.title} too.")


@instructor_required
@require_POST
def remove_instructor(request, pk: int, user_pk: int):
    course = taught_course_or_404(request.user, pk)
    user = get_object_or_404(course.instructors.all(), pk=user_pk)
    try:
        actions.remove_instructor(course, user)
    except actions.CourseError as exc:
        return redirect_to_manage(request, course, error=str(exc))
    if user == request.user:
        messages.success(request, f"You no longer teach {course.title}.")
        return redirect("courses:course_list")
    return redirect_to_manage(request, course, success=f"{user.username} no longer teaches {course.title}.")


@login_required
@require_POST
def leave(request, pk: int):
    course = get_object_or_404(Course.objects.joined_by(request.user), pk=pk)
    actions.leave_course(request.user, course)
    messages.success(request, f"You left {course.title}. Your work stays yours; its code lets you join again.")
    return redirect("courses:course_list")


@instructor_required
@require_POST
def regenerate_code(request, pk: int):
    course = taught_course_or_404(request.user, pk)
    code = actions.regenerate_join_code(course)
    return redirect_to_manage(request, course, success=f"The new code is {code}; the old one no longer works.")


# --- Gradebook -----------------------------------------------------------------------------


@instructor_required
def gradebook(request, pk: int):
    book = Gradebook.of(taught_course_or_404(request.user, pk)).with_marks()
    rows, sort = book.sorted_by(request.GET.get("sort", ""))
    context = {"course": book.course, "items": book.items, "rows": rows, "headers": sort_headers(book.items, sort)}
    return render(request, "courses/gradebook.html", context)


@instructor_required
def gradebook_csv(request, pk: int):
    """The same data as the page, one row per learner."""
    book = Gradebook.of(taught_course_or_404(request.user, pk))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="gradebook-{slugify(book.course.title) or book.course.pk}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow([spreadsheet_safe(value) for value in csv_header(book.items)])
    for row in book.rows:
        writer.writerow([spreadsheet_safe(value) for value in csv_row(row)])
    return response


@instructor_required
def item_statistics_page(request, pk: int):
    book = Gradebook.of(taught_course_or_404(request.user, pk))
    stats = [(item_stats, bar_chart(item_stats.failing_checks)) for item_stats in item_statistics(book)]
    return render(request, "courses/statistics.html", {"course": book.course, "stats": stats})


@instructor_required
def learner_detail(request, pk: int, learner_pk: int):
    """One learner of the course: their cells, overrides (with history) and submissions on the course's exercises."""
    course = taught_course_or_404(request.user, pk)
    learner = get_object_or_404(course_learners(course), pk=learner_pk)
    items = course_items(course)
    row = Row(learner, row_of(cells_for(items, [learner]), learner, items))
    submissions = Submission.objects.filter(
        learner=learner, exercise__in=[i.exercise_id for i in items if i.is_exercise]
    )
    context = {
        "course": course,
        "learner": learner,
        "cells": row.cells,
        "course_score": row.course_score,
        "submissions": submissions.select_related("exercise"),
        "quiz_attempts": QuizAttempt.objects.filter(
            learner=learner, quiz__in=[i.quiz_id for i in items if not i.is_exercise]
        ).select_related("quiz"),
        "overrides": ScoreOverride.objects.filter(item__course=course, learner=learner).select_related(
            "by", "item__exercise", "item__quiz"
        ),
    }
    return render(request, "courses/learner_detail.html", context)


@instructor_required
@require_POST
def override_score(request, pk: int, item_pk: int, learner_pk: int):
    item = taught_item_or_404(request.user, pk, item_pk)
    learner = get_object_or_404(course_learners(item.course), pk=learner_pk)
    form = OverrideForm(request.POST)
    try:
        if not form.is_valid():
            raise actions.CourseError(form_error(form))
        actions.override_score(item, learner, request.user, form.cleaned_data["score"], form.cleaned_data["reason"])
    except actions.CourseError as exc:
        messages.error(request, f"The score of {learner.username} on {item.title} is unchanged. {exc}")
    else:
        messages.success(
            request, f"{learner.username}'s score on {item.title} is now {score_text(form.cleaned_data['score'])}."
        )
    return redirect("courses:learner", item.course.pk, learner.pk)
