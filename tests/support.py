"""Helpers shared by tests (fixtures live in conftest.py)."""

import os
import time

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
