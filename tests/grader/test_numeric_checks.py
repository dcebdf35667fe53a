"""Numeric checks (grader/numeric.py): the learner's function and the reference's, both run in the sandbox
on inputs drawn per grading, compared on the trusted side as bounded arrays of finite numbers.

The graded tests run the repository's two numeric exercises (rnn-step-by-hand, unroll-a-sequence) on
one warm engine; the judge's tests feed forged reports straight to judge(), no sandbox.
"""

import json
import math

import pytest

from grader import ExerciseSpec, SpecError, grade, render_text, run_code, variant_spec
from grader.grading import VERDICTS, NumericRun, judge
from grader.harness import READY
from grader.limits import DEFAULT_LIMITS
from grader.numeric import DERIVED, MAX_ELEMENTS, Reported, array_of, draw_calls
from grader.runner import RunOutcome, parse_report
from grader_support import EXERCISES, load_exercise

STEP = load_exercise(EXERCISES / "rnn-step-by-hand")
UNROLL = load_exercise(EXERCISES / "unroll-a-sequence")


@pytest.fixture(scope="module")
def engine():
    from grader.engine import WarmEngine

    warm = WarmEngine(slots=2).start()
    yield warm
    warm.close()


@pytest.fixture(scope="module")
def step_spec(engine) -> ExerciseSpec:
    return variant_spec(STEP.template, STEP.template.defaults, STEP.solution_code, engine)


@pytest.fixture(scope="module")
def unroll_spec(engine) -> ExerciseSpec:
    return variant_spec(UNROLL.template, UNROLL.template.defaults, UNROLL.solution_code, engine)


def wrong_code(exercise, name: str) -> str:
    answer = next(wrong for wrong in exercise.known_wrong if wrong.name == name)
    return render_text(answer.code, exercise.template.defaults)


# --- the derivation: the reference's code, never a number ------------------------------------


def test_the_variant_carries_the_reference_solution_not_numbers(step_spec):
    assert step_spec.checks[0]["expected"] == DERIVED
    assert "def keras_rnn_step" in step_spec.reference_code
    assert not step_spec.needs_model and not step_spec.needs_reference
    stored = ExerciseSpec.from_dict(json.loads(json.dumps(step_spec.as_dict())))  # as the site keeps it
    assert stored == step_spec


def test_a_check_with_numbers_typed_by_hand_is_refused():
    check = {**STEP.spec.checks[0], "expected": [[0.1, 0.2, 0.3, 0.4]]}
    with pytest.raises(SpecError, match="never typed by hand"):
        ExerciseSpec.from_dict({"slug": "s", "input_shape": [1, 3, 2], "checks": [check]})


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"arguments": [{"name": "x", "shape": [100, 100]}]}, "more than"),
        ({"arguments": [{"name": "x", "shape": [0]}]}, "shape"),
        ({"function": "not a name"}, "function"),
        ({"rtol": "1e-4"}, "rtol"),
        ({"steps_axis": 2}, "steps_axis"),
        ({"advice": [{"when": "sometimes", "text": "..."}]}, "advice"),
        ({"tolerance": 1}, "unknown field"),
    ],
)
def test_a_malformed_numeric_check_is_refused_naming_its_field(change, field):
    check = {**STEP.spec.checks[0], **change}
    with pytest.raises(SpecError, match=field):
        ExerciseSpec.from_dict({"slug": "s", "input_shape": [1, 3, 2], "checks": [check]})


def test_a_numeric_check_never_derived_never_accepts(engine):
    spec = STEP.spec  # `expected: reference` left as written: no reference code to compare with
    result = grade(spec, render_text(STEP.solution_code, STEP.template.defaults), runner=engine)
    assert result.verdict == "internal_error"  # the exercise's fault: the attempt does not count
    assert "not derived from its reference solution" in result.feedback[0]


# --- graded in the sandbox ------------------------------------------------------------------


def test_the_references_are_accepted_on_their_variants(engine, step_spec, unroll_spec):
    for exercise, spec in ((STEP, step_spec), (UNROLL, unroll_spec)):
        result = grade(spec, render_text(exercise.solution_code, exercise.template.defaults), runner=engine)
        assert (result.verdict, result.feedback) == ("accepted", []), exercise.slug
        assert result.output_shape is None  # no model, and nothing pretends there is one


def test_the_reference_is_accepted_on_the_largest_variant(engine):
    values = {name: parameter.highest for name, parameter in STEP.template.parameters.items()}
    spec = variant_spec(STEP.template, values, STEP.solution_code, engine)
    assert grade(spec, render_text(STEP.solution_code, values), runner=engine).verdict == "accepted"


