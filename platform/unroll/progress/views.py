"""The instructors' table of every learner's progress on every exercise."""

from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.shortcuts import render

from unroll.accounts.roles import instructor_required
from unroll.catalog.models import Exercise
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
