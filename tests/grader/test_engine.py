"""The warm engine: it rebuilds a dead warm process without losing the run, and survives a long soak."""

import os
import signal
import time
from pathlib import Path

import pytest

from grader import Limits, grade
from grader.engine import WarmEngine
from grader.runner import EngineFailure
from grader.selftest import prove_isolation
from grader_support import children_of, exercise_spec, rss_kb, runs_left_below

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
SPEC = exercise_spec("stacked-rnn")
SOLUTION = (REPO / "exercises" / "stacked-rnn" / "solution.py").read_text()
WRONG = (REPO / "exercises" / "stacked-rnn" / "wrong" / "single_layer.py").read_text()


@pytest.fixture
def engine():
    warm = WarmEngine(slots=2).start()
    yield warm
    warm.close()


def open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def test_the_sandbox_holds_and_the_probe_would_see_a_hole(engine):
    assert prove_isolation(engine, [5432, 6379], [str(REPO / "platform" / "unroll" / "settings.py")]) == []
    weak = WarmEngine(slots=1, weak=True).start()
    try:
        holes = prove_isolation(weak, [5432, 6379], [str(REPO / "platform" / "unroll" / "settings.py")])
    finally:
        weak.close()
    assert any("settings.py" in hole for hole in holes)
    assert any("environment" in hole or "other processes" in hole for hole in holes)


def test_a_dead_warm_process_is_rebuilt_and_the_run_still_graded(engine):
    first = engine.pid
    os.kill(first, signal.SIGKILL)
    time.sleep(0.2)
    result = grade(SPEC, SOLUTION, runner=engine)
    assert result.verdict == "accepted"
    assert engine.pid != first and engine.process.poll() is None


def test_five_hundred_gradings_in_a_row_leak_nothing(engine):
    grade(SPEC, SOLUTION, runner=engine)  # settle
    pid = engine.pid
    fds_before, rss_before = open_fds(pid), rss_kb(pid)
    verdicts = [
        grade(SPEC, SOLUTION if i % 2 else WRONG, Limits(wall_seconds=20), runner=engine).verdict for i in range(500)
    ]
    assert verdicts.count("accepted") == 250 and verdicts.count("wrong_answer") == 250
    assert runs_left_below(pid) == []
    assert engine.pid == pid, "the warm process was restarted during the soak"
    assert open_fds(pid) == fds_before
    assert rss_kb(pid) < rss_before * 1.1 + 10_000
    assert settles(lambda: len(children_of(pid)) == engine.slots + 1)  # only its spare supervisors, waiting


def settles(condition, timeout: float = 5) -> bool:
    """Whether `condition` holds within `timeout` (the warm process reaps ended supervisors every 0.2 s)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_a_warm_process_that_dies_before_it_is_ready_is_quoted_in_the_error():
    broken = WarmEngine(slots=1)
    broken.socket_path = str(broken.directory / "no-such-folder" / "zygote.sock")  # bind() fails
    try:
        with pytest.raises(EngineFailure) as failure:
            broken.start()
    finally:
        broken.close()
    message = str(failure.value)
    assert "ended before it was ready (exit code 1)" in message
    assert "FileNotFoundError" in message
