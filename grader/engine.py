"""The warm grading engine: one TensorFlow-loaded zygote per worker, a fresh sandbox per run.

`WarmEngine.run()` implements `Runner`: it sends the request to the zygote over a private
unix socket and gets the outcome back. If the zygote has died, it is rebuilt and the run is
tried again. `self_test()` proves the isolation from inside a real sandbox before the engine
takes any work, and the engine refuses to start when it does not hold (fail closed), unless
the explicit development switch `weak=True` says otherwise (then every run logs a warning).
`ColdRunner` runs the same sandbox from a fresh interpreter per run (for the benchmark).
"""

import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections import deque
from pathlib import Path

from grader.cgroups import DELEGATED_ROOT_VARIABLE
from grader.limits import Limits
from grader.runner import EngineFailure, RunOutcome
from grader.zygote import receive_message, send_message

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 180
STDERR_TAIL_LINES = 40  # what a start failure quotes of the warm process's own words
ZYGOTE_ENVIRONMENT = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "CUDA_VISIBLE_DEVICES": "",
    "OMP_NUM_THREADS": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
}
WEAK_WARNING = (
    "GRADER_ALLOW_UNSAFE is on: submissions run WITHOUT the sandbox's namespaces, chroot and seccomp. "
    "Development only; never expose this worker to untrusted code."
)


def zygote_environment() -> dict[str, str]:
    """The warm process's whole environment: no secret, only what the runs' accounting needs."""
    delegated = os.environ.get(DELEGATED_ROOT_VARIABLE)
    return {**ZYGOTE_ENVIRONMENT, **({DELEGATED_ROOT_VARIABLE: delegated} if delegated else {})}


class IsolationBroken(RuntimeError):
    """The self-test found a way out of the sandbox, or could not build one: refuse to grade."""


def interpreter_command(code: str) -> list[str]:
    # -I: no PYTHON* variables, no user site, no current directory on the path.
    return [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(PROJECT_ROOT)!r}); {code}"]


class WarmEngine:
    def __init__(self, slots: int = 2, weak: bool = False, run_timeout_margin: float = 30):
        self.slots = slots
        self.weak = weak
        self.margin = run_timeout_margin
        self.directory = Path(tempfile.mkdtemp(prefix="unroll-engine-"))
        os.chmod(self.directory, 0o700)
        self.socket_path = str(self.directory / "zygote.sock")
        self.process: subprocess.Popen | None = None
        self.lock = threading.Lock()
        # How the warm process charges each run's processes and memory to that run alone
        # (a control group and a user namespace per run, or the namespace only): see grader/cgroups.py.
        self.accounting = ""

    # --- lifecycle ---------------------------------------------------------------------

    def start(self) -> "WarmEngine":
        with self.lock:
            if self.process is None or self.process.poll() is not None:
                self._spawn()
        return self

    def _spawn(self) -> None:
        command = interpreter_command(f"from grader.zygote import main; main({self.socket_path!r}, {self.slots})")
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command,
            env=zygote_environment(),
            cwd=self.directory,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            close_fds=True,
            start_new_session=True,
        )
        said = StderrRelay(self.process.stderr)
        ready = wait_for_line(self.process, START_TIMEOUT)
        if ready is None or not ready.startswith("ready "):
            self.process.kill()
            self.process.wait()
            raise EngineFailure(start_failure(ready, self.process.returncode, said.tail()))
        self.accounting = ready.removeprefix("ready ")
        logger.info("warm grading process %s ready; runs are accounted by %s", self.process.pid, self.accounting)

    def restart(self) -> None:
        with self.lock:
            if self.process is not None and self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self._spawn()

    def close(self) -> None:
        with self.lock:
            if self.process is not None and self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self.process = None
        shutil.rmtree(self.directory, ignore_errors=True)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    # --- grading ----------------------------------------------------------------------

    def run(self, request: dict, limits: Limits) -> RunOutcome:
        if self.weak:
            logger.warning(WEAK_WARNING)
        for attempt in (1, 2):
            try:
                self.start()
                return self._exchange(request, limits)
            except (OSError, EOFError, ValueError, KeyError) as exc:
                logger.error("grading engine failed (attempt %d): %s; rebuilding the warm process", attempt, exc)
                self.restart()
        raise EngineFailure("the grading engine failed twice in a row")

    def _exchange(self, request: dict, limits: Limits) -> RunOutcome:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(limits.wall_seconds + self.margin)
            conn.connect(self.socket_path)
            send_message(conn, {"request": request, "limits": limits.as_dict(), "weak": self.weak})
            return RunOutcome.from_dict(receive_message(conn)["outcome"])


def wait_for_line(process: subprocess.Popen, timeout: float) -> str | None:
    """The process's first line on stdout ('' if it closed stdout first), or None after `timeout` seconds."""
    result: list[str] = []
    reader = threading.Thread(target=lambda: result.append(process.stdout.readline().decode().strip()), daemon=True)
    reader.start()
    reader.join(timeout)
    return result[0] if result else None


class StderrRelay:
    """Passes the warm process's stderr on to ours line by line (the worker's log), keeping the last lines.

    A warm process that dies before it is ready has said why there; the engine's error quotes it.
    """

    def __init__(self, stream):
        self.lines: deque[str] = deque(maxlen=STDERR_TAIL_LINES)
        self.reader = threading.Thread(target=self._relay, args=(stream,), daemon=True)
        self.reader.start()

    def _relay(self, stream) -> None:
        for raw in iter(stream.readline, b""):
            line = raw.decode(errors="replace")
            self.lines.append(line.rstrip("\n"))
            sys.stderr.write(line)
        stream.close()

    def tail(self, wait: float = 5) -> list[str]:
        """The last lines, once the stream has ended (the process is gone) or after `wait` seconds."""
        self.reader.join(wait)
        return list(self.lines)


def start_failure(ready: str | None, exit_code: int | None, stderr_tail: list[str]) -> str:
    """Why the warm process did not start, in its own last words where it left some."""
    if ready is None:
        what = f"did not say it was ready within {START_TIMEOUT} s"
    elif ready:
        what = f"said {ready!r} instead of ready"
    else:
        what = f"ended before it was ready (exit code {exit_code})"
    said = "\n".join(stderr_tail) if stderr_tail else "(nothing on stderr)"
    return f"the warm grading process {what}; its last words:\n{said}"


class ColdRunner:
    """A fresh interpreter per run that imports TensorFlow, then the same sandbox: the slow baseline."""

    def __init__(self, weak: bool = False):
        self.weak = weak

    def run(self, request: dict, limits: Limits) -> RunOutcome:
        code = (
            "import json; from grader.zygote import warm_up; warm_up(); "
            "from grader.limits import Limits; from grader.runner import run_sandboxed; "
            "m = json.loads(sys.stdin.read()); "
            "print(json.dumps(run_sandboxed(m['request'], Limits(**m['limits']), weak=m['weak']).as_dict()))"
        )
        message = json.dumps({"request": request, "limits": limits.as_dict(), "weak": self.weak})
        completed = subprocess.run(  # noqa: S603 - our own interpreter and module
            interpreter_command(code),
            input=message,
            env=ZYGOTE_ENVIRONMENT,
            capture_output=True,
            text=True,
            timeout=limits.wall_seconds + START_TIMEOUT,
            check=False,
        )
        if completed.returncode != 0:
            raise EngineFailure(f"the cold runner failed: {completed.stderr[-500:]}")
        return RunOutcome.from_dict(json.loads(completed.stdout.strip().splitlines()[-1]))
