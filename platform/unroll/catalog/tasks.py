"""Celery tasks on exercises, run through the worker's warm sandbox: prove a draft written in the
browser; derive a learner's variant (its spec and reference model, for the picture of the task)."""

import logging

from celery import shared_task

from grader import EngineFailure, VariantError
from unroll.catalog.drafts import finish_proof, start_proof, validate
from unroll.catalog.folders import FolderError
from unroll.catalog.models import Exercise
from unroll.catalog.sync import proof_cases
from unroll.submissions.grading import get_engine, variant_for

logger = logging.getLogger(__name__)
ENGINE_RETRIES = 3


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=ENGINE_RETRIES)
def prove_draft(self, draft_id: int) -> None:
    claimed = start_proof(draft_id)
    if claimed is None:
        return
    files, files_hash, label = claimed
    try:
        results = [case.as_dict() for case in proof_cases(validate(files, label), get_engine())]
    except FolderError as exc:
        results = [folder_error_result(exc)]
    except EngineFailure as exc:
        if self.request.retries < ENGINE_RETRIES:
            raise self.retry(exc=exc, countdown=2) from exc
        logger.error("proving draft %s failed in the engine: %s", draft_id, exc)
        results = [
            {
                "file": "(grader)",
                "expected": "",
                "verdict": "internal_error",
                "feedback": "",
                "ok": False,
                "problem": "Grading failed on our side; run the reference again.",
            }
        ]
    finish_proof(draft_id, files_hash, results)


def folder_error_result(error: FolderError) -> dict:
    """A draft that no longer loads (it was valid when saved) is reported like a failing case."""
    return {"file": error.where, "expected": "", "verdict": "", "feedback": "", "ok": False, "problem": error.problem}


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=ENGINE_RETRIES)
def derive_variant_task(self, exercise_id: int, seed: int) -> None:
    exercise = Exercise.objects.filter(pk=exercise_id).first()
    if exercise is None:
        return
    try:
        variant_for(exercise, seed)
    except VariantError:
        logger.exception("exercise %s cannot derive variant %s", exercise.slug, seed)
    except EngineFailure as exc:
        if self.request.retries < ENGINE_RETRIES:
            raise self.retry(exc=exc, countdown=2) from exc
        logger.error("deriving variant %s of %s failed in the engine: %s", seed, exercise.slug, exc)
