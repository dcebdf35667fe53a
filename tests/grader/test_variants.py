"""Per-learner variants: parameters, placeholders, and expectations derived from the reference solution.

The first half is plain data; the tests marked slow grade the rendered reference solution in
the real grader (one warm engine for the module, a handful of gradings).
"""

import json
import os
import subprocess
import sys

import pytest

from grader import ExerciseSpec, ExerciseTemplate, SpecError, VariantError, grade, render_text, variant_spec
from grader.checks import feedback_from, run_checks
from grader.engine import WarmEngine
from grader.facts import ModelFacts
from grader.grading import GradeResult
from grader.spec import REFERENCE
from grader.variants import Parameter, parse_parameters, placeholders_in, render_data, values_for

PARAMETERS = {
    "timesteps": {"min": 2, "max": 9, "default": 3},
    "features": {"min": 1, "max": 5, "default": 2},
    "units": {"choices": [4, 8, 16], "default": 4},
}
RECURRENT_CHECK = {
    "kind": "recurrent_layers",
    "expected": [{"type": "SimpleRNN", "units": "{{ units }}", "return_sequences": True}],
}
TEMPLATE = {
    "slug": "variable-rnn",
    "input_shape": [1, "{{ timesteps }}", "{{ features }}"],
    "checks": [
        {"kind": "output_shape", "expected": REFERENCE},
        RECURRENT_CHECK,
        {"kind": "parameter_count", "expected": REFERENCE},
    ],
    "model_variable": "model",
    "parameters": PARAMETERS,
}
SOLUTION = """
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import SimpleRNN
model = Sequential()
model.add(SimpleRNN({{ units }}, return_sequences=True, input_shape=({{ timesteps }}, {{ features }})))
"""
KEY = "variable-rnn:alice"


def template(**changes) -> ExerciseTemplate:
    return ExerciseTemplate.from_dict({**TEMPLATE, **changes})


def rnn_facts(timesteps: int, features: int, units: int) -> ModelFacts:
    """What the grader reads from SimpleRNN(units, return_sequences=True) on (timesteps, features)."""
    shape = [1, timesteps, units]
    layer = {
        "class": "SimpleRNN",
        "custom_class": None,
        "name": "simple_rnn",
        "units": units,
        "return_sequences": True,
        "return_state": False,
        "activation": "tanh",
        "output_shape": shape,
        "wrapped": None,
        "params": units * (features + units + 1),
    }
    return ModelFacts(output_shape=shape, outputs=[shape], layers=[layer], output_activation="tanh")


# --- parameters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ({"t": {"min": 5, "max": 2, "default": 3}}, "parameters.t.max must be ≥ min"),
        ({"units": {"choices": [4, 8], "default": 5}}, "parameters.units.default 5 is not one of its choices"),
        ({"t": {"min": 1, "max": 3, "default": 7}}, "parameters.t.default 7 is not between min 1 and max 3"),
        ({"t": {"min": 1, "max": 3}}, "parameters.t.default is required"),
        ({"2t": {"min": 1, "max": 3, "default": 1}}, "parameters: '2t' is not a valid name"),
        ({"t-x": {"min": 1, "max": 3, "default": 1}}, "parameters: 't-x' is not a valid name"),
        ({"t": {"min": 1, "max": True, "default": 1}}, "parameters.t.max must be an integer"),
        ({"t": {"min": 1.5, "max": 3, "default": 2}}, "parameters.t.min must be an integer"),
        ({"t": {"choices": [4, "8"], "default": 4}}, "parameters.t.choices[1] must be an integer"),
        (
            {"t": {"min": 1, "max": 3, "choices": [1], "default": 1}},
            "parameters.t needs either min and max, or choices",
        ),
        ({"t": {"default": 1}}, "parameters.t needs either min and max, or choices"),
        ({"t": {"min": 1, "default": 1}}, "parameters.t.max is required with min"),
        ({"t": {"min": 0, "max": 10_001, "default": 1}}, "parameters.t: max - min must be at most 10000"),
        ({"t": {"choices": [], "default": 1}}, "parameters.t.choices must be a non-empty list"),
        ({"t": {"choices": [4, 4], "default": 4}}, "parameters.t.choices must not repeat a value"),
        ({"t": {"min": 1, "max": 3, "default": 1, "step": 1}}, "parameters.t: unknown key(s) step"),
        ({"t": 3}, "parameters.t must be a mapping"),
        (["t"], "parameters must be a mapping"),
        ({f"p{i}": {"min": 1, "max": 2, "default": 1} for i in range(11)}, "parameters: at most 10"),
    ],
)
def test_a_bad_parameter_is_refused_naming_its_field(declared, message):
    with pytest.raises(SpecError) as refused:
        parse_parameters(declared)
    assert message in str(refused.value)


