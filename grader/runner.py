"""One run of the harness in a sandboxed child, and what it reported, as plain data.

`Runner` is the one interface between grading and isolation: `run(request, limits)` returns
a `RunOutcome`. `run_sandboxed()` forks the sandboxed child from the calling process and
watches it (wall clock, output size, report size); the warm engine calls it in a process
forked from a TensorFlow-loaded zygote, the cold runner in a fresh interpreter.
"""

import logging
import os
import selectors
import signal
import time
from dataclasses import asdict, dataclass, field
from typing import Protocol

from grader import reports
from grader.cgroups import GroupEvents, RunGroup
from grader.harness import READY, STARTED
from grader.limits import Limits

logger = logging.getLogger(__name__)

MAX_REPORT_BYTES = 512 * 1024
READ_CHUNK = 65536
ISOLATION_FAILED_EXIT = 70


@dataclass
class Usage:
    cpu_ms: int = 0
    wall_ms: int = 0
    max_rss_kb: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class RunOutcome:
    """What happened to one run, as plain data for the verdict to be computed from."""

    report: dict | None
    isolated: bool = False
    exit_code: int | None = None
    signal: int | None = None
    wall_timeout: bool = False
    output_exceeded: bool = False
    stdout: str = ""
    stderr: str = ""
    usage: Usage = field(default_factory=Usage)
    # Whether the learner's code began to run: a run that died before cannot be the learner's doing.
    started: bool = False
    # What the run's control group recorded (where the host lends one): hitting its own
    # process limit, and kills by the kernel for going over its memory.
    processes_limit_hit: bool = False
    memory_oom_kills: int = 0

    def as_dict(self) -> dict:
        return {**asdict(self), "usage": self.usage.as_dict()}

    @classmethod
    def from_dict(cls, data: dict) -> "RunOutcome":
        return cls(**{**data, "usage": Usage(**data["usage"])})


class Runner(Protocol):
    def run(self, request: dict, limits: Limits) -> RunOutcome: ...


class EngineFailure(RuntimeError):
    """The grading machinery itself failed (not the learner's code): grade again later."""


def kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def has_exited(pid: int) -> bool:
    """Whether the child has exited, without reaping it (wait4 reads its rusage later)."""
    return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


class Streams:
    """Bounded reading of the child's stdout, stderr and report pipe."""

    def __init__(self, fds: dict[str, int], limits: Limits):
        self.selector = selectors.DefaultSelector()
        self.buffers = {name: bytearray() for name in fds}
        self.output_cap = limits.output_kb * 1024
        self.output_exceeded = False
        self.report_too_large = False
        for name, fd in fds.items():
            self.selector.register(fd, selectors.EVENT_READ, name)

    @property
    def open(self) -> bool:
        return bool(self.selector.get_map())

    @property
    def over_a_cap(self) -> bool:
        return self.output_exceeded or self.report_too_large

    def pump(self, timeout: float) -> bool:
        """Read what is ready; False when nothing was."""
        events = self.selector.select(timeout)
        for key, _ in events:
            chunk = os.read(key.fd, READ_CHUNK)
            if not chunk:
                self.selector.unregister(key.fd)
                continue
            self.buffers[key.data] += chunk
        self.output_exceeded = len(self.buffers["stdout"]) + len(self.buffers["stderr"]) > self.output_cap
        self.report_too_large = len(self.buffers["report"]) > MAX_REPORT_BYTES + len(READY)
        return bool(events)

    def close(self) -> None:
        self.selector.close()

    def text(self, name: str) -> str:
        return bytes(self.buffers[name][: self.output_cap]).decode("utf-8", "replace")


