"""The instructors' table of every learner's progress on every exercise, and hints on request."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from unroll.accounts.roles import instructor_required
from unroll.catalog.models import Exercise
from unroll.catalog.variants import learner_variant, rendered_hints
from unroll.progress.actions import NoHintLeft, reveal_hint
from unroll.progress.models import Progress


@instructor_required
def class_progress(request):
    exercises = list(Exercise.objects.published().in_order())
    learners = list(
        User.objects.filter(is_staff=False)
        .annotate(solved_count=Count("progress", filter=Q(progress__first_solved_at__isnull=False)))
        .order_by("username")
    )
    cells = {(p.learner_id, p.exercise_id): p for p in Progress.objects.filter(learner__in=learners)}
    rows = [(learner, [cells.get((learner.pk, e.pk)) for e in exercises]) for learner in learners]
    return render(request, "progress/class_progress.html", {"exercises": exercises, "rows": rows})


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
