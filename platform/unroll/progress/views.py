"""The landing page, the exercise list with the learner's progress on each, and hints on request.

The instructors' table of every learner's progress is a course page (unroll.courses.class_progress)."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from unroll.catalog.models import Exercise
from unroll.catalog.variants import learner_variant, rendered_hints
from unroll.progress.actions import NoHintLeft, reveal_hint
from unroll.progress.models import Progress


def home(request):
    """`/`: a visitor gets what Unroll is and its exercises; a signed-in user goes on to the exercise list."""
    if request.user.is_authenticated:
        return redirect("catalog:exercise_list")
    exercises = Exercise.objects.published().in_order()
    return render(request, "landing.html", {"exercises": exercises})


@login_required
def exercise_list(request):
    """Every published exercise, with the learner's own progress on each."""
    exercises = list(Exercise.objects.published().in_order())
    progress = {p.exercise_id: p for p in Progress.objects.for_learner(request.user)}
    rows = [(exercise, progress.get(exercise.pk)) for exercise in exercises]
    return render(request, "catalog/exercise_list.html", {"rows": rows})


@login_required
@require_POST
def next_hint(request, slug: str):
    exercise = get_object_or_404(Exercise.objects.published(), slug=slug)
    try:
        hints = reveal_hint(request.user, exercise)
    except NoHintLeft as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    rendered = rendered_hints(exercise, learner_variant(request.user, exercise), len(hints))  # safe HTML
    return JsonResponse({"hints": rendered, "remaining": len(exercise.hints) - len(hints)})
