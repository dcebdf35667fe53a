"""The instructors' table of each learner's progress on each exercise, over the courses they teach.

Its URL stays in the "progress" namespace (composed in unroll/urls.py).
"""

from django.contrib.auth.models import User
from django.shortcuts import render

from unroll.accounts.roles import instructor_required
from unroll.catalog.models import Exercise
from unroll.courses.models import Course
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
    return (
        exercises.filter(pk__in=taught.exercise_ids()),
        taught.learners().order_by("username"),
        Progress.objects.of_learners_taught_by(user).filter(learner__in=taught.learners()),
    )