def test_parameters_are_parsed_from_their_yaml_form():
    assert parse_parameters(None) == {}
    assert parse_parameters(PARAMETERS) == {
        "timesteps": Parameter("timesteps", 3, minimum=2, maximum=9),
        "features": Parameter("features", 2, minimum=1, maximum=5),
        "units": Parameter("units", 4, choices=(4, 8, 16)),
    }


def test_a_template_refuses_bad_parameters_too():
    with pytest.raises(SpecError, match=r"parameters\.units\.default 5 is not one of its choices"):
        template(parameters={**PARAMETERS, "units": {"choices": [4, 8], "default": 5}})


# --- drawing variants -----------------------------------------------------------------------


def test_seed_zero_is_the_canonical_variant_of_every_default():
    assert template().values(KEY, 0) == {"timesteps": 3, "features": 2, "units": 4}


def test_the_same_key_and_seed_give_the_same_variant_every_time():
    exercise = template()
    assert [exercise.values(KEY, seed) for seed in range(1, 20)] == [
        exercise.values(KEY, seed) for seed in range(1, 20)
    ]


def test_the_variant_is_the_same_in_another_process_with_another_hash_seed():
    here = template().values(KEY, 7)
    code = (
        "from grader.variants import parse_parameters, values_for; import json; "
        f"print(json.dumps(values_for(parse_parameters({PARAMETERS!r}), {KEY!r}, 7)))"
    )
    there = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))),
    ).stdout
    assert json.loads(there) == here


def test_different_seeds_and_different_keys_give_different_variants():
    exercise = template()
    variants = {tuple(exercise.values(KEY, seed).items()) for seed in range(1, 61)}
    assert len(variants) >= 30  # 120 possible variants; 60 draws repeat only a few
    others = [exercise.values("variable-rnn:bob", seed) for seed in range(1, 21)]
    assert others != [exercise.values(KEY, seed) for seed in range(1, 21)]


def test_drawn_values_stay_in_their_range_and_reach_every_allowed_value():
    parameters = parse_parameters(PARAMETERS)
    drawn = [values_for(parameters, KEY, seed) for seed in range(1, 201)]
    assert {v["timesteps"] for v in drawn} == set(range(2, 10))
    assert {v["features"] for v in drawn} == set(range(1, 6))
    assert {v["units"] for v in drawn} == {4, 8, 16}


def test_a_negative_seed_is_refused():
    with pytest.raises(ValueError, match="non-negative"):
        template().values(KEY, -1)


# --- placeholders ---------------------------------------------------------------------------


def test_render_text_fills_placeholders_with_or_without_spaces():
    values = {"units": 8, "timesteps": 5}
    assert render_text("SimpleRNN({{units}}, input_shape=({{  timesteps }}, 2))", values) == (
        "SimpleRNN(8, input_shape=(5, 2))"
    )
    assert placeholders_in("{{units}} and {{ timesteps }} and {{ units }}") == {"units", "timesteps"}


def test_text_that_is_not_a_placeholder_is_left_alone():
    text = "f'{{x}' and {{ 1 }} and { units } and {{ units.size }}"
    assert render_text(text, {"units": 8}) == text


def test_an_undeclared_placeholder_is_refused_by_name():
    with pytest.raises(SpecError, match=r"\{\{ unit \}\} is not a declared parameter"):
        render_text("SimpleRNN({{ unit }})", {"units": 8})


def test_render_data_turns_a_whole_placeholder_into_an_integer():
    data = {"shape": [1, "{{ t }}", 2], "text": "{{ t }} steps", "layers": [{"units": "{{ u }}", "flag": True}]}
    rendered = render_data(data, {"t": 5, "u": 8})
    assert rendered == {"shape": [1, 5, 2], "text": "5 steps", "layers": [{"units": 8, "flag": True}]}
    assert data["shape"] == [1, "{{ t }}", 2], "the original is left as it was"


# --- the template ---------------------------------------------------------------------------


def test_a_template_renders_the_spec_of_each_variant():
    spec = template().spec_for({"timesteps": 6, "features": 4, "units": 16})
    assert spec.input_shape == (1, 6, 4)
    assert spec.checks[1]["expected"][0]["units"] == 16
    assert spec.needs_reference
    assert template().canonical_spec().input_shape == (1, 3, 2)


