"""Writing quizzes in the browser: the quiz.yaml editor and the state of its answers' computation.

This module is the quizzes' `Hooks` (unroll.content.authoring): the routes, the access rule and
what drafts of every kind share are there.
"""

from django.contrib import messages
from django.shortcuts import redirect

from unroll.content.authoring import render_draft as render_any_draft
from unroll.quizzes import drafts
from unroll.quizzes.drafts import draft_for_quiz as open_draft
from unroll.quizzes.drafts import duplicate_quiz as duplicate_draft
from unroll.quizzes.drafts import publish_draft
from unroll.quizzes.export import quiz_zip as folder_zip
from unroll.quizzes.files import QuizInvalid
from unroll.quizzes.forms import QuizSourceForm
from unroll.quizzes.models import QuizDraft

__all__ = ["duplicate_draft", "edit_draft", "folder_zip", "job_state", "open_draft", "publish_draft"]


def edit_draft(request, draft: QuizDraft):
    """The quiz.yaml editor (a new quiz's starts from an example); a POST saves it."""
    if request.method == "POST":
        return save_draft(request, draft)
    source = draft.source if draft.pk else drafts.new_quiz_source()
    return render_draft(request, draft, QuizSourceForm(initial={"source": source}))


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
    return render_any_draft(request, draft, job_state, status, form=form, problems=problems or [])


def job_state(draft: QuizDraft) -> dict:
    """Where the draft's computation stands, as the page shows it and polls it."""
    answers = computed_summary(draft.computed_questions) if draft.job_is_current else []
    return {**draft.job_progress(), "publishable": draft.publishable, "errors": draft.errors, "answers": answers}


def computed_summary(questions: list[dict]) -> list[dict]:
    """The computed answers of the predict questions, for the author to check at a glance."""
    return [{"key": question["key"], "answers": question["answers"]} for question in questions if "answers" in question]
