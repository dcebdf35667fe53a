"""Instructors' views for writing quizzes in the browser: new, edit, compute the answers, publish.

Every view here is for instructors only; a learner gets 403 (see accounts.roles).
"""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from unroll.accounts.roles import instructor_required
from unroll.quizzes import drafts
from unroll.quizzes.files import QuizInvalid
from unroll.quizzes.forms import QuizSourceForm
from unroll.quizzes.models import Quiz, QuizDraft


@instructor_required
def new_quiz(request):
    draft = QuizDraft(author=request.user, source="")
    if request.method == "POST":
        return save_draft(request, draft)
    return render_draft(request, draft, QuizSourceForm(initial={"source": drafts.new_quiz_source()}))


@instructor_required
@require_POST
def edit_quiz(request, slug: str):
    """Open (or reopen) the quiz's draft; learners keep the published version meanwhile."""
    quiz = get_object_or_404(Quiz, slug=slug)
    return redirect(drafts.draft_for_quiz(quiz, request.user))


@instructor_required
def draft_page(request, pk: int):
    draft = get_object_or_404(QuizDraft.objects.select_related("quiz"), pk=pk)
    if request.method == "POST":
        return save_draft(request, draft)
    return render_draft(request, draft, QuizSourceForm(initial={"source": draft.source}))


def save_draft(request, draft: QuizDraft):
    """Validate the text as a quiz file; save it and have its answers computed; or show every problem."""
    form = QuizSourceForm(request.POST)
    if not form.is_valid():
        return render_draft(request, draft, form, status=400)
    try:
        quiz_file = drafts.validate(draft, form.cleaned_data["source"])
    except QuizInvalid as exc:
        return render_draft(request, draft, form, problems=[error.as_dict() for error in exc.errors], status=400)
    drafts.save_source(draft, quiz_file)
    if quiz_file.predict_questions:
        messages.success(request, "Saved. A grading worker is computing the answers of the predict questions…")
    else:
        messages.success(request, "Saved. No question needs the grader: the quiz can be published.")
    return redirect(draft)


def render_draft(request, draft: QuizDraft, form: QuizSourceForm, problems=None, status: int = 200):
    context = {
        "draft": draft,
        "quiz": draft.quiz if draft.quiz_id else None,
        "form": form,
        "problems": problems or [],
        "state": draft_state(draft) if draft.pk else None,
    }
    return render(request, "quizzes/draft.html", context, status=status)


def draft_state(draft: QuizDraft) -> dict:
    """Where the draft's computation stands, as the page shows it and polls it."""
    return {
        "status": draft.status,
        "current": draft.computation_is_current,
        "publishable": draft.publishable,
        "errors": draft.errors,
        "answers": computed_summary(draft.computed_questions) if draft.computation_is_current else [],
    }


def computed_summary(questions: list[dict]) -> list[dict]:
    """The computed answers of the predict questions, for the author to check at a glance."""
    return [{"key": question["key"], "answers": question["answers"]} for question in questions if "answers" in question]


@instructor_required
@require_GET
def draft_status(request, pk: int):
    """The computation's state, polled by the draft page while a worker runs the snippets."""
    return JsonResponse(draft_state(get_object_or_404(QuizDraft, pk=pk)))


@instructor_required
@require_POST
def publish_draft(request, pk: int):
    draft = get_object_or_404(QuizDraft.objects.select_related("quiz"), pk=pk)
    try:
        quiz = drafts.publish_draft(draft)
    except drafts.DraftNotPublishable as exc:
        messages.error(request, str(exc))
        return redirect(draft)
    messages.success(request, f"{quiz.title} is published (version {quiz.version}).")
    return redirect("quizzes:authoring_list")


@instructor_required
@require_POST
def discard_draft(request, pk: int):
    draft = get_object_or_404(QuizDraft.objects.select_related("quiz"), pk=pk)
    draft.delete()
    messages.success(request, f"The {draft} was discarded; the published quiz, if any, is unchanged.")
    return redirect("quizzes:authoring_list")