def test_a_template_round_trips_through_its_dict():
    exercise = template()
    data = exercise.as_dict()
    assert data["parameters"]["units"] == {"choices": [4, 8, 16], "default": 4}
    assert data["checks"][0]["expected"] == REFERENCE
    assert ExerciseTemplate.from_dict(data) == exercise


def test_a_template_without_parameters_is_a_plain_spec():
    plain = {"slug": "plain", "input_shape": [1, 3, 2], "checks": [{"kind": "output_shape", "expected": [1, 4]}]}
    exercise = ExerciseTemplate.from_dict(plain)
    assert not exercise.has_parameters
    assert "parameters" not in exercise.as_dict()
    assert exercise.values(KEY, 5) == {}
    assert exercise.canonical_spec() == ExerciseSpec.from_dict(plain)


def test_an_undeclared_placeholder_in_the_spec_is_refused_naming_the_field():
    typo = {**RECURRENT_CHECK, "expected": [{"type": "SimpleRNN", "units": "{{ unit }}"}]}
    with pytest.raises(SpecError, match=r"checks\[1\]\.expected\[0\]\.units: \{\{ unit \}\} is not a declared"):
        template(checks=[TEMPLATE["checks"][0], typo])


def test_a_range_whose_lowest_corner_breaks_the_spec_is_refused_naming_the_variant_and_field():
    with pytest.raises(SpecError) as refused:
        template(parameters={**PARAMETERS, "features": {"min": 0, "max": 5, "default": 2}})
    message = str(refused.value)
    assert message.startswith("with every parameter at its minimum (features=0, timesteps=2, units=4)")
    assert "input_shape must be a list of positive integers" in message


def test_a_default_that_breaks_the_spec_is_refused_without_a_variant_prefix():
    with pytest.raises(SpecError, match=r"^input_shape must be a list of positive integers"):
        template(parameters={**PARAMETERS, "features": {"choices": [-1, 2], "default": -1}})


def test_the_corners_are_every_default_every_lowest_and_every_highest():
    assert template().corners() == [
        ("default", {"features": 2, "timesteps": 3, "units": 4}),
        ("minimum", {"features": 1, "timesteps": 2, "units": 4}),
        ("maximum", {"features": 5, "timesteps": 9, "units": 16}),
    ]


# --- reference expectations -----------------------------------------------------------------


def test_reference_is_accepted_only_where_it_can_be_derived():
    for kind in ("output_shape", "outputs", "parameter_count"):
        spec = ExerciseSpec.from_dict(
            {"slug": "x", "input_shape": [1, 3, 2], "checks": [{"kind": kind, "expected": REFERENCE}]}
        )
        assert spec.needs_reference and spec.as_dict()["checks"][0]["expected"] == REFERENCE
    with pytest.raises(SpecError, match=r"checks\[0\]\.expected must list the recurrent layers"):
        ExerciseSpec.from_dict(
            {"slug": "x", "input_shape": [1, 3, 2], "checks": [RECURRENT_CHECK | {"expected": REFERENCE}]}
        )
    with pytest.raises(SpecError, match=r"checks\[0\]\.expected must be a list of integers"):
        ExerciseSpec.from_dict(
            {"slug": "x", "input_shape": [1, 3, 2], "checks": [{"kind": "output_shape", "expected": "ref"}]}
        )


def test_with_reference_fills_each_expectation_from_the_facts():
    spec = template().spec_for({"timesteps": 5, "features": 3, "units": 8})
    derived = spec.with_reference(rnn_facts(5, 3, 8))
    assert not derived.needs_reference
    assert derived.checks[0] == {"kind": "output_shape", "expected": [1, 5, 8]}
    assert derived.checks[2] == {"kind": "parameter_count", "expected": 8 * (3 + 8 + 1)}
    assert derived.checks[1] == spec.checks[1]
    outputs = ExerciseSpec.from_dict(
        {"slug": "x", "input_shape": [1, 5, 3], "checks": [{"kind": "outputs", "expected": REFERENCE}]}
    )
    assert outputs.with_reference(rnn_facts(5, 3, 8)).checks[0]["expected"] == [[1, 5, 8]]


