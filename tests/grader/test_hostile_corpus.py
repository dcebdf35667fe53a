"""The hostile corpus, run against the real sandbox: every attack gets its verdict, none is accepted.

Each file under hostile/ tries one attack and builds a CORRECT model only if the attack
worked (`correct_model()` is defined for it), so a hole in the sandbox shows up as an
`accepted` verdict. Its first line says the verdict(s) it must get.
"""

import json
import os
import threading
from pathlib import Path

import pytest

from grader import Limits, grade
from grader.cgroups import own_v1_groups
from grader.engine import WarmEngine
from grader_support import children_of, exercise_spec, rss_kb, runs_left_below

pytestmark = pytest.mark.slow

CORPUS = sorted((Path(__file__).parent / "hostile").glob("*.py"))
PREAMBLE = """from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import SimpleRNN
def correct_model():
    m = Sequential()
    m.add(SimpleRNN(4, input_shape=(3, 2)))
    return m
"""
SPEC = exercise_spec("single-output")
LIMITS = Limits(wall_seconds=10, cpu_seconds=4, memory_mb=1024)
INTERNAL_TRACES = ("site-packages", "/work/", "/root/", "Traceback", "grader/", "harness")


def expected_verdicts(path: Path) -> set[str]:
    first = path.read_text().splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} must start with '# expect: VERDICT'"
    return set(first.removeprefix("# expect: ").split())


@pytest.fixture(scope="module")
def engine():
    os.environ["UNROLL_CORPUS_SECRET"] = "must-never-be-seen"  # the worker's environment has it
    warm = WarmEngine(slots=2).start()
    yield warm
    warm.close()


def test_the_corpus_is_large_enough():
    assert len(CORPUS) >= 30


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_each_attack_gets_its_verdict_and_is_never_accepted(engine, path):
    result = grade(SPEC, PREAMBLE + path.read_text(), LIMITS, runner=engine)
    assert result.verdict != "accepted", f"{path.stem} got through: {result.feedback}"
    assert result.verdict in expected_verdicts(path), result.feedback
    shown = json.dumps({"feedback": result.feedback, "checks": result.checks})
    assert not [trace for trace in INTERNAL_TRACES if trace in shown], shown
    assert engine.process.poll() is None, "the warm process died"


@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        (b"model = 1\x00\n", "NUL byte"),
        (b"model = '\xff\xfe'\n", "not UTF-8"),
        (b"# padding\n" * 8000, "limited to 64 KB"),
    ],
    ids=["nul-byte", "not-utf8", "too-large"],
)
def test_bad_input_is_rejected_before_running(engine, code, phrase):
    result = grade(SPEC, code, LIMITS, runner=engine)
    assert result.verdict == "rejected" and phrase in result.feedback[0]


def test_a_run_that_signals_everything_harms_no_other_run(engine):
    killer = (Path(__file__).parent / "hostile" / "signal_kill_everything.py").read_text()
    honest = PREAMBLE + "import time\ntime.sleep(1.5)\nmodel = correct_model()\n"
    results = {}
    threads = [
        threading.Thread(target=lambda: results.update(honest=grade(SPEC, honest, LIMITS, runner=engine))),
        threading.Thread(target=lambda: results.update(killer=grade(SPEC, PREAMBLE + killer, LIMITS, runner=engine))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results["honest"].verdict == "accepted"
    assert results["killer"].verdict == "runtime_error"
    assert engine.process.poll() is None


def test_nothing_of_the_runs_is_left_alive(engine):
    # Only this engine's own runs: other graders on the host (another test run, a worker) may
    # be running theirs, under the same sandbox uid.
    assert runs_left_below(engine.pid) == []
    groups = own_v1_groups() if engine.accounting.startswith("cgroup v1") else {}
    if groups:
        # The only groups left are those of the spare supervisors waiting for their run.
        engine_group = groups["pids"] / f"unroll-engine-{engine.pid}"
        spares = {f"run-{pid}" for pid in children_of(engine.pid)}
        assert {run.name for run in engine_group.iterdir() if run.is_dir()} <= spares


def test_output_floods_leave_the_workers_memory_flat(engine):
    flood = PREAMBLE + (Path(__file__).parent / "hostile" / "limit_stdout_flood.py").read_text()
    grade(SPEC, flood, LIMITS, runner=engine)
    before = rss_kb(os.getpid())
    results = [grade(SPEC, flood, LIMITS, runner=engine) for _ in range(5)]
    assert {r.verdict for r in results} == {"output_limit"}
    assert all(len(r.stdout) <= LIMITS.output_kb * 1024 for r in results)
    assert rss_kb(os.getpid()) - before < 10_000  # KB: what the worker keeps of a flood is bounded


def test_a_report_nested_beyond_the_bound_is_refused_without_rebuilding_the_warm_process(engine):
    # The run controls what it reports: here every JSON it writes is 100,000 levels deep.
    deep = PREAMBLE + "import json\nmodel = correct_model()\njson.dumps = lambda *a, **k: '[' * 100000 + ']' * 100000\n"
    before = engine.pid

    result = grade(SPEC, deep, LIMITS, runner=engine)

    assert result.verdict == "wrong_answer", result.feedback
    assert "too deeply nested" in result.feedback[0]
    assert engine.pid == before and engine.process.poll() is None
