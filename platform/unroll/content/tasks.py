"""What every Celery task that grades through the warm engine shares: engine failures are retried,
since they are ours and not the content's; a draft's job always finishes, whatever happens in it."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded

from grader import EngineFailure
from unroll.content.actions import claim_job, finish_job
from unroll.content.models import Draft

logger = logging.getLogger(__name__)
ENGINE_RETRIES = 3
ENGINE_RETRY_SECONDS = 2


class EngineTask(Task):
    """A task run through the worker's warm engine: acknowledged only once done, its result unused."""

    acks_late = True
    ignore_result = True
    max_retries = ENGINE_RETRIES

    @property
    def engine_retries_left(self) -> bool:
        return self.request.retries < ENGINE_RETRIES

    def retry_engine_failure(self, exc: EngineFailure) -> None:
        """Try again while tries remain (raises celery's Retry); past that, return: the caller says it failed."""
        if self.engine_retries_left:
            raise self.retry(exc=exc, countdown=ENGINE_RETRY_SECONDS) from exc
        logger.error("%s gave up after %d engine failures: %s", self.name, ENGINE_RETRIES + 1, exc)


@dataclass(frozen=True)
class DraftJob:
    """One kind of draft job: how to compute it, and how its outcome says that it failed on our side.

    `compute(draft)` and `failed(reason)` both return the outcome: the draft fields to store.
    """

    draft_model: type[Draft]
    compute: Callable[[Draft], dict]
    failed: Callable[[str], dict]
    engine_failed: str  # what the author is told when the engine failed on every try
    too_long: str  # ... when the job hit the task's soft time limit
    unexpected: str = "The job failed on our side; it is logged. Save the draft again to retry."


def draft_job_task(job: DraftJob, name: str):
    """The Celery task, registered as `name`, that runs `job` on the draft whose id it is sent."""

    def run(task: EngineTask, draft_id: int) -> None:
        run_draft_job(task, job, draft_id)

    return shared_task(base=EngineTask, bind=True, name=name)(run)


def run_draft_job(task: EngineTask, job: DraftJob, draft_id: int) -> None:
    """Claim the draft's job, compute it and always finish it: a draft never stays `running`."""
    draft = claim_job(job.draft_model, draft_id)
    if draft is None:
        return
    try:
        outcome = job.compute(draft)
    except EngineFailure as exc:
        task.retry_engine_failure(exc)
        outcome = job.failed(job.engine_failed)
    except SoftTimeLimitExceeded:
        logger.error("the job of %s %s hit the soft time limit", job.draft_model.__name__, draft_id)
        outcome = job.failed(job.too_long)
    except Exception:  # noqa: BLE001 - whatever else broke, the draft still gets its outcome
        logger.exception("the job of %s %s failed", job.draft_model.__name__, draft_id)
        outcome = job.failed(job.unexpected)
    finish_job(job.draft_model, draft_id, draft.job_input_hash, **outcome)