def test_an_output_shape_cannot_be_derived_from_a_model_with_several_outputs():
    spec = template().canonical_spec()
    several = ModelFacts(output_shape=None, outputs=[[1, 4], [1, 4]], layers=[])
    with pytest.raises(SpecError, match=r"checks\[0\]\.expected: the reference model has several outputs"):
        spec.with_reference(several)


def test_without_reference_checks_keeps_the_others_and_may_keep_none():
    spec = template().canonical_spec()
    assert spec.without_reference_checks().checks == (spec.checks[1],)
    only_reference = ExerciseSpec.from_dict(
        {"slug": "x", "input_shape": [1, 3, 2], "checks": [{"kind": "parameter_count", "expected": REFERENCE}]}
    )
    assert only_reference.without_reference_checks().checks == ()


def test_an_unresolved_reference_check_never_passes():
    spec = template().canonical_spec()
    results = run_checks(rnn_facts(3, 2, 4), spec)
    assert [r.passed for r in results] == [False, True, False]
    assert "not derived from the reference solution" in results[0].message
    assert "not derived from the reference solution" in feedback_from(results)[0]


def test_variant_spec_does_not_grade_when_nothing_needs_the_reference():
    fixed = template(checks=[RECURRENT_CHECK])
    values = fixed.values(KEY, 3)
    assert variant_spec(fixed, values, "this is not Python") == fixed.spec_for(values)


# --- through the real grader ----------------------------------------------------------------


@pytest.fixture(scope="module")
def engine():
    warm = WarmEngine(slots=1).start()
    yield warm
    warm.close()


def seeds_with_distinct_variants(exercise: ExerciseTemplate, count: int) -> list[int]:
    """The first seeds ≥ 1 whose variants differ from each other and from the defaults in every value."""
    chosen, seen = [], [exercise.values(KEY, 0)]
    for seed in range(1, 200):
        values = exercise.values(KEY, seed)
        if all(all(values[name] != other[name] for name in values) for other in seen):
            chosen.append(seed)
            seen.append(values)
        if len(chosen) == count:
            return chosen
    raise AssertionError("no such seeds")


@pytest.fixture(scope="module")
def derived(engine):
    exercise = template()
    seeds = [0, *seeds_with_distinct_variants(exercise, 2)]
    return {
        seed: (exercise.values(KEY, seed), variant_spec(exercise, exercise.values(KEY, seed), SOLUTION, engine))
        for seed in seeds
    }


@pytest.mark.slow
def test_variant_spec_derives_the_output_shape_and_parameter_count_of_each_variant(derived):
    for values, spec in derived.values():
        t, f, u = values["timesteps"], values["features"], values["units"]
        assert spec.input_shape == (1, t, f)
        assert spec.checks[0]["expected"] == [1, t, u]
        assert spec.checks[2]["expected"] == u * (f + u + 1)
        assert not spec.needs_reference


@pytest.mark.slow
def test_the_rendered_solution_is_accepted_on_its_own_variant(derived, engine):
    seed = max(derived)
    values, spec = derived[seed]
    result = grade(spec, render_text(SOLUTION, values), runner=engine)
    assert result.verdict == "accepted", result.feedback
    assert result.facts is not None and result.facts.output_shape == [1, values["timesteps"], values["units"]]
    assert "facts" not in result.as_dict()
    assert set(result.as_dict()) == {f for f in GradeResult.__dataclass_fields__ if f != "facts"}


@pytest.mark.slow
def test_the_canonical_solution_is_rejected_on_another_learners_variant(derived, engine):
    seed = max(derived)
    values, spec = derived[seed]
    assert values != derived[0][0]
    result = grade(spec, render_text(SOLUTION, derived[0][0]), runner=engine)
    assert result.verdict == "wrong_answer"


@pytest.mark.slow
def test_an_unresolved_reference_check_fails_in_the_real_grader(engine):
    exercise = template()
    result = grade(exercise.canonical_spec(), render_text(SOLUTION, exercise.defaults), runner=engine)
    assert result.verdict == "wrong_answer"
    assert [check["passed"] for check in result.checks] == [False, True, False]


@pytest.mark.slow
def test_a_reference_that_fails_its_own_variant_raises_variant_error(engine):
    exercise = template()
    broken = SOLUTION.replace("return_sequences=True, ", "")
    values = exercise.values(KEY, 1)
    with pytest.raises(VariantError) as failed:
        variant_spec(exercise, values, broken, runner=engine)
    message = str(failed.value)
    assert message.startswith("the reference solution gets wrong_answer on this variant (features=")
    assert "return_sequences=True" in message
