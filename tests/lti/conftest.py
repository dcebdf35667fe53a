"""The `test_lms` fixture: the test LMS (tests/lti/lms) in a process of its own, reached at http://localhost:PORT.

It imports nothing from Unroll. If the LMS does not start, the fixture fails (never skips), showing its stderr.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from lms_client import LmsClient

LMS_PROJECT = Path(__file__).resolve().parent / "lms"
START_DEADLINE_SECONDS = 60
ATTEMPTS = 3  # a free port can be taken between choosing it and binding it


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LmsProcess:
    """`django runserver` of the LMS project, with its stderr in a file (a pipe could fill and block it)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.base_url = f"http://localhost:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="test-lms-", suffix=".log", delete=False)  # noqa: SIM115
        env = {
            **os.environ,
            "PYTHONPATH": str(LMS_PROJECT),
            "LMS_BASE_URL": self.base_url,
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        command = [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{self.port}", "--noreload"]
        command += ["--settings", "lms_site.settings"]
        self.process = subprocess.Popen(
            command, cwd=LMS_PROJECT, env=env, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")

    def wait_until_answering(self) -> bool:
        """True once /control/health answers; False if the process exits first. Fails past the deadline."""
        deadline = time.monotonic() + START_DEADLINE_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                if requests.get(f"{self.base_url}/control/health", timeout=2).ok:
                    return True
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        pytest.fail(f"the test LMS did not answer within {START_DEADLINE_SECONDS}s; its output:\n{self.output()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_lms() -> LmsProcess:
    failures = []
    for _ in range(ATTEMPTS):
        lms = LmsProcess()
        if lms.wait_until_answering():
            return lms
        failures.append(f"--- port {lms.port}, exit code {lms.process.returncode}:\n{lms.output()}")
    pytest.fail("the test LMS did not start:\n" + "\n".join(failures))


@pytest.fixture(scope="session")
def test_lms() -> Iterator[LmsClient]:
    """A running test LMS; yields its LmsClient. Shared by the session: call .reset() for a clean course."""
    lms = start_lms()
    try:
        yield LmsClient(lms.base_url, server_output=lms.output)
    finally:
        lms.stop()
        os.unlink(lms.log.name)
