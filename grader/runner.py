"""Runs the harness on one submission in a child process and collects what it reported.

`Runner` is the one small interface between grading and isolation: `run(request, limits)`
returns a `RunOutcome` of plain data. `SubprocessRunner` starts a fresh Python per
submission with a clean environment, a private scratch directory, rlimits, a wall-clock
timeout and bounded output; the stronger sandbox replaces it behind the same interface.
"""

import json
import os
import resource
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from grader.limits import Limits

HARNESS_SOURCE = (Path(__file__).with_name("harness.py")).read_text()
MAX_REPORT_BYTES = 1024 * 1024
READ_CHUNK = 65536


@dataclass
class Usage:
    cpu_ms: int = 0
    wall_ms: int = 0
    max_rss_kb: int = 0

    def as_dict(self) -> dict:
        return {"cpu_ms": self.cpu_ms, "wall_ms": self.wall_ms, "max_rss_kb": self.max_rss_kb}


@dataclass
class RunOutcome:
    """What happened to one run, as plain data for the verdict to be computed from."""

    report: dict | None
    report_problem: str | None = None
    exit_code: int | None = None
    signal: int | None = None
    wall_timeout: bool = False
    output_exceeded: bool = False
    stdout: str = ""
    stderr: str = ""
    usage: Usage = field(default_factory=Usage)


class Runner(Protocol):
    def run(self, request: dict, limits: Limits) -> RunOutcome: ...


def child_environment(scratch: str) -> dict:
    """Nothing of the parent's environment crosses: only what Python and TensorFlow need."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": scratch,
        "TMPDIR": scratch,
        "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "TF_ENABLE_ONEDNN_OPTS": "0",
        "CUDA_VISIBLE_DEVICES": "",
        "OMP_NUM_THREADS": "1",
        "KERAS_HOME": scratch,
    }


def rlimit_setter(limits: Limits):
    """A preexec function that applies the limits in the child, before the interpreter starts."""
    memory = limits.memory_mb * 1024 * 1024
    settings = [
        # SIGXCPU at the soft limit; SIGKILL a second later if the code ignores that signal.
        (resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1)),
        (resource.RLIMIT_AS, (memory, memory)),
        (resource.RLIMIT_FSIZE, (limits.file_size_mb * 1024 * 1024,) * 2),
        (resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files)),
        (resource.RLIMIT_CORE, (0, 0)),
    ]

    def apply() -> None:
        for which, value in settings:
            resource.setrlimit(which, value)

    return apply


class SubprocessRunner:
    """A fresh interpreter per submission. Slow (TensorFlow is imported every time) but simple."""

    def __init__(self, python: str = sys.executable):
        self.python = python

    def run(self, request: dict, limits: Limits) -> RunOutcome:
        scratch = tempfile.mkdtemp(prefix="unroll-run-")
        report_read, report_write = os.pipe()
        # pass_fds keeps the descriptor's number, so the child is told which one to write to.
        payload = json.dumps({**request, "report_fd": report_write}).encode()
        started = time.monotonic()
        try:
            proc = subprocess.Popen(  # noqa: S603 - fixed argv, the code travels on stdin
                [self.python, "-I", "-c", HARNESS_SOURCE],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=(report_write,),
                cwd=scratch,
                env=child_environment(scratch),
                start_new_session=True,
                preexec_fn=rlimit_setter(limits),  # noqa: PLW1509 - graders run single-threaded
            )
        except BaseException:
            os.close(report_read)
            raise
        finally:
            os.close(report_write)
        try:
            return collect(proc, payload, report_read, limits, started)
        finally:
            os.close(report_read)
            shutil.rmtree(scratch, ignore_errors=True)


def feed_stdin(proc: subprocess.Popen, payload: bytes) -> None:
    try:
        proc.stdin.write(payload)
        proc.stdin.close()
    except BrokenPipeError:
        pass  # the child died before reading: its exit status says why


def kill_group(pgid: int) -> None:
    """Kill every process of the run: the child made its own session, so they share its group."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class Streams:
    """Bounded reading of the child's stdout, stderr and report pipe."""

    def __init__(self, proc: subprocess.Popen, report_read: int, limits: Limits):
        self.selector = selectors.DefaultSelector()
        self.buffers = {"stdout": bytearray(), "stderr": bytearray(), "report": bytearray()}
        self.output_cap = limits.output_kb * 1024
        self.output_exceeded = False
        self.report_too_large = False
        self.selector.register(proc.stdout, selectors.EVENT_READ, "stdout")
        self.selector.register(proc.stderr, selectors.EVENT_READ, "stderr")
        self.selector.register(report_read, selectors.EVENT_READ, "report")

    @property
    def open(self) -> bool:
        return bool(self.selector.get_map())

    def pump(self, timeout: float) -> None:
        for key, _ in self.selector.select(timeout):
            chunk = os.read(key.fd, READ_CHUNK)
            if not chunk:
                self.selector.unregister(key.fileobj)
                continue
            self.buffers[key.data] += chunk
            self.check_caps()

    def check_caps(self) -> None:
        if len(self.buffers["stdout"]) + len(self.buffers["stderr"]) > self.output_cap:
            self.output_exceeded = True
        if len(self.buffers["report"]) > MAX_REPORT_BYTES:
            self.report_too_large = True

    def close(self) -> None:
        self.selector.close()

    def text(self, name: str) -> str:
        return bytes(self.buffers[name][: self.output_cap]).decode("utf-8", "replace")


