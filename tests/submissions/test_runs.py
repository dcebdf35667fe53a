"""The Run button's endpoints: POST /exercises/<slug>/run/ queues a run of the learner's code, GET
/runs/<id>.json shows what it printed, summary(), the shapes and the drawing. A run is never a submission:
no attempt, no progress, no history. Runs are capped per learner like submissions, leased and swept like them.
"""

import json
import os
import signal
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grader import DEFAULT_LIMITS, RunResult
from support import wait_until, wait_until_done
from unroll.progress.models import Progress
from unroll.submissions.actions import submit_attempt
from unroll.submissions.models import Run, Submission
from unroll.submissions.runs import (
    RUN_PRIORITY,
    hand_on_lapsed_runs,
    record_run,
    renew_run_lease,
    request_run,
    runs_due_for_sending,
    start_run,
)

PRINTS_ITS_SHAPE = """import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, SimpleRNN
model = Sequential([Input((3, 2)), SimpleRNN(4)])
print("shape:", model.predict(np.zeros((1, 3, 2)), verbose=0).shape)
"""


def run_url(slug: str = "single-output") -> str:
    return reverse("submissions:run", args=[slug])


def post_run(client, body, slug: str = "single-output"):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(run_url(slug), data=data, content_type="application/json")


@pytest.fixture
def as_alice(client, alice, exercises):
    client.force_login(alice)
    return client


def shown() -> RunResult:
    return RunResult("ok", stdout="shape: (1, 4)\n", summary="Model: sequential", layers=[])


def lapse(run: Run) -> None:
    Run.objects.filter(pk=run.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))


# --- the endpoint ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_queues_a_run_and_answers_202_with_where_to_poll(
    as_alice, alice, exercises, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post_run(as_alice, {"code": PRINTS_ITS_SHAPE})

    assert response.status_code == 202
    run = Run.objects.get()
    body = response.json()
    assert (body["id"], body["status"], body["result"]) == (run.pk, "queued", None)
    assert body["status_url"] == reverse("submissions:run_status", args=[run.pk])
    assert (run.learner, run.exercise, run.code) == (alice, exercises["single-output"], PRINTS_ITS_SHAPE)
    assert run.exercise_version.number == exercises["single-output"].version
    assert len(callbacks) == 1  # sent only once committed
    assert not Submission.objects.exists()