RECORDER = """
import json

_computed = rnn_step


def rnn_step(x_t, h_prev, W, U, b):
    h_t = _computed(x_t, h_prev, W, U, b)
    print(json.dumps(h_t.tolist()))
    return h_t
"""

HARD_CODED = """
import numpy as np

ANSWERS = {answers}
_calls = []


def rnn_step(x_t, h_prev, W, U, b):
    _calls.append(1)
    return np.array(ANSWERS[(len(_calls) - 1) % len(ANSWERS)])
"""


def test_numbers_copied_from_one_grading_fail_the_next(engine, step_spec):
    """A learner who prints the right answers of one grading and returns them gets them right on that
    grading's inputs only: the next grading draws new ones."""
    solution = render_text(STEP.solution_code, STEP.template.defaults)
    recorded = grade(step_spec, solution + RECORDER, runner=engine, nonce="first")
    assert recorded.verdict == "accepted"
    answers = [json.loads(line) for line in recorded.stdout.splitlines()]
    copied = HARD_CODED.format(answers=answers)
    assert grade(step_spec, copied, runner=engine, nonce="first").verdict == "accepted"  # the copy is exact
    again = grade(step_spec, copied, runner=engine, nonce="second")
    assert again.verdict == "wrong_answer"
    assert "differs first" in again.feedback[0]


PATCHER = """
import keras
import numpy as np

# Were the reference run beside this code, it would now compute zeros too.
keras.layers.SimpleRNN.call = lambda self, *args, **kwargs: keras.ops.zeros((1, self.units))
np.tanh = np.zeros_like


def rnn_step(x_t, h_prev, W, U, b):
    return np.zeros_like(h_prev)
"""


def test_code_that_rewrites_keras_and_numpy_does_not_reach_the_reference(engine, step_spec):
    result = grade(step_spec, PATCHER, runner=engine)
    assert result.verdict == "wrong_answer"
    assert result.feedback[0].startswith("Your new hidden state is [0.000, 0.000, 0.000, 0.000]; SimpleRNN's is [")


def test_each_grading_draws_new_inputs_and_one_nonce_draws_the_same(step_spec):
    first = draw_calls(step_spec.slug, step_spec.checks, "a")
    assert draw_calls(step_spec.slug, step_spec.checks, "a") == first
    assert draw_calls(step_spec.slug, step_spec.checks, "b") != first
    assert [len(call.arguments) for call in first] == [5] * step_spec.checks[0]["trials"]


def test_forgetting_the_previous_state_is_named_at_its_step_and_unit(engine, unroll_spec):
    result = grade(unroll_spec, wrong_code(UNROLL, "zero_state_every_step"), runner=engine)
    assert result.verdict == "wrong_answer"
    said = result.feedback[0]
    assert said.startswith("At step 2 your hidden state is [")  # step 1 starts from the zero state either way
    assert "SimpleRNN's is [" in said and "differs first" in said
    assert "or the zero state every time?" in said


@pytest.mark.parametrize(
    ("name", "words"),
    [("relu", "its activation is tanh"), ("forgot_previous_state", "the previous hidden state through U")],
)
def test_the_same_shape_with_another_computation_is_rejected_with_the_element(engine, step_spec, name, words):
    result = grade(step_spec, wrong_code(STEP, name), runner=engine)
    assert result.verdict == "wrong_answer"
    assert result.feedback[0].startswith("Your new hidden state is [")
    assert "unit " in result.feedback[0] and words in result.feedback[0]


def test_swapping_w_and_u_with_other_shapes_is_a_runtime_error_quoting_numpy(engine, step_spec):
    result = grade(step_spec, wrong_code(STEP, "swapped_w_and_u"), runner=engine)
    assert result.verdict == "runtime_error"
    assert "Calling `rnn_step` stopped with ValueError (line 5)" in result.feedback[0]


def test_a_missing_function_is_named_with_its_signature(engine, step_spec):
    result = grade(step_spec, "import numpy as np\n\ndef rnn(x):\n    return x\n", runner=engine)
    assert result.verdict == "runtime_error"
    assert "does not define `rnn_step`: write `def rnn_step(x_t, h_prev, W, U, b):`" in result.feedback[0]


def test_a_reference_that_fails_is_an_internal_error_never_the_learners(engine, step_spec):
    broken = ExerciseSpec.from_dict({**step_spec.as_dict(), "reference_code": "def keras_rnn_step(*a):\n    1 / 0\n"})
    result = grade(broken, render_text(STEP.solution_code, STEP.template.defaults), runner=engine)
    assert result.verdict == "internal_error"
    assert "problem with the exercise" in result.feedback[0]


