"""A run's limits count that run alone, on the whole host; a crash that is the machine's is never the learner's.

Every test here uses real warm engines and real sandboxes. Two engines stand for two workers
(or a worker beside `manage.py grade`): their runs share the host uid, as they do in
production, and must still not feel each other.
"""

import json
import threading
import time
from pathlib import Path

import pytest

from grader import Limits, grade
from grader.cgroups import own_v1_groups
from grader.engine import WarmEngine
from grader.selftest import HOLD_THREADS, prove_run_accounting
from grader_support import IN_CI, exercise_spec

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
SPEC = exercise_spec("multiple-output")
SOLUTION = (REPO / "exercises" / "multiple-output" / "solution.py").read_text()


def holding_threads(seconds: float) -> str:
    """The start-up proof's hostile run: every thread its limit allows, held `seconds`."""
    return f"HOLD_SECONDS = {seconds}\n" + HOLD_THREADS


@pytest.fixture(scope="module")
def engines():
    pair = [WarmEngine(slots=2).start(), WarmEngine(slots=2).start()]
    yield pair
    for engine in pair:
        engine.close()


def uses_control_groups(engine: WarmEngine) -> bool:
    if engine.accounting.startswith("cgroup"):
        return True
    if IN_CI:
        pytest.fail(f"CI=true runs as root with cgroups, yet the engine accounts by {engine.accounting!r}")
    pytest.skip(f"this host lends no control group ({engine.accounting})")


def test_the_start_up_proof_holds_on_this_host(engines):
    assert prove_run_accounting(engines[0]) == []


def test_a_run_holding_every_thread_it_may_does_not_crash_another_engines_correct_runs(engines):
    holder, grader_ = engines
    hostile = {}
    thread = threading.Thread(target=lambda: hostile.update(result=grade(SPEC, holding_threads(8), runner=holder)))
    thread.start()
    time.sleep(1.0)
    verdicts = []
    deadline = time.monotonic() + 6  # grade while the other run holds its threads
    while time.monotonic() < deadline or len(verdicts) < 3:
        verdicts.append(grade(SPEC, SOLUTION, runner=grader_).verdict)
    thread.join()
    held = json.loads(hostile["result"].stdout.splitlines()[0])["held"]
    assert held >= Limits().processes - 2  # it really held them
    assert set(verdicts) == {"accepted"}, verdicts


def test_a_run_that_cannot_start_threads_for_the_hosts_sake_is_an_internal_error_never_counted(engines):
    engine = engines[0]
    uses_control_groups(engine)
    # The host runs short of processes: the engine's whole group may hold only 3 tasks more than
    # it holds now (its waiting supervisors), though each run's own limit is far higher.
    # TensorFlow then cannot start its threads.
    engine_group = own_v1_groups()["pids"] / f"unroll-engine-{engine.pid}"
    held_now = int((engine_group / "pids.current").read_text())
    (engine_group / "pids.max").write_text(str(held_now + 3))
    try:
        result = grade(SPEC, SOLUTION, runner=engine)
    finally:
        (engine_group / "pids.max").write_text("max")
    assert result.verdict == "internal_error", result.feedback
    assert grade(SPEC, SOLUTION, runner=engine).verdict == "accepted"


def test_a_learner_who_starts_too_many_threads_gets_runtime_error(engines):
    engine = engines[0]
    uses_control_groups(engine)
    greedy = holding_threads(0) + SOLUTION + "\nmodel.predict(__import__('numpy').zeros((1, 3, 2)))\n"
    result = grade(SPEC, greedy, runner=engine)
    assert result.verdict == "runtime_error", result.feedback
    assert "threads" in result.feedback[0]


@pytest.mark.parametrize(
    "crash",
    [
        "import ctypes\nctypes.string_at(0)\n",
        "import os\nos.abort()\n",
        "import faulthandler\nfaulthandler._read_null()\n",
    ],
    ids=["ctypes-null", "abort", "read-null"],
)
def test_code_that_crashes_its_own_process_is_the_learners_runtime_error(engines, crash):
    result = grade(SPEC, SOLUTION + crash, runner=engines[0])
    assert result.verdict == "runtime_error", result.feedback


def test_memory_outside_the_address_space_is_charged_to_the_run(engines):
    engine = engines[0]
    uses_control_groups(engine)
    # tmpfs pages are not in RLIMIT_AS; the run's control group counts them.
    fill_scratch = (
        "chunk = b'x' * (1 << 20)\n"
        "for n in range(60):\n"  # 60 files of 7 MB, each under the file size limit
        "    with open(f'/tmp/fill{n}', 'wb') as f:\n"
        "        for _ in range(7):\n"
        "            f.write(chunk)\n"
    )
    limits = Limits(memory_mb=192, scratch_mb=512)
    assert grade(SPEC, SOLUTION, limits, runner=engine).verdict == "accepted"  # the model fits alone
    result = grade(SPEC, fill_scratch + SOLUTION, limits, runner=engine)
    assert result.verdict == "memory_limit", result.feedback


def test_cpu_time_counts_every_process_of_the_run(engines):
    engine = engines[0]
    uses_control_groups(engine)
    # Four processes each under the per-process RLIMIT_CPU, together far over the run's CPU limit.
    spin = (
        "import os, time\n"
        "for _ in range(4):\n"
        "    if os.fork() == 0:\n"
        "        end = time.process_time() + 1.5\n"
        "        while time.process_time() < end: pass\n"
        "        os._exit(0)\n"
        "for _ in range(4): os.wait()\n"
    )
    result = grade(SPEC, spin + SOLUTION, Limits(cpu_seconds=2, wall_seconds=60), runner=engine)
    assert result.verdict == "time_limit", result.feedback
