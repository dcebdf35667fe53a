"""Fail closed: where namespaces cannot be made (as under Docker's default seccomp profile), the
worker and the grade command refuse to grade, unless the development switch is set, loudly.

The environment without namespaces is real: a seccomp filter that denies unshare(2) is loaded
before the command starts, and everything it starts inherits it.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from grader.engine import WEAK_WARNING

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
WITHOUT_NAMESPACES = (
    "import errno, os, sys, pyseccomp as s; f = s.SyscallFilter(s.ALLOW); "
    "f.add_rule(s.ERRNO(errno.EPERM), 'unshare'); f.load(); "
    "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])"
)
SOLUTION = REPO / "exercises" / "single-output" / "solution.py"


def run_without_namespaces(args: list[str], tmp_path: Path, **env) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DEBUG": "true",
        "SECRET_KEY": "fail-closed-test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PYTHONPATH": f"{REPO}:{REPO / 'platform'}",
        **env,
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_NAMESPACES, *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_the_grade_command_refuses_when_the_sandbox_cannot_be_built(tmp_path):
    completed = run_without_namespaces(["manage.py", "grade", "single-output", str(SOLUTION), "--json"], tmp_path)
    assert completed.returncode != 0
    assert "the grading sandbox does not hold" in completed.stderr
    assert "unshare failed" in completed.stderr
    assert "seccomp-worker.json" in completed.stderr  # says what is missing and where to look
    assert completed.stdout.strip() == ""


def test_the_worker_refuses_to_start_when_the_sandbox_cannot_be_built(tmp_path):
    completed = run_without_namespaces(
        ["-m", "celery", "-A", "unroll", "worker", "--pool=solo", "--loglevel=INFO"],
        tmp_path,
        CELERY_BROKER_URL="memory://",
    )
    assert completed.returncode != 0
    assert "refusing to start" in completed.stdout + completed.stderr


def test_the_development_switch_grades_anyway_and_warns_every_time(tmp_path):
    completed = run_without_namespaces(
        ["manage.py", "grade", "single-output", str(SOLUTION), "--json"], tmp_path, GRADER_ALLOW_UNSAFE="true"
    )
    assert completed.returncode == 0, completed.stderr[-1000:]
    assert json.loads(completed.stdout)["verdict"] == "accepted"
    assert WEAK_WARNING in completed.stderr