def collect(proc: subprocess.Popen, payload: bytes, report_read: int, limits: Limits, started: float) -> RunOutcome:
    feed_stdin(proc, payload)
    streams = Streams(proc, report_read, limits)
    deadline = started + limits.wall_seconds
    wall_timeout = False
    try:
        while streams.open and not (streams.output_exceeded or streams.report_too_large):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                wall_timeout = True
                break
            streams.pump(min(remaining, 0.25))
            if has_exited(proc.pid):
                # The child is gone; anything it spawned may still hold the pipes open.
                kill_group(proc.pid)
    finally:
        kill_group(proc.pid)
        _, status, rusage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        drain_after_exit(streams)
        streams.close()
        proc.stdout.close()
        proc.stderr.close()
    wall_ms = int((time.monotonic() - started) * 1000)
    return RunOutcome(
        report=None if streams.report_too_large else parse_report(streams.buffers["report"]),
        report_problem=report_problem(streams),
        exit_code=proc.returncode if proc.returncode >= 0 else None,
        signal=-proc.returncode if proc.returncode < 0 else None,
        wall_timeout=wall_timeout,
        output_exceeded=streams.output_exceeded,
        stdout=streams.text("stdout"),
        stderr=streams.text("stderr"),
        usage=Usage(
            cpu_ms=int((rusage.ru_utime + rusage.ru_stime) * 1000),
            wall_ms=wall_ms,
            max_rss_kb=int(rusage.ru_maxrss),
        ),
    )


def has_exited(pid: int) -> bool:
    """Whether the child has exited, without reaping it (its rusage is read by wait4 later)."""
    return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


def drain_after_exit(streams: Streams) -> None:
    """Read what the dead process group left in the pipes, without waiting for more."""
    for _ in range(64):
        if not streams.open or streams.output_exceeded or streams.report_too_large:
            return
        streams.pump(0)
        if not streams.selector.select(0):
            return


def parse_report(raw: bytearray) -> dict | None:
    if not raw:
        return None
    try:
        report = json.loads(bytes(raw))
    except (ValueError, UnicodeDecodeError):
        return None
    return report if isinstance(report, dict) else None


def report_problem(streams: Streams) -> str | None:
    if streams.report_too_large:
        return "report too large"
    if not streams.buffers["report"]:
        return "no report"
    if parse_report(streams.buffers["report"]) is None:
        return "report is not a JSON object"
    return None
