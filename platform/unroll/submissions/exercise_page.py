"""The learner's exercise page (statement, editor, their submissions and hints), the picture of its task,
and, once the learner has solved it, what their accepted answer showed (explanation, equivalence, drawings);
the reference solution once they have earned it (unroll.progress.reveal).

The page reads the learner's submissions and progress, so it lives above the content (catalog);
its URLs stay in the "catalog" namespace (composed in unroll/urls.py).
No GET enqueues work: the page's script asks for the picture of the task with a POST, then polls it.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from unroll.catalog.figures import drawing_json, request_task_figure, task_figure
from unroll.catalog.images import image_urls
from unroll.catalog.models import Exercise
from unroll.catalog.solved import after_solving
from unroll.catalog.variants import learner_variant, rendered_hints
from unroll.content.rendering import render_markdown, without_leading_title
from unroll.progress.models import Progress  # a sibling this app may use (tests/test_layering.py)
from unroll.progress.reveal import earned_solution, reveal_rule
from unroll.submissions.models import Submission

HISTORY_SHOWN = 50  # the learner's latest submissions listed on the page


@login_required
def exercise_detail(request, slug: str):
    exercise = get_object_or_404(Exercise.objects.published(), slug=slug)
    history = list(Submission.objects.filter(learner=request.user, exercise=exercise)[:HISTORY_SHOWN])
    progress = Progress.objects.filter(learner=request.user, exercise=exercise).first()
    revealed = progress.hints_revealed if progress else 0
    variant = learner_variant(request.user, exercise)
    starter_code = variant.render(exercise.starter_code)
    context = {
        "exercise": exercise,
        "variant": variant,
        "statement_html": render_markdown(
            without_leading_title(variant.render(exercise.statement)), image_urls(exercise)
        ),
        "initial_code": history[0].code if history else starter_code,
        "starter_code": starter_code,  # for "Reset to starter code"
        "history": history,
        "history_items": numbered(history),
        "progress": progress,
        "hints": rendered_hints(exercise, variant, revealed),
        "figure": statement_figure(exercise, variant.seed),
        "solved": solved_answer(request.user, exercise, history),
        "hints_left": len(exercise.hints) - revealed,
        "poll_ms": settings.VERDICT_POLL_MS,
        "reveal": earned_solution(request.user, exercise),
        "reveal_rule": reveal_rule(exercise),
    }
    return render(request, "catalog/exercise_detail.html", context)


def numbered(history: list[Submission]) -> list[dict]:
    """The history, newest first, each with its number among all the learner's submissions to the exercise
    (the list is `<ol reversed>` from the newest's number, so its markers say the same)."""
    newest = history[0].number() if history else 0
    return [{"submission": submission, "number": newest - index} for index, submission in enumerate(history)]


def solved_answer(learner, exercise: Exercise, history: list[Submission]) -> dict | None:
    """After solving: the learner's latest accepted answer, as its verdict showed it (None before)."""
    accepted = next((s for s in history if s.verdict == "accepted"), None)
    if accepted is None and len(history) == HISTORY_SHOWN:  # perhaps one older than the history shown
        accepted = Submission.objects.filter(learner=learner, exercise=exercise, verdict="accepted").first()
    if accepted is None:
        return None
    return {"submission": accepted, **after_solving(accepted)}


def statement_figure(exercise: Exercise, seed: int) -> dict | None:
    """The picture of the task, when the exercise shows one: drawn, or pending (the page's script asks for it)."""
    if not exercise.show_figure:
        return None
    drawing = task_figure(exercise, seed)
    return {"pending": True} if drawing is None else drawing_json(drawing, "The task")


@login_required
@require_http_methods(["GET", "POST"])
def exercise_figure(request, slug: str):
    """The picture of the learner's variant of the task. A POST asks a worker to derive it when it is not
    yet; a GET only reads. Both answer whether it is ready: the page POSTs once, then polls with GETs."""
    exercise = get_object_or_404(Exercise.objects.published(), slug=slug, show_figure=True)
    seed = learner_variant(request.user, exercise).seed
    drawing = task_figure(exercise, seed)
    if drawing is None and request.method == "POST":
        request_task_figure(exercise, seed)
    return JsonResponse({"ready": drawing is not None, "figure": drawing and drawing_json(drawing, "The task")})
