"""Helpers shared by tests (fixtures live in conftest.py)."""

import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from unittest import mock

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
REPO = Path(__file__).resolve().parent.parent
# The marks of a test that needs the real Celery worker (the grading_worker fixture): selected as `worker`
# and `slow`, and with transactions that really commit, or the worker could not see the test's rows.
THROUGH_A_WORKER = [pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def require_service(reachable: bool, what: str) -> None:
    """Under CI a missing service fails the test; on a developer's machine it skips it."""
    if reachable:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {what} is not reachable")
    pytest.skip(f"{what} is not reachable")


class WorkerProcess:
    """A real `celery worker` process, sharing the test database, with its log kept for failures."""

    def __init__(self, database_url: str, broker_url: str, name: str = "pytest", extra_env: dict | None = None):
        env = {
            **os.environ,
            "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'platform'}",
            "DJANGO_SETTINGS_MODULE": "unroll.settings_test",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            **(extra_env or {}),
        }
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "unroll",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{name}@%h",
        ]
        self.command, self.env = command, env
        self.log: list[str] = []
        self.start()

    def start(self) -> None:
        """Start the process (again, after a test killed it: the same worker, as a restart policy would)."""
        self.ready = threading.Event()
        self.proc = subprocess.Popen(
            self.command, cwd=REPO, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        threading.Thread(target=self._read, args=(self.proc, self.ready), daemon=True).start()

    def _read(self, proc: subprocess.Popen, ready: threading.Event) -> None:
        for line in proc.stdout:
            self.log.append(line)
            if " ready." in line:
                ready.set()

    def wait_ready(self, timeout: float = 180) -> None:
        if not self.ready.wait(timeout):
            self.stop()
            raise RuntimeError("the Celery worker did not start:\n" + "".join(self.log[-40:]))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def worker_database_url() -> str:
    """The test database as a URL a worker process can use."""
    from django.db import connection

    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def logs_in(client, username: str, password: str) -> bool:
    """Log in through the login form, as a person does (the throttles see the request)."""
    from django.contrib.auth import SESSION_KEY
    from django.urls import reverse

    client.logout()
    client.post(reverse("login"), {"username": username, "password": password})
    return SESSION_KEY in client.session


def wait_until(predicate, timeout: float, what: str, every: float = 0.2, details=None):
    """Call `predicate` every `every` s until it returns something true, and return that.

    Past `timeout` s the test fails with "gave up waiting TIMEOUT s for WHAT" and, when given,
    `details()` (the state it was left in: a status, a log). A predicate may fail the test itself
    to stop waiting early (the process it waits for has exited).
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting {timeout} s for {what}" + (f": {details()}" if details else ""))
        time.sleep(every)


def wait_until_done(row, timeout: float, what: str):
    """Refresh a model instance with a `status` (a submission, a draft) from the database, the source of
    truth, until a worker has set it to DONE; return it."""

    def done():
        row.refresh_from_db()
        return row if row.status == row.Status.DONE else None

    return wait_until(done, timeout, what, details=lambda: f"status {row.status}")


def wait_for_verdict(submission, timeout: float = 90):
    """Poll the database (the source of truth) until the worker has graded the submission."""
    return wait_until_done(submission, timeout, f"the verdict on submission {submission.pk}")


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on (for a server a test starts)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_answers(port: int) -> bool:
    return subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout.strip() == b"PONG"


def start_redis_server(port: int, *options: str) -> subprocess.Popen:
    """A redis-server of a test's own on 127.0.0.1:`port` (with redis-server `options`), once it answers PING."""
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", *options], stdout=subprocess.DEVNULL
    )
    try:
        wait_until(lambda: redis_answers(port), 10, f"redis-server to answer on port {port}", every=0.1)
    except AssertionError:
        process.kill()
        process.wait()
        raise
    return process


def check(name: str, passed: bool) -> dict:
    """One check of a grader's result, as a submission stores it."""
    return {"name": name, "passed": passed, "message": "" if passed else f"{name} is wrong"}


def graded(learner, exercise, verdict: str, score: float, checks=(), code: str | None = None):
    """A graded submission, through the real write path: submit_attempt as the learner's submit does, then
    record_verdict with the result a worker would send (so Progress is what the worker would leave).

    Nothing reaches the grading queue, even where the test's transactions really commit.
    """
    from grader import GradeResult
    from unroll.submissions import actions

    with mock.patch.object(actions, "send_for_grading", return_value=False):
        submission = actions.submit_attempt(learner, exercise, code or f"model = {score!r}  # {verdict}\n")
    return actions.record_verdict(submission.pk, GradeResult(verdict, score, list(checks), [], None))


# The grader's tests have their own helpers, which need no Django: tests/grader/grader_support.py.


# Two questions (single choice, shape), right answers: {"units": "0", "sequence-shape": "(None, 3, 4)"}.
SHAPES_QUIZ = f"""\
uuid: "{uuid.uuid4()}"
slug: shapes-first
title: Shapes first
topic: shapes
order: 1
attempts_allowed: 2
penalty: [1.0, 0.5]
questions:
  - key: units
    type: single
    prompt: What does the 4 in `SimpleRNN(4)` set?
    choices:
      - {{text: "The number of units: the size of the hidden state", correct: true}}
      - {{text: "The number of time steps"}}
    explanation: The first argument is `units`, the size of the hidden state passed from step to step.
  - key: sequence-shape
    type: shape
    prompt: What does `SimpleRNN(4, return_sequences=True)` return for an input of shape `(1, 3, 2)`?
    answer: [1, 3, 4]
    explanation: One vector of 4 numbers for each of the 3 steps.
"""


def published_quiz(text: str = SHAPES_QUIZ):
    """A quiz without predict questions, published as sync_quizzes would (no grader needed)."""
    from unroll.quizzes.files import load_source
    from unroll.quizzes.models import Quiz
    from unroll.quizzes.questions import stored_questions
    from unroll.quizzes.sync import upsert

    quiz_file = load_source("test", text)
    upsert(quiz_file, stored_questions(quiz_file.questions))
    return Quiz.objects.get(uuid=quiz_file.uuid)


def run_quick_suite(script: str, out: Path) -> dict:
    """Run benchmarks/SCRIPT --quick for real and read the JSON it writes (the suites print their table too)."""
    completed = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / script), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=1500,
    )
    print(completed.stdout)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    return json.loads(out.read_text())
