"""Instructors' views for writing exercises in the browser: new, edit, run the reference, publish.

Every view here is for instructors only; a learner gets 403 (see accounts.roles).
"""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from unroll.accounts.roles import instructor_required
from unroll.catalog import drafts
from unroll.catalog.folders import FolderError
from unroll.catalog.forms import ExerciseForm, WrongAnswerFormSet
from unroll.catalog.models import Exercise, ExerciseDraft
from unroll.catalog.rendering import render_markdown

STARTER_TEMPLATE = {
    "order": 100,
    "difficulty": 1,
    "model_variable": "model",
    "input_shape": "[1, 3, 2]",
    "checks": "- kind: output_shape\n  expected: [1, 4]\n",
    "statement": "# Title\n\nWhat the learner must build, and why.\n",
    "starter_code": "from tensorflow.keras.models import Sequential\n\nmodel = Sequential()\n",
    "solution_code": "from tensorflow.keras.models import Sequential\n\nmodel = Sequential()\n",
}


@instructor_required
def new_exercise(request):
    draft = ExerciseDraft(author=request.user, files={})
    if request.method == "POST":
        return save_draft(request, draft)
    form = ExerciseForm(initial=STARTER_TEMPLATE)
    return render_draft(request, draft, form, WrongAnswerFormSet(prefix="wrong"))


@instructor_required
@require_POST
def edit_exercise(request, slug: str):
    """Open (or reopen) the exercise's draft; learners keep the published version meanwhile."""
    exercise = get_object_or_404(Exercise, slug=slug)
    return redirect(drafts.draft_for_exercise(exercise, request.user))


@instructor_required
def draft_page(request, pk: int):
    draft = get_object_or_404(ExerciseDraft.objects.select_related("exercise"), pk=pk)
    if request.method == "POST":
        return save_draft(request, draft)
    initial, wrong = drafts.form_initial(draft.files)
    form = ExerciseForm(initial=initial)
    return render_draft(request, draft, form, WrongAnswerFormSet(prefix="wrong", initial=wrong))


def save_draft(request, draft: ExerciseDraft):
    """Validate the form as a folder; save it; with action=prove, also queue the proof."""
    form = ExerciseForm(request.POST)
    formset = WrongAnswerFormSet(request.POST, prefix="wrong")
    if not (form.is_valid() and formset.is_valid()):
        return render_draft(request, draft, form, formset, status=400)
    files = drafts.files_from_form(form.cleaned_data, formset.answers(), draft.uuid)
    if not folder_is_valid(form, files, draft):
        return render_draft(request, draft, form, formset, status=400)
    drafts.save_files(draft, files)
    if request.POST.get("action") == "prove":
        drafts.request_proof(draft)
        messages.success(request, "Saved. The grader is running the reference and the wrong answers…")
    else:
        messages.success(request, "Saved as a draft. Run the reference to prove it before publishing.")
    return redirect(draft)


def folder_is_valid(form: ExerciseForm, files: dict, draft: ExerciseDraft) -> bool:
    """Put the folder loader's complaints (and a slug clash) on the fields they are about."""
    try:
        folder = drafts.validate(files, drafts.label_of(draft))
    except FolderError as exc:
        form.add_error(drafts.field_of_error(exc), drafts.message_of_error(exc))
        return False
    clash = drafts.slug_clash(folder.slug, draft.uuid)
    if clash:
        form.add_error("slug", f"“{clash.title}” already uses this slug. Choose another.")
        return False
    return True


def render_draft(request, draft, form, formset, status: int = 200):
    context = {
        "draft": draft,
        "form": form,
        "formset": formset,
        "exercise": draft.exercise,
        "proof": proof_json(draft) if draft.pk else None,
    }
    return render(request, "catalog/draft.html", context, status=status)


def proof_json(draft: ExerciseDraft) -> dict:
    return {
        "status": draft.proof_status,
        "current": draft.proof_is_current,
        "proven": draft.proven,
        "results": draft.proof_results,
    }


@instructor_required
@require_GET
def draft_proof(request, pk: int):
    """The proof's state, polled by the draft page while the worker grades."""
    draft = get_object_or_404(ExerciseDraft, pk=pk)
    return JsonResponse(proof_json(draft))


@instructor_required
@require_POST
def publish_draft(request, pk: int):
    draft = get_object_or_404(ExerciseDraft, pk=pk)
    try:
        exercise = drafts.publish_draft(draft)
    except drafts.DraftNotProven as exc:
        messages.error(request, str(exc))
        return redirect(draft)
    messages.success(request, f"{exercise.title} is published (version {exercise.version}).")
    return redirect("catalog:authoring_list")


@instructor_required
@require_POST
def discard_draft(request, pk: int):
    draft = get_object_or_404(ExerciseDraft, pk=pk)
    draft.delete()
    messages.success(request, f"The {draft} was discarded; the published exercise, if any, is unchanged.")
    return redirect("catalog:authoring_list")


@instructor_required
@require_POST
def preview_statement(request):
    """The statement's live preview, rendered and sanitized exactly as learners will see it."""
    return JsonResponse({"html": render_markdown(request.POST.get("statement", ""))})
