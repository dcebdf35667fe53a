"""Bad input is refused before anything runs, with a message that says why."""

import pytest

from grader import ExerciseSpec, Limits, SpecError, grade

SPEC = ExerciseSpec.from_dict(
    {"slug": "x", "input_shape": [1, 3, 2], "checks": [{"kind": "output_shape", "expected": [1, 4]}]}
)


@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        ("model = 1\x00", "NUL byte"),
        (b"model = '\xff\xfe'", "not UTF-8"),
        ("x = 1\n" * 20000, "limited to 64 KB"),
        ("   \n", "empty"),
    ],
)
def test_it_refuses_unrunnable_input_with_a_reason(code, phrase):
    result = grade(SPEC, code)
    assert result.verdict == "rejected"
    assert phrase in result.feedback[0]
    assert result.usage.wall_ms == 0  # nothing was run


def test_an_exercise_may_raise_the_code_size_limit():
    result = grade(SPEC, "x = 1\n" * 20000, Limits(code_kb=1))
    assert "limited to 1 KB" in result.feedback[0]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"input_shape": [1, 3, 2], "checks": [{"kind": "output_shape", "expected": [1]}]}, "slug"),
        ({"slug": "x", "input_shape": [0, 3], "checks": [{"kind": "output_shape", "expected": [1]}]}, "input_shape"),
        ({"slug": "x", "input_shape": [1, 3, 2], "checks": [{"kind": "telepathy"}]}, "checks[0].kind"),
        (
            {
                "slug": "x",
                "input_shape": [1, 3, 2],
                "checks": [{"kind": "output_shape", "expected": [1]}],
                "limits": {"cpu": 1},
            },
            "limits",
        ),
    ],
)
def test_a_bad_spec_names_the_field(data, field):
    with pytest.raises(SpecError, match=field.replace("[", r"\[").replace("]", r"\]")):
        ExerciseSpec.from_dict(data)
