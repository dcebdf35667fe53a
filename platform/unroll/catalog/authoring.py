"""Writing exercises in the browser: the exercise's form, its proof's state, the statement's preview.

This module is the exercises' `Hooks` (unroll.content.authoring): the routes, the access rule and
what drafts of every kind share are there.
"""

__all__ = [
    "duplicate_draft",
    "edit_draft",
    "folder_zip",
    "job_state",
    "open_draft",
    "preview_statement",
    "publish_draft",
]


from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from unroll.accounts.roles import instructor_required
from unroll.catalog import drafts
from unroll.catalog.drafts import draft_for_exercise as open_draft
from unroll.catalog.drafts import duplicate_exercise as duplicate_draft
from unroll.catalog.drafts import publish_draft
from unroll.catalog.export import folder_zip
from unroll.catalog.folders import FolderError
from unroll.catalog.forms import ExerciseForm, WrongAnswerFormSet
from unroll.catalog.models import ExerciseDraft
from unroll.content.authoring import render_draft as render_any_draft
from unroll.content.rendering import render_markdown

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


def edit_draft(request, draft: ExerciseDraft):
    """The draft's form (a new exercise's starts from a template); a POST saves it."""
    if request.method == "POST":
        return save_draft(request, draft)
    if draft.pk is None:
        return render_draft(request, draft, ExerciseForm(initial=STARTER_TEMPLATE), WrongAnswerFormSet(prefix="wrong"))
    initial, wrong = drafts.form_initial(draft.files)
    form = ExerciseForm(initial=initial)
    return render_draft(request, draft, form, WrongAnswerFormSet(prefix="wrong", initial=wrong))


def save_draft(request, draft: ExerciseDraft):
    """Validate the form as a folder; save it; with action=prove, also queue the proof."""
    form = ExerciseForm(request.POST)
    formset = WrongAnswerFormSet(request.POST, prefix="wrong")
    if not (form.is_valid() and formset.is_valid()):
        return render_draft(request, draft, form, formset, status=400)
    files = {**drafts.files_from_form(form.cleaned_data, formset.answers(), draft.uuid), **drafts.images_of(draft)}
    if not folder_is_valid(form, files, draft):
        return render_draft(request, draft, form, formset, status=400)
    prove = request.POST.get("action") == "prove"
    drafts.save_files(draft, files, prove)
    if prove:
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
    return render_any_draft(request, draft, job_state, status, form=form, formset=formset)


def job_state(draft: ExerciseDraft) -> dict:
    """The proof's state, as the draft page shows it and polls it while a worker grades."""
    return {**draft.job_progress(), "proven": draft.publishable, "results": draft.proof_results}


@instructor_required
@require_POST
def preview_statement(request):
    """The statement's live preview, rendered and sanitized exactly as learners will see it."""
    return JsonResponse({"html": render_markdown(request.POST.get("statement", ""))})