REFUSALS = {
    "empty code": ({"code": "  \n"}, "empty"),
    "code that is not text": ({"code": 42}, "Send your code as text"),
    "over 64 KB": ({"code": "#" * (DEFAULT_LIMITS.code_kb * 1024) + "\n"}, f"larger than {DEFAULT_LIMITS.code_kb} KB"),
    "not JSON": ("{'code': 'x'", "not valid JSON"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("body, message", REFUSALS.values(), ids=REFUSALS.keys())
def test_bad_input_is_refused_as_json_and_queues_nothing(as_alice, body, message):
    response = post_run(as_alice, body)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not Run.objects.exists()


@pytest.mark.django_db
def test_the_endpoints_answer_in_json_whatever_goes_wrong(client, as_alice, exercises, bob):
    assert post_run(as_alice, {"code": "x = 1"}, slug="no-such-exercise").status_code == 404
    wrong_method = as_alice.get(run_url())
    assert wrong_method.status_code == 405 and "POST" in wrong_method.json()["error"]
    mine = request_run(bob, exercises["single-output"], "x = 1")
    assert as_alice.get(reverse("submissions:run_status", args=[mine.pk])).status_code == 404  # bob's own
    client.logout()
    anonymous = post_run(client, {"code": "x = 1"})
    assert anonymous.status_code == 401 and "Log in" in anonymous.json()["error"]


@pytest.mark.django_db
def test_a_run_is_refused_without_the_csrf_token(alice, exercises):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    response = post_run(strict, {"code": "x = 1"})
    assert response.status_code == 403
    assert not Run.objects.exists()


@pytest.mark.django_db
def test_runs_are_capped_per_learner_apart_from_submissions(as_alice, alice, bob, exercises, settings):
    settings.MAX_PENDING_PER_LEARNER = 2
    assert post_run(as_alice, {"code": "x = 1"}).status_code == 202
    assert post_run(as_alice, {"code": "x = 2"}).status_code == 202
    refused = post_run(as_alice, {"code": "x = 3"})
    assert refused.status_code == 400
    assert refused.json()["error"].startswith("You already have 2 runs waiting; wait for their results")
    assert Run.objects.filter(learner=alice).count() == 2
    # Runs waiting take nothing from submitting, nor from another learner's runs.
    submit_attempt(alice, exercises["single-output"], "x = 1")
    assert request_run(bob, exercises["single-output"], "x = 1").status == "queued"
    # Once a run has its result, the learner may run again.
    first = Run.objects.filter(learner=alice).last()
    record_run(first.pk, shown())
    assert post_run(as_alice, {"code": "x = 4"}).status_code == 202


@pytest.mark.django_db
def test_a_run_counts_as_no_attempt_and_is_in_no_history(as_alice, alice, exercises):
    run = request_run(alice, exercises["single-output"], PRINTS_ITS_SHAPE)
    start_run(run.pk, "worker-a")
    assert record_run(run.pk, shown(), worker="worker-a")

    status = as_alice.get(reverse("submissions:run_status", args=[run.pk])).json()
    assert status["status"] == "done" and status["result"]["stdout"] == "shape: (1, 4)\n"
    assert not Submission.objects.exists()
    assert not Progress.objects.filter(learner=alice).exists()
    page = as_alice.get(reverse("catalog:exercise_detail", args=["single-output"]))
    assert page.context["history"] == []


# --- leases and the sweeper: a run outlives the worker that died running it -----------------------------


@pytest.mark.django_db
def test_a_run_is_leased_to_one_worker_at_a_time(alice, exercises):
    run = request_run(alice, exercises["single-output"], "x = 1")
    assert start_run(run.pk, "worker-a") is not None
    assert start_run(run.pk, "worker-b") is None
    lapse(run)
    assert start_run(run.pk, "worker-b") is not None
    assert record_run(run.pk, shown(), worker="worker-a") is False  # its lease was taken over
    assert renew_run_lease(run.pk, "worker-a") is False
    assert record_run(run.pk, shown(), worker="worker-b") is True
    assert start_run(run.pk, "worker-c") is None  # done: a duplicate message is dropped


@pytest.mark.django_db
def test_the_sweeper_queues_again_a_run_whose_worker_died(alice, exercises):
    run = request_run(alice, exercises["single-output"], "x = 1")
    start_run(run.pk, "worker-a")
    assert hand_on_lapsed_runs(timezone.now()) == []  # the lease still holds
    lapse(run)
    assert hand_on_lapsed_runs(timezone.now()) == [run.pk]
    run.refresh_from_db()
    assert (run.status, run.claimed_by, run.sent_at) == ("queued", "", None)
    assert runs_due_for_sending(timezone.now()) == [run.pk]


@pytest.mark.django_db
def test_a_run_that_kills_its_worker_again_and_again_ends_with_our_error(alice, exercises, settings):
    run = request_run(alice, exercises["single-output"], "x = 1")
    for attempt in range(settings.GRADING_MAX_CLAIMS):
        start_run(run.pk, f"worker-{attempt}")
        lapse(run)
        hand_on_lapsed_runs(timezone.now())
    run.refresh_from_db()
    assert run.status == "done"
    assert run.result["status"] == "internal_error" and "our side" in run.result["error"]


@pytest.mark.django_db
def test_on_redis_a_waiting_grading_is_taken_before_a_waiting_run(redis_url):
    """The tasks as they are sent, a run first, on a queue of this test's own: the grading comes out first."""
    from kombu import Connection

    from unroll.submissions.tasks import grade_submission, run_learner_code

    queue_name = f"priority-probe-{uuid.uuid4().hex[:8]}"
    with Connection(redis_url) as connection:
        probe = connection.SimpleQueue(queue_name)
        try:
            run_learner_code.apply_async((1,), queue=queue_name, priority=RUN_PRIORITY)
            grade_submission.apply_async((2,), queue=queue_name)
            taken = []
            for _ in range(2):
                message = probe.get(timeout=10)
                taken.append(message.headers["task"])
                message.ack()
        finally:
            probe.clear()
            probe.close()
    assert taken == [grade_submission.name, run_learner_code.name]


# --- through a real worker ----------------------------------------------------------------------------------


@pytest.mark.worker
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_runs_the_code_and_the_page_can_show_what_it_did(grading_worker, client, alice, exercises):
    client.force_login(alice)
    response = post_run(client, {"code": PRINTS_ITS_SHAPE})
    assert response.status_code == 202, response.content
    run = wait_until_done(Run.objects.get(pk=response.json()["id"]), 120, "the run's result")

    result = client.get(response.json()["status_url"]).json()["result"]
    assert result["status"] == "ok", result
    assert "shape: (1, 4)" in result["stdout"]
    assert "simple_rnn (SimpleRNN)" in result["summary"]
    assert result["layers"] == [{"name": "simple_rnn", "class": "SimpleRNN", "output_shape": "(1, 4)"}]
    assert result["drawing"]["svg"].startswith("<svg")
    assert run.claims == 1
    assert not Submission.objects.exists() and not Progress.objects.exists()


@pytest.mark.worker
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_run_held_by_a_killed_worker_is_finished_after_it(grading_worker, alice, exercises):
    # Long enough to be killed mid-run, short enough to finish inside the default wall limit (10 s) after.
    slow = "import time\ntime.sleep(5)\n" + PRINTS_ITS_SHAPE
    run = request_run(alice, exercises["single-output"], slow)
    running = wait_until(lambda: Run.objects.filter(pk=run.pk, status="running").first(), 60, "the first claim")
    assert int(running.claimed_by.split(":")[1]) == grading_worker.proc.pid
    os.kill(grading_worker.proc.pid, signal.SIGKILL)  # mid-run: no result, no release, the lease just stops
    grading_worker.proc.wait()
    grading_worker.start()  # the same worker again, as a restart policy would: a new holder of leases
    grading_worker.wait_ready()

    done = wait_until_done(run, 180, "the run's result after the worker died")
    assert done.claims == 2 and done.claimed_by == "" and done.result["status"] == "ok", done.result
    assert "shape: (1, 4)" in done.result["stdout"]
    assert not Submission.objects.exists() and not Progress.objects.exists()
