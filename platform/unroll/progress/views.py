"""The instructors' table of every learner's progress on every exercise, and hints on request."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from unroll.accounts.roles import instructor_required
from unroll.catalog.models import Exercise
from unroll.catalog.variants import learner_variant, rendered_hints
from unroll.courses.models import Course, CourseItem
from unroll.progress.actions import NoHintLeft, reveal_hint
from unroll.progress.models import Progress


@instructor_required
def class_progress(request):
    """Each learner's progress on each exercise. An instructor sees the learners and exercises of the courses
    they teach (a learner's cell only on an exercise of a course of theirs that this learner joined); a
    superuser sees every learner on every exercise."""
    exercises, learners, progress = class_of(request.user)
    exercises = list(exercises)
    cells = {(p.learner_id, p.exercise_id): p for p in progress}
    rows = []
    for learner in learners:
        row = [cells.get((learner.pk, e.pk)) for e in exercises]
        rows.append((learner, row, sum(1 for cell in row if cell and cell.first_solved_at)))
    return render(request, "progress/class_progress.html", {"exercises": exercises, "rows": rows})


def class_of(user) -> tuple:
    """(exercises, learners, progress rows) the user may see on the class progress page, as querysets."""
    exercises = Exercise.objects.published().in_order()
    if user.is_superuser:
        learners = User.objects.filter(is_staff=False).order_by("username")
        return exercises, learners, Progress.objects.filter(learner__in=learners)
    taught = Course.objects.taught_by(user)
    shared = CourseItem.objects.shared_with(user, OuterRef("learner"), OuterRef("exercise"))
    return (
        exercises.filter(pk__in=taught.exercise_ids()),
        taught.learners().order_by("username"),
        Progress.objects.filter(Exists(shared), learner__in=taught.learners()),
    )


@login_required
@require_POST
def next_hint(request, slug: str):
    exercise = get_object_or_404(Exercise.objects.published(), slug=slug)
    try:
        hints = reveal_hint(request.user, exercise)
    except NoHintLeft as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    rendered = rendered_hints(exercise, learner_variant(request.user, exercise))[: len(hints)]
    return JsonResponse({"hints": rendered, "remaining": len(exercise.hints) - len(hints)})