def watch(pid: int, fds: dict[str, int], limits: Limits, started: float, group: RunGroup | None = None) -> RunOutcome:
    """Read the child's pipes under the caps until it ends or the wall clock runs out, then reap it."""
    streams = Streams(fds, limits)
    deadline = started + limits.wall_seconds
    wall_timeout = False
    try:
        while streams.open and not streams.over_a_cap:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                wall_timeout = True
                break
            streams.pump(min(remaining, 0.1))
            if group is not None and group.cpu_seconds() > limits.cpu_seconds:
                break  # every process of the run together, not only the one RLIMIT_CPU sees
            if has_exited(pid):
                # The sandbox's PID 1 is gone, so is everything it started: drain and stop.
                while streams.open and not streams.over_a_cap and streams.pump(0):
                    pass
                break
    finally:
        kill_group(pid)
        _, status, rusage = os.wait4(pid, 0)
        streams.close()
    events = group.events() if group is not None else GroupEvents()
    code = os.waitstatus_to_exitcode(status)
    report_bytes = streams.buffers["report"]
    return RunOutcome(
        report=parse_report(report_bytes),  # refuses (as too large) what went over the cap
        isolated=report_bytes.startswith(READY),
        started=report_bytes.startswith(READY + STARTED),
        exit_code=code if code >= 0 else None,
        signal=-code if code < 0 else None,
        wall_timeout=wall_timeout,
        output_exceeded=streams.output_exceeded,
        stdout=streams.text("stdout"),
        stderr=streams.text("stderr"),
        usage=Usage(
            # The group sees every process of the run; rusage only those the middle process reaped.
            cpu_ms=int(max(rusage.ru_utime + rusage.ru_stime, events.cpu_seconds) * 1000),
            wall_ms=int((time.monotonic() - started) * 1000),
            max_rss_kb=int(rusage.ru_maxrss),
        ),
        processes_limit_hit=events.processes_limit_hit,
        memory_oom_kills=events.memory_oom_kills,
    )


def parse_report(raw: bytearray | bytes) -> dict | None:
    """The run's report: a mapping, None when there is none, or a refusal when over a bound.

    Size and depth are checked before decoding, so that neither json.loads here nor the
    re-encoding of the outcome (the supervisor's as_dict and json.dumps) can recurse deep.
    """
    body = bytes(raw[len(READY) :]) if raw.startswith(READY) else b""
    body = body.removeprefix(STARTED)  # JSON never begins with this letter
    if not body:
        return None
    report = reports.decode_bounded(body, MAX_REPORT_BYTES, reports.MAX_REPORT_DEPTH)
    if isinstance(report, dict):
        return report
    refused = reports.refusal(body, MAX_REPORT_BYTES, reports.MAX_REPORT_DEPTH)
    return reports.refused_report(refused) if refused else None  # else not a JSON object: no report


CHILD_ENVIRONMENT = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "HOME": "/tmp",
    "TMPDIR": "/tmp",
    "LANG": "C.UTF-8",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "CUDA_VISIBLE_DEVICES": "",
    "OMP_NUM_THREADS": "1",
    # TensorFlow sizes its thread pools by the host's cores: one each keeps a run's thread
    # count (and so its `processes` limit) the same on a 2-core laptop and a 64-core server.
    "TF_NUM_INTEROP_THREADS": "1",
    "TF_NUM_INTRAOP_THREADS": "1",
    "KERAS_HOME": "/tmp/.keras",
}


def enter_child(stdout_w: int, stderr_w: int, report_w: int, limits: Limits, weak: bool) -> None:
    """In the forked child: wire stdio, isolate (or, in the development mode, only limit)."""
    from grader import sandbox

    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(stdout_w, 1)
    os.dup2(stderr_w, 2)
    os.setsid()
    if weak:
        sandbox.close_other_fds((report_w,))
        sandbox.apply_rlimits(limits, sandbox.current_address_space())
    else:
        sandbox.isolate_process(limits, keep_fds=(report_w,))
    os.environ.clear()
    os.environ.update(CHILD_ENVIRONMENT)


def run_sandboxed(request: dict, limits: Limits, weak: bool = False, group: RunGroup | None = None) -> RunOutcome:
    """Fork the sandboxed child, run the harness in it, and watch it. Call from a trusted process.

    `group`, a control group made for this run alone, which the calling supervisor has joined (so
    the child starts in it), is watched for the run's CPU time and read when the run ends.
    """
    from grader import harness

    pipes = {name: os.pipe() for name in ("stdout", "stderr", "report")}
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            enter_child(pipes["stdout"][1], pipes["stderr"][1], pipes["report"][1], limits, weak)
            harness.run_and_report(request, pipes["report"][1])
        except BaseException as exc:  # noqa: BLE001 - isolation failed: say so, never run the code
            os.write(2, f"sandbox: {exc}\n".encode(errors="replace"))
        os._exit(ISOLATION_FAILED_EXIT)
    for _, write_end in pipes.values():
        os.close(write_end)
    try:
        return watch(pid, {name: read_end for name, (read_end, _) in pipes.items()}, limits, started, group)
    finally:
        for read_end, _ in pipes.values():
            os.close(read_end)
