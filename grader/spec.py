"""What the grader needs to know about an exercise, validated from plain data."""

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from grader.limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:  # facts.py imports this module, so only the type checker may import it back
    from grader.facts import ModelFacts

CHECK_KINDS = (
    "output_shape",
    "outputs",
    "recurrent_layers",
    "layer",
    "dense_head",
    "time_distributed",
    "softmax_per_step",
    "parameter_count",
    "forbidden_layers",
    "no_other_layers",
    "numeric",
)
# `expected: reference` means "whatever the reference solution's model gives": derived per
# variant by grading the reference (grader.variants.variant_spec), never written by hand.
REFERENCE = "reference"
REFERENCE_KINDS = ("output_shape", "outputs", "parameter_count", "no_other_layers", "numeric")
WRAPPERS = ("TimeDistributed", "Bidirectional")
RECURRENT_TYPES = ("SimpleRNN", "GRU", "LSTM")


class SpecError(ValueError):
    """An exercise's declared data is unusable; the message names the field."""


@dataclass(frozen=True)
class ExerciseSpec:
    slug: str
    input_shape: tuple[int, ...]
    checks: tuple[dict, ...]
    model_variable: str = "model"
    limits: Limits = field(default_factory=lambda: DEFAULT_LIMITS)
    # The reference solution, rendered for the variant, that `numeric` checks call on each grading's
    # inputs (grader/numeric.py); filled by with_reference, empty for exercises without them.
    reference_code: str = ""

    @classmethod
    def from_dict(cls, data: dict) -> "ExerciseSpec":
        """Build from the JSON stored for an exercise; raises SpecError naming the bad field."""
        slug = require(data, "slug", str)
        input_shape = require(data, "input_shape", list)
        if not input_shape or not all(isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in input_shape):
            raise SpecError("input_shape must be a list of positive integers, e.g. [1, 3, 2]")
        checks = require(data, "checks", list)
        if not checks:
            raise SpecError("checks must declare at least one check")
        reference_code = data.get("reference_code", "")
        if not isinstance(reference_code, str):
            raise SpecError("reference_code must be the reference solution's text")
        for index, check in enumerate(checks):
            validate_check(check, f"checks[{index}]", derived_allowed=bool(reference_code))
        variable = data.get("model_variable", "model")
        if not isinstance(variable, str) or not variable.isidentifier():
            raise SpecError("model_variable must be a Python identifier")
        try:
            limits = DEFAULT_LIMITS.with_overrides(data.get("limits"))
        except ValueError as exc:
            raise SpecError(f"limits: {exc}") from exc
        return cls(
            slug=slug,
            input_shape=tuple(input_shape),
            checks=tuple(checks),
            model_variable=variable,
            limits=limits,
            reference_code=reference_code,
        )

    def as_dict(self) -> dict:
        overrides = {k: v for k, v in self.limits.as_dict().items() if DEFAULT_LIMITS.as_dict()[k] != v}
        data = {
            "slug": self.slug,
            "input_shape": list(self.input_shape),
            "checks": list(self.checks),
            "model_variable": self.model_variable,
        }
        if overrides:
            data["limits"] = overrides
        if self.reference_code:
            data["reference_code"] = self.reference_code
        return data

    @property
    def needs_model(self) -> bool:
        """Some check reads the learner's Keras model (every kind but `numeric`)."""
        return not self.checks or any(check.get("kind") != "numeric" for check in self.checks)

    @property
    def has_numeric_checks(self) -> bool:
        return any(check.get("kind") == "numeric" for check in self.checks)

    @property
    def needs_model_reference(self) -> bool:
        """Some `expected: reference` must be read off the reference solution's model."""
        return any(is_reference(check) and check["kind"] != "numeric" for check in self.checks)

    @property
    def needs_reference(self) -> bool:
        """Some check's expectation must still be derived from the reference solution."""
        return any(is_reference(check) for check in self.checks)

    def without_reference_checks(self) -> "ExerciseSpec":
        """The checks that need no reference: what the reference itself is graded with (maybe none)."""
        return replace(self, checks=tuple(check for check in self.checks if not is_reference(check)))

    def with_reference(self, facts: "ModelFacts | None", reference_code: str = "") -> "ExerciseSpec":
        """Every `expected: reference` replaced by what the reference solution's model gives; a
        `numeric` check's by the reference solution itself (`reference_code`), run on each grading's inputs."""
        checks = tuple(
            {**check, "expected": derived_expectation(check["kind"], facts, f"checks[{index}]")}
            if is_reference(check)
            else check
            for index, check in enumerate(self.checks)
        )
        if self.has_numeric_checks and not reference_code:
            raise SpecError("numeric checks need the reference solution's code")
        return replace(self, checks=checks, reference_code=reference_code if self.has_numeric_checks else "")


