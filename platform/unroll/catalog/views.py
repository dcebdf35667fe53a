"""The exercise list (with the learner's status on each) and the exercise page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from unroll.accounts.roles import instructor_required
from unroll.catalog.export import folder_zip
from unroll.catalog.figures import drawing_json, request_task_figure, task_figure
from unroll.catalog.models import Exercise, ExerciseDraft
from unroll.catalog.rendering import render_markdown, without_leading_title
from unroll.catalog.variants import learner_variant, rendered_hints
from unroll.progress.models import Progress
from unroll.submissions.models import Submission


@login_required
def exercise_list(request):
    exercises = list(Exercise.objects.published().in_order())
    progress = {p.exercise_id: p for p in Progress.objects.for_learner(request.user)}
    rows = [(exercise, progress.get(exercise.pk)) for exercise in exercises]
    return render(request, "catalog/exercise_list.html", {"rows": rows})


@login_required
def exercise_detail(request, slug: str):
    exercise = get_object_or_404(Exercise.objects.published(), slug=slug)
    history = list(Submission.objects.filter(learner=request.user, exercise=exercise)[:50])
    progress = Progress.objects.filter(learner=request.user, exercise=exercise).first()
    revealed = progress.hints_revealed if progress else 0
    variant = learner_variant(request.user, exercise)
    context = {
        "exercise": exercise,
        "variant": variant,
        "statement_html": render_markdown(without_leading_title(variant.render(exercise.statement))),
        "initial_code": history[0].code if history else variant.render(exercise.starter_code),
        "history": history,
        "progress": progress,
        "hints": rendered_hints(exercise, variant)[:revealed],
        "figure": statement_figure(exercise, variant.seed),
        "hints_left": len(exercise.hints) - revealed,
        "poll_ms": settings.VERDICT_POLL_MS,
    }
    return render(request, "catalog/exercise_detail.html", context)


def statement_figure(exercise: Exercise, seed: int) -> dict | None:
    """The picture of the task, when the exercise shows one: drawn, or asked of a worker and polled."""
    if not exercise.show_figure:
        return None
    drawing = task_figure(exercise, seed)
    if drawing is None:
        request_task_figure(exercise, seed)
        return {"pending": True}
    return drawing_json(drawing, "The task")


@login_required
@require_GET
def exercise_figure(request, slug: str):
    """The picture of the learner's variant of the task, polled until a worker has derived it."""
    exercise = get_object_or_404(Exercise.objects.published(), slug=slug, show_figure=True)
    drawing = task_figure(exercise, learner_variant(request.user, exercise).seed)
    return JsonResponse({"ready": drawing is not None, "figure": drawing and drawing_json(drawing, "The task")})


@instructor_required
def export_exercise(request, slug: str):
    """Instructors download an exercise as its folder; sync_exercises imports it back identically."""
    exercise = get_object_or_404(Exercise, slug=slug)
    response = HttpResponse(folder_zip(exercise), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{exercise.slug}.zip"'
    return response


@instructor_required
def authoring_list(request):
    """Every exercise, published or not, with its version, for instructors."""
    exercises = Exercise.objects.in_order().select_related("draft")
    new_drafts = ExerciseDraft.objects.filter(exercise__isnull=True)
    return render(request, "catalog/authoring_list.html", {"exercises": exercises, "new_drafts": new_drafts})


@instructor_required
@require_POST
def set_published(request, slug: str):
    exercise = get_object_or_404(Exercise, slug=slug)
    exercise.is_published = request.POST.get("published") == "1"
    exercise.save(update_fields=["is_published", "updated_at"])
    state = "published" if exercise.is_published else "unpublished: learners no longer see it"
    messages.success(request, f"{exercise.title} is {state}.")
    return redirect("catalog:authoring_list")
