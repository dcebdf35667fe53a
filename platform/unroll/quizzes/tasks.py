"""Celery task: compute the predict answers of a quiz drafted in the browser, through the worker's warm sandbox."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from grader import EngineFailure
from unroll.quizzes.drafts import finish_computation, start_computation
from unroll.quizzes.files import QuizInvalid, load_source
from unroll.quizzes.predict import computed_questions
from unroll.submissions.grading import get_engine

logger = logging.getLogger(__name__)
ENGINE_RETRIES = 3
ENGINE_FAILED = {"where": "", "message": "Grading failed on our side; save the quiz again to retry.", "line": None}
TOO_LONG = {
    "where": "",
    "message": "Computing the answers took longer than a task may run: give the predict questions fewer combinations.",
    "line": None,
}


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=ENGINE_RETRIES)
def compute_draft_answers(self, draft_id: int) -> None:
    claimed = start_computation(draft_id)
    if claimed is None:
        return
    source, source_hash, label = claimed
    questions, errors = [], []
    try:
        questions = computed_questions(load_source(label, source), get_engine())
    except QuizInvalid as exc:
        errors = [error.as_dict() for error in exc.errors]
    except EngineFailure as exc:
        if self.request.retries < ENGINE_RETRIES:
            raise self.retry(exc=exc, countdown=2) from exc
        logger.error("computing the answers of quiz draft %s failed in the engine: %s", draft_id, exc)
        errors = [ENGINE_FAILED]
    except SoftTimeLimitExceeded:
        logger.error("computing the answers of quiz draft %s hit the soft time limit", draft_id)
        errors = [TOO_LONG]
    finish_computation(draft_id, source_hash, questions, errors)