def is_reference(check: dict) -> bool:
    return check.get("kind") in REFERENCE_KINDS and check.get("expected") == REFERENCE


def derived_expectation(kind: str, facts: "ModelFacts | None", where: str) -> list | int | str:
    if kind == "numeric":
        from grader.numeric import DERIVED  # it builds on the checks, which build on this module

        return DERIVED
    if facts is None:
        raise SpecError(f"{where}.expected: the reference solution built no model to read it from")
    if kind == "parameter_count":
        return int(facts.parameter_count)
    if kind == "no_other_layers":
        from grader.other_layers import computing_layers  # it builds on the checks, which build on this module

        return computing_layers(facts)
    if kind == "outputs":
        return [list(shape) for shape in facts.outputs]
    if facts.output_shape is None:
        raise SpecError(f"{where}.expected: the reference model has several outputs; use an `outputs` check")
    return list(facts.output_shape)


def require(data: dict, key: str, kind: type):
    if key not in data:
        raise SpecError(f"{key} is required")
    if not isinstance(data[key], kind):
        raise SpecError(f"{key} must be a {kind.__name__}")
    return data[key]


def validate_check(check: object, where: str, derived_allowed: bool = False) -> None:
    if not isinstance(check, dict) or "kind" not in check:
        raise SpecError(f"{where} must be a mapping with a 'kind'")
    kind = check["kind"]
    if kind not in CHECK_KINDS:
        raise SpecError(f"{where}.kind {kind!r} is not one of: {', '.join(CHECK_KINDS)}")
    if kind == "numeric":
        from grader.numeric import NumericSpecError, validate  # it builds on the checks, which build on this module

        try:
            validate(check, where, derived_allowed)
        except NumericSpecError as exc:
            raise SpecError(str(exc)) from exc
        return
    if is_reference(check):
        return  # derived from the reference solution per variant: no value to validate yet
    if kind == "output_shape":
        expected = check.get("expected")
        if not isinstance(expected, list) or not all(isinstance(d, int) for d in expected):
            raise SpecError(f"{where}.expected must be a list of integers")
    if kind == "recurrent_layers":
        layers = check.get("expected")
        if not isinstance(layers, list) or not layers:
            raise SpecError(f"{where}.expected must list the recurrent layers")
        for index, layer in enumerate(layers):
            if not isinstance(layer, dict) or layer.get("type") not in RECURRENT_TYPES:
                raise SpecError(f"{where}.expected[{index}].type must be one of: {', '.join(RECURRENT_TYPES)}")
    if kind in ("dense_head", "time_distributed") and not isinstance(check.get("units"), int):
        raise SpecError(f"{where}.units must be an integer")
    if kind == "layer":
        if not isinstance(check.get("type"), str):
            raise SpecError(f"{where}.type must name a Keras layer, e.g. LSTM")
        if check.get("wrapped_by") not in (None, *WRAPPERS):
            raise SpecError(f"{where}.wrapped_by must be one of: {', '.join(WRAPPERS)}")
        if check.get("before") is not None and not isinstance(check["before"], str):
            raise SpecError(f"{where}.before must name the layer this one must come before, e.g. SimpleRNN")
    if kind == "parameter_count" and not isinstance(check.get("expected"), int):
        raise SpecError(f"{where}.expected must be an integer")
    if kind == "no_other_layers" and not (
        isinstance(check.get("expected"), list) and all(isinstance(name, str) for name in check["expected"])
    ):
        raise SpecError(f"{where}.expected must be `reference` or list the layers, e.g. [Dense]")
    if kind == "forbidden_layers" and not (
        isinstance(check.get("types"), list) and all(isinstance(t, str) for t in check["types"])
    ):
        raise SpecError(f"{where}.types must list layer names")
    if kind == "outputs" and not (
        isinstance(check.get("expected"), list) and all(isinstance(shape, list) for shape in check["expected"])
    ):
        raise SpecError(f"{where}.expected must list one shape per output")
