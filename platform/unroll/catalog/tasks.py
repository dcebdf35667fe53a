"""Celery task: prove an exercise drafted in the browser, through the worker's warm sandbox."""

import logging

from celery import shared_task

from grader import EngineFailure
from unroll.catalog.drafts import finish_proof, start_proof, validate
from unroll.catalog.folders import FolderError
from unroll.catalog.sync import proof_cases
from unroll.submissions.grading import get_engine

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
