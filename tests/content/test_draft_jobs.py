"""A draft's job (an exercise's proof, a quiz's answers) always finishes: whatever breaks in it, the
draft ends `done` with the reason, for exactly what the job read, and never stays `running`.

The jobs are the real ones (PROOF, ANSWERS) run by the real runner on real drafts; only their
computation is made to fail, in each way a worker sees it fail.
"""

from dataclasses import replace

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from grader import EngineFailure
from support import SHAPES_QUIZ, published_quiz
from unroll.catalog.drafts import draft_for_exercise
from unroll.catalog.tasks import PROOF, prove_draft
from unroll.content.models import Draft
from unroll.content.tasks import ENGINE_RETRIES, run_draft_job
from unroll.quizzes.drafts import draft_for_quiz
from unroll.quizzes.tasks import ANSWERS, compute_draft_answers


def failing(error: BaseException):
    def compute(draft):
        raise error

    return compute


def reasons(draft) -> list[str]:
    """What a finished job says went wrong, in the draft's own terms."""
    if hasattr(draft, "proof_results"):
        return [result["problem"] for result in draft.proof_results]
    return [error["message"] for error in draft.errors]


@pytest.fixture(params=["exercise proof", "quiz answers"])
def job_on_a_draft(request, exercises, charlie):
    """(task, job, draft): a real job and a draft of published content, its job queued."""
    if request.param == "exercise proof":
        task, job, draft = prove_draft, PROOF, draft_for_exercise(exercises["stacked-rnn"], charlie)
    else:
        task, job, draft = compute_draft_answers, ANSWERS, draft_for_quiz(published_quiz(SHAPES_QUIZ), charlie)
    draft.status = Draft.Status.QUEUED
    draft.save()
    return task, job, draft


@pytest.mark.django_db
@pytest.mark.parametrize(
    "error, reason",
    [(SoftTimeLimitExceeded(), "too_long"), (RuntimeError("a bug of ours"), "unexpected")],
    ids=["soft time limit", "unexpected error"],
)
def test_a_job_that_breaks_still_finishes_its_draft_with_the_reason(job_on_a_draft, error, reason):
    task, job, draft = job_on_a_draft
    run_draft_job(task, replace(job, compute=failing(error)), draft.pk)
    draft.refresh_from_db()
    assert draft.status == Draft.Status.DONE
    assert draft.job_hash == draft.job_input_hash and draft.job_done_at is not None
    assert reasons(draft) == [getattr(job, reason)]
    assert not draft.publishable


@pytest.mark.django_db
def test_an_engine_failure_is_retried_and_only_the_last_try_finishes_the_draft(job_on_a_draft):
    task, job, draft = job_on_a_draft
    broken = replace(job, compute=failing(EngineFailure("the warm engine died")))
    task.push_request(retries=0)
    try:
        with pytest.raises(EngineFailure):  # called directly, celery's retry raises the failure itself
            run_draft_job(task, broken, draft.pk)
    finally:
        task.pop_request()
    draft.refresh_from_db()
    assert draft.status == Draft.Status.RUNNING  # the retry will claim it again

    task.push_request(retries=ENGINE_RETRIES)
    try:
        run_draft_job(task, broken, draft.pk)
    finally:
        task.pop_request()
    draft.refresh_from_db()
    assert draft.status == Draft.Status.DONE and reasons(draft) == [job.engine_failed]


@pytest.mark.django_db
def test_a_job_records_what_it_read_even_when_the_draft_changed_meanwhile(job_on_a_draft):
    """The outcome belongs to the content the job read: an edit during the job makes it stale, not proven."""
    task, job, draft = job_on_a_draft
    read = {}

    def edit_while_running(running_draft):
        read["hash"] = running_draft.job_input_hash
        field = "files" if hasattr(running_draft, "files") else "source"
        edited = type(running_draft).objects.get(pk=running_draft.pk)
        value = getattr(edited, field)
        setattr(edited, field, {**value, "statement.md": "edited"} if field == "files" else value + "\n# edited\n")
        edited.save()
        return job.failed("stopped here")

    run_draft_job(task, replace(job, compute=edit_while_running), draft.pk)
    draft.refresh_from_db()
    assert draft.status == Draft.Status.DONE and draft.job_hash == read["hash"]
    assert not draft.job_is_current and not draft.publishable
