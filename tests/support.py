"""Helpers shared by tests (fixtures live in conftest.py)."""

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
REPO = Path(__file__).resolve().parent.parent


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


def wait_for_verdict(submission, timeout: float = 90):
    """Poll the database (the source of truth) until the worker has graded the submission."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        submission.refresh_from_db()
        if submission.status == submission.Status.DONE:
            return submission
        time.sleep(0.2)
    raise AssertionError(f"submission {submission.pk} was not graded within {timeout} s (status {submission.status})")


def rss_kb(pid: int) -> int:
    """Resident memory of a process, in KB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children_of(pid: int) -> list[str]:
    """The pids of a process's live (or not yet reaped) children."""
    return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()


def runs_left_below(warm_pid: int, timeout: float = 5) -> list[str]:
    """Processes of runs still alive below a warm process, once it had time to reap them.

    Its direct children are the spare supervisors it keeps waiting for requests (they have no
    children of their own); anything below them belongs to a run.
    """
    deadline = time.monotonic() + timeout
    while True:
        left = [grandchild for spare in children_of(warm_pid) for grandchild in safe_children(spare)]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


def safe_children(pid: str) -> list[str]:
    try:
        return children_of(int(pid))
    except OSError:
        return []  # it ended meanwhile


def exercise_spec(slug: str):
    """The grader spec of an exercise of the repository, read from its folder."""
    from unroll.catalog.folders import load_folder

    return load_folder(Path(__file__).resolve().parent.parent / "exercises" / slug).spec


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
