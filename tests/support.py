"""Helpers shared by tests (fixtures live in conftest.py)."""

import os
import time
from pathlib import Path

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


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


def exercise_spec(slug: str):
    """The grader spec of an exercise of the repository, read from its folder."""
    from unroll.catalog.folders import load_folder

    return load_folder(Path(__file__).resolve().parent.parent / "exercises" / slug).spec
