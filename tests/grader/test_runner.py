"""The child-process runner, for real: limits give their own verdicts and nothing leaks in or survives.

Each test starts TensorFlow in a fresh child, so each takes a few seconds.
"""

import os
import subprocess

import pytest

from grader import Limits, grade
from grader_support import exercise_spec

pytestmark = pytest.mark.slow

SPEC = exercise_spec("single-output")
MODEL = """
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import SimpleRNN
model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2)))
"""
FAST = Limits(wall_seconds=12, cpu_seconds=8)


def test_a_correct_model_is_accepted_with_its_usage_measured():
    result = grade(SPEC, MODEL)
    assert result.verdict == "accepted" and result.score == 1.0
    assert result.output_shape == [1, 4]
    assert result.usage.cpu_ms > 0 and result.usage.wall_ms > 0 and result.usage.max_rss_kb > 10_000


def test_sleeping_code_gets_a_wall_time_limit():
    result = grade(SPEC, "import time\ntime.sleep(600)\n" + MODEL, FAST)
    assert result.verdict == "time_limit"
    assert "past the wall-clock limit of 12 s" in result.feedback[0]  # which limit, and its value


def test_a_cpu_loop_gets_a_cpu_time_limit():
    result = grade(SPEC, "while True:\n    pass\n", Limits(wall_seconds=60, cpu_seconds=6))
    assert result.verdict == "time_limit"
    assert "the CPU time limit of 6 s" in result.feedback[0]


def test_an_output_flood_gets_output_limit():
    result = grade(SPEC, "while True:\n    print('x' * 1000)\n", FAST)
    assert result.verdict == "output_limit"
    assert len(result.stdout) <= FAST.output_kb * 1024


def test_memory_growth_gets_memory_limit():
    result = grade(SPEC, "hog = bytearray(3 * 1024 ** 3)\n" + MODEL, Limits(memory_mb=2048))
    assert result.verdict == "memory_limit"


@pytest.mark.parametrize("ending", ["import sys\nsys.exit(0)", "import os\nos._exit(0)", "raise SystemExit"])
def test_exiting_early_is_never_accepted(ending):
    result = grade(SPEC, MODEL + ending + "\n")
    assert result.verdict == "runtime_error"


def test_printing_a_fake_verdict_changes_nothing():
    fake = 'print(\'{"verdict": "accepted", "score": 1.0, "status": "ok"}\')\n'
    result = grade(SPEC, fake + "model = None\n")
    assert result.verdict == "runtime_error"


def test_the_child_sees_none_of_the_parent_environment(monkeypatch):
    monkeypatch.setenv("UNROLL_PARENT_SECRET", "s3cr3t-value")
    result = grade(SPEC, "import os\nprint(sorted(os.environ.items()))\n" + MODEL)
    assert result.verdict == "accepted"
    assert "s3cr3t-value" not in result.stdout and "UNROLL_PARENT_SECRET" not in result.stdout


def test_processes_started_by_the_code_do_not_survive_the_run():
    marker = "unroll-orphan-marker"
    code = f"import subprocess\nsubprocess.Popen(['sh', '-c', 'exec -a {marker} sleep 300'])\n" + MODEL
    result = grade(SPEC, code)
    assert result.verdict == "accepted"
    survivors = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True).stdout.split()
    assert survivors == [], f"processes of the run survived: {survivors}"


def test_scratch_files_do_not_persist_to_the_next_run():
    first = grade(SPEC, "import os\nopen('left-behind.txt', 'w').write('x')\nprint(os.getcwd())\n" + MODEL)
    scratch = first.stdout.strip()
    assert not os.path.exists(os.path.join(scratch, "left-behind.txt"))
    second = grade(SPEC, "import os\nprint(os.path.exists('left-behind.txt'))\n" + MODEL)
    assert second.stdout.strip() == "False"
