"""The Run button's mode, for real: the learner's code runs in the grading sandbox and the run shows what it
printed, model.summary(), each layer's output shape for the exercise's input and the drawing, or why it failed.

Each test runs a sandboxed child of the warm engine (seconds for the first, a fraction after).
"""

import pytest

from grader import Limits, run_code
from grader_support import exercise_spec

pytestmark = pytest.mark.slow

SPEC = exercise_spec("single-output")  # input (1, 3, 2), SimpleRNN(4): output (1, 4)
PRINTS_ITS_SHAPE = """
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import SimpleRNN, Input
model = Sequential([Input((3, 2)), SimpleRNN(4, return_sequences=True)])
print("output shape:", model.predict(np.zeros((1, 3, 2)), verbose=0).shape)
"""
QUICK = Limits(wall_seconds=8, cpu_seconds=6)


def test_a_run_shows_the_print_the_summary_the_shapes_and_the_drawing():
    result = run_code(SPEC, PRINTS_ITS_SHAPE)
    assert result.status == "ok", result.error
    assert result.error is None
    assert "output shape: (1, 3, 4)" in result.stdout
    assert "SimpleRNN" in result.summary and "Total params: 28" in result.summary
    assert result.layers == [{"name": "simple_rnn", "class": "SimpleRNN", "output_shape": "(1, 3, 4)"}]
    assert result.drawing["svg"].startswith("<svg") and "Your model" in result.drawing["svg"]
    assert result.drawing["table"] == [{"layer": "SimpleRNN(4, return_sequences=True)", "output_shape": "(1, 3, 4)"}]
    assert result.usage.wall_ms > 0


def test_the_result_is_plain_data_without_a_verdict():
    data = run_code(SPEC, PRINTS_ITS_SHAPE).as_dict()
    assert "verdict" not in data and "score" not in data
    assert set(data) == {"status", "error", "stdout", "stderr", "summary", "layers", "drawing", "usage", "timings"}


def test_a_model_without_an_input_is_summarised_for_the_exercises_input():
    code = "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import SimpleRNN\nmodel = Sequential([SimpleRNN(4)])\n"
    result = run_code(SPEC, code)
    assert result.status == "ok", result.error
    assert "(1, 4)" in result.summary and "Total params: 28" in result.summary
    assert result.layers[0]["output_shape"] == "(1, 4)"


def test_the_shapes_come_from_the_model_not_from_what_the_run_printed_or_summarised():
    # The code fakes summary() and prints a fake table: the shapes shown are still the model's own.
    code = PRINTS_ITS_SHAPE + "model.summary = lambda *a, **k: print('Dense (1, 1)')\nprint('SimpleRNN (1, 4)')\n"
    result = run_code(SPEC, code)
    assert result.status == "ok"
    assert result.layers == [{"name": "simple_rnn", "class": "SimpleRNN", "output_shape": "(1, 3, 4)"}]


def test_a_syntax_error_is_said_with_its_line():
    result = run_code(SPEC, "print('hello')\nmodel = Sequential([SimpleRNN(4)]\n")
    assert result.status == "error"
    assert "line" in result.error
    assert result.layers == [] and result.drawing is None and result.summary is None


def test_an_exception_keeps_what_was_printed_before_it():
    result = run_code(SPEC, "print('before the error')\nmodel = SimpleRNN(4)\n")
    assert result.status == "error"
    assert "before the error" in result.stdout
    assert "SimpleRNN" in result.error and "import" in result.error


def test_code_that_builds_no_model_still_shows_its_prints():
    result = run_code(SPEC, "print(2 + 2)\n")
    assert result.status == "error"
    assert result.stdout == "4\n"
    assert "`model`" in result.error


def test_a_run_past_the_wall_limit_says_so():
    result = run_code(SPEC, "print('started')\nimport time\ntime.sleep(600)\n", QUICK)
    assert result.status == "error"
    assert result.error == "Your run passed the wall limit of 8 s and was stopped."


def test_long_output_is_cut_with_a_note():
    result = run_code(SPEC, "for i in range(3000):\n    print('x' * 9)\n" + PRINTS_ITS_SHAPE)
    assert result.status == "ok"
    assert len(result.stdout) < 17 * 1024
    assert "cut here:" in result.stdout and "more characters not shown" in result.stdout


def test_output_past_the_limit_stops_the_run_and_says_so():
    result = run_code(SPEC, "while True:\n    print('x' * 100)\n", QUICK)
    assert result.status == "error"
    assert result.error.startswith("Your run printed more than 64 KB")
    assert result.stdout.startswith("x" * 100)


def test_empty_code_is_refused_before_running():
    result = run_code(SPEC, "   \n")
    assert result.status == "error" and "empty" in result.error
    assert result.usage.wall_ms == 0


# --- the trusted side reads any report: what the sandboxed run says is data, and can only fail its own run ---

VALID_MODEL = {"class_name": "Sequential", "config": {"layers": []}}
ODD_REPORTS = {
    "no model": {"status": "ok"},
    "a model that is a list": {"status": "ok", "model": []},
    "a summary that is not text": {"status": "ok", "model": VALID_MODEL, "summary": {"fake": "table"}},
    "a status that is a number": {"status": 5},
    "an exception without its fields": {"status": "exception"},
    "a syntax error without its fields": {"status": "syntax_error"},
    "refused as too deep": {"status": "report_refused", "reason": "too_deep"},
    "nothing": None,
}


@pytest.mark.parametrize("report", ODD_REPORTS.values(), ids=ODD_REPORTS.keys())
def test_any_report_gets_an_answer_without_a_verdict(report):
    from grader.run_mode import RUN_STATUSES, shown
    from grader.runner import RunOutcome

    outcome = RunOutcome(report=report, isolated=True, started=True, exit_code=0)
    result = shown(SPEC, outcome, SPEC.limits, "model = ...")
    assert result.status in RUN_STATUSES
    assert result.status == "ok" or result.error
    assert result.summary is None or isinstance(result.summary, str)