def test_the_run_button_runs_a_function_answer_without_a_model(engine, step_spec):
    shown = run_code(step_spec, "print('hello')\n\ndef rnn_step(*a):\n    return 0\n", runner=engine)
    assert (shown.status, shown.error, shown.stdout.strip()) == ("ok", None, "hello")


# --- the judge: forged reports (no sandbox) --------------------------------------------------


def forged_outcome(spec: ExerciseSpec, values: list) -> tuple[RunOutcome, NumericRun]:
    """A run that reported `values` for this grading's calls, and the reference's (true) results."""
    calls = draw_calls(spec.slug, spec.checks, "forged")
    expected = [Reported(numbers=[0.5] * 4, shape=[4]) for _ in calls]
    report = {"status": "ok", "calls": [{"value": value} for value in values]}
    return RunOutcome(report=report, isolated=True, exit_code=0), NumericRun(calls, expected)


def judged(spec: ExerciseSpec, values: list):
    outcome, numeric_run = forged_outcome(spec, values)
    result = judge(spec, outcome, DEFAULT_LIMITS, "", numeric_run)
    assert result.verdict in VERDICTS
    json.dumps(result.as_dict(), allow_nan=False)  # what the database stores: strict JSON
    return result


def test_the_true_values_are_accepted_by_the_judge(step_spec):
    assert judged(step_spec, [[0.5] * 4] * 4).verdict == "accepted"


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ([math.nan, 0.5, 0.5, 0.5], "returned NaN (not a number)"),
        ([math.inf, 0.5, 0.5, 0.5], "returned an infinite number"),
        ([0.5, -math.inf, 0.5, 0.5], "returned an infinite number"),
        ([10**400, 0.5, 0.5, 0.5], "returned an infinite number"),
        ([0.5] * (MAX_ELEMENTS + 1), f"returned more than {MAX_ELEMENTS} numbers"),
        ([[0.5] * 4] * 2000, f"returned more than {MAX_ELEMENTS} numbers"),
        ("too_large", f"returned more than {MAX_ELEMENTS} numbers"),
        ([0.5, 0.5], "returned an array of shape (2,); SimpleRNN's new hidden state has shape (4,)"),
        ([[0.5, 0.5, 0.5, 0.5]], "returned an array of shape (1, 4)"),
        (0.5, "returned an array of shape ()"),
        (["0.5", "0.5", "0.5", "0.5"], "is not an array of numbers (it holds text)"),
        ("0.5 0.5 0.5 0.5", "is not an array of numbers (it holds text)"),
        ([True, False, True, True], "is not an array of numbers (it holds bool)"),
        ([None, 0.5, 0.5, 0.5], "is not an array of numbers (it holds NoneType)"),
        ([[0.5], [0.5, 0.5]], "rows of different lengths"),
        ([[0.5, 0.5], 0.5], "rows of different lengths"),
        ([], "returned an empty array"),
        ({"value": [0.5] * 4}, "is not an array of numbers (it holds dict)"),
        ([[[[[0.5]]]]], "more than 4 dimensions"),
        ("not numbers: dict", "returned dict, not an array of numbers"),
    ],
)
def test_a_forged_result_is_refused_with_a_clear_message(step_spec, value, said):
    result = judged(step_spec, [value] * 4)
    assert result.verdict == "wrong_answer"
    assert said in result.feedback[0]


def test_a_report_with_too_few_or_no_results_is_refused(step_spec):
    for calls in ([[0.5] * 4], None, "all right", [[0.5] * 4] * 5):
        outcome, numeric_run = forged_outcome(step_spec, [])
        outcome.report["calls"] = calls
        result = judge(step_spec, outcome, DEFAULT_LIMITS, "", numeric_run)
        assert result.verdict == "wrong_answer" and "could not be read" in result.feedback[0]


def test_nan_and_infinity_written_as_json_tokens_are_refused_after_parsing(step_spec):
    """The run writes bytes; Python's JSON reader takes NaN and Infinity: the judge still refuses them."""
    outcome, numeric_run = forged_outcome(step_spec, [])
    body = b'{"status": "ok", "calls": [' + b", ".join([b'{"value": [NaN, Infinity, 0.5, 0.5]}'] * 4) + b"]}"
    parsed = RunOutcome(report=parse_report(READY + body), isolated=True, exit_code=0)
    result = judge(step_spec, parsed, DEFAULT_LIMITS, "", numeric_run)
    assert result.verdict == "wrong_answer" and "NaN" in result.feedback[0]


def test_the_array_reader_gives_numbers_and_shape_row_major():
    assert array_of([[1, 2.5], [3, 4]], "f") == ([1.0, 2.5, 3.0, 4.0], [2, 2])
    assert array_of(7, "f") == ([7.0], [])
