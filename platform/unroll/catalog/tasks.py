"""Celery tasks on exercises, run through the worker's warm sandbox: prove a draft written in the
browser; derive a learner's variant (its spec and reference model, for the picture of the task)."""

import logging

from celery import shared_task

from grader import EngineFailure, VariantError
from unroll.catalog.drafts import label_of, validate
from unroll.catalog.folders import FolderError
from unroll.catalog.models import Exercise, ExerciseDraft
from unroll.catalog.sync import proof_cases
from unroll.content.grading import get_engine, variant_for
from unroll.content.tasks import DraftJob, EngineTask, draft_job_task

logger = logging.getLogger(__name__)


def proof_results(draft: ExerciseDraft) -> dict:
    """Each of the draft's own answers graded; a draft that no longer loads (it was valid when saved)
    is reported like a failing case."""
    try:
        results = [case.as_dict() for case in proof_cases(validate(draft.files, label_of(draft)), get_engine())]
    except FolderError as exc:
        results = [failed_case(exc.where, exc.problem)]
    return {"proof_results": results}


def failed_case(where: str, problem: str) -> dict:
    return {"file": where, "expected": "", "verdict": "", "feedback": "", "ok": False, "problem": problem}


def proof_failed(reason: str) -> dict:
    return {"proof_results": [{**failed_case("(grader)", reason), "verdict": "internal_error"}]}


ENGINE_FAILED = "Grading failed on our side; run the reference again."
TOO_LONG = "Proving took longer than a task may run: give the exercise fewer wrong answers or parameters."
PROOF = DraftJob(ExerciseDraft, proof_results, proof_failed, ENGINE_FAILED, TOO_LONG)
prove_draft = draft_job_task(PROOF, "unroll.catalog.tasks.prove_draft")


@shared_task(base=EngineTask, bind=True)
def derive_variant_task(self, exercise_id: int, seed: int) -> None:
    exercise = Exercise.objects.filter(pk=exercise_id).first()
    if exercise is None:
        return
    try:
        variant_for(exercise, seed)
    except VariantError:
        logger.exception("exercise %s cannot derive variant %s", exercise.slug, seed)
    except EngineFailure as exc:
        self.retry_engine_failure(exc)
