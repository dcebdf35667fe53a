"""Celery task: compute the predict answers of a quiz drafted in the browser, through the worker's warm sandbox."""

from unroll.content.grading import get_engine
from unroll.content.tasks import DraftJob, draft_job_task
from unroll.quizzes.drafts import label_of
from unroll.quizzes.files import QuizInvalid, load_source
from unroll.quizzes.models import QuizDraft
from unroll.quizzes.predict import computed_questions


def computed_answers(draft: QuizDraft) -> dict:
    try:
        quiz_file = load_source(label_of(draft), draft.source)
        return {"computed_questions": computed_questions(quiz_file, get_engine()), "errors": []}
    except QuizInvalid as exc:
        return {"computed_questions": [], "errors": [error.as_dict() for error in exc.errors]}


def computation_failed(reason: str) -> dict:
    return {"computed_questions": [], "errors": [{"where": "", "message": reason, "line": None}]}


ENGINE_FAILED = "Grading failed on our side; save the quiz again to retry."
TOO_LONG = "Computing the answers took longer than a task may run: give the predict questions fewer combinations."
ANSWERS = DraftJob(QuizDraft, computed_answers, computation_failed, ENGINE_FAILED, TOO_LONG)
compute_draft_answers = draft_job_task(ANSWERS, "unroll.quizzes.tasks.compute_draft_answers")
