"""Per-learner exercise variants: integer parameters, `{{ name }}` placeholders, and expectations
derived by grading the reference solution on each variant, so no variant's numbers are written by hand.

An exercise declares its parameters next to its checks:

    parameters:
      timesteps: {min: 2, max: 8, default: 3}
      units: {choices: [4, 8, 16], default: 4}

Seed 0 is the canonical variant (every default); seed n ≥ 1 draws each parameter from a
generator seeded with the string "key:n", so a learner's variant is the same in every process.
"""

import copy
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

from grader.facts import ModelFacts
from grader.grading import grade
from grader.runner import Runner
from grader.spec import ExerciseSpec, SpecError

MAX_PARAMETERS = 10
MAX_SPAN = 10_000  # max - min of a range: keeps a parameter's variants countable and its corners meaningful
PARAMETER_KEYS = ("choices", "default", "max", "min")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


class VariantError(ValueError):
    """The reference solution could not derive a variant's expectations."""


# --- parameters -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    name: str
    default: int
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[int, ...] | None = None

    def draw(self, rng: random.Random) -> int:
        if self.choices is not None:
            return rng.choice(self.choices)
        return rng.randint(self.minimum, self.maximum)

    @property
    def lowest(self) -> int:
        return min(self.choices) if self.choices is not None else self.minimum

    @property
    def highest(self) -> int:
        return max(self.choices) if self.choices is not None else self.maximum

    def as_dict(self) -> dict:
        """The YAML form that `parse_parameters` reads back."""
        if self.choices is not None:
            return {"choices": list(self.choices), "default": self.default}
        return {"min": self.minimum, "max": self.maximum, "default": self.default}


def parse_parameters(data: object) -> dict[str, Parameter]:
    """The declared parameters; raises SpecError naming the field, e.g. parameters.units.default."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SpecError("parameters must be a mapping of names to {min, max, default} or {choices, default}")
    if len(data) > MAX_PARAMETERS:
        raise SpecError(f"parameters: at most {MAX_PARAMETERS} may be declared, not {len(data)}")
    return {name: parse_parameter(name, body) for name, body in data.items()}


def parse_parameter(name: object, body: object) -> Parameter:
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise SpecError(f"parameters: {name!r} is not a valid name (letters, digits and _, not starting with a digit)")
    where = f"parameters.{name}"
    if not isinstance(body, dict):
        raise SpecError(f"{where} must be a mapping, e.g. {{min: 2, max: 8, default: 3}}")
    unknown = sorted(str(key) for key in body if key not in PARAMETER_KEYS)
    if unknown:
        raise SpecError(f"{where}: unknown key(s) {', '.join(unknown)}; known: {', '.join(PARAMETER_KEYS)}")
    ranged = "min" in body or "max" in body
    if ranged == ("choices" in body):
        raise SpecError(f"{where} needs either min and max, or choices (exactly one of the two)")
    if "default" not in body:
        raise SpecError(f"{where}.default is required")
    default = integer(body["default"], f"{where}.default")
    return ranged_parameter(name, body, default) if ranged else chosen_parameter(name, body, default)


def ranged_parameter(name: str, body: dict, default: int) -> Parameter:
    where = f"parameters.{name}"
    for key, other in (("min", "max"), ("max", "min")):
        if key not in body:
            raise SpecError(f"{where}.{key} is required with {other}")
    minimum, maximum = integer(body["min"], f"{where}.min"), integer(body["max"], f"{where}.max")
    if maximum < minimum:
        raise SpecError(f"{where}.max must be ≥ min")
    if maximum - minimum > MAX_SPAN:
        raise SpecError(f"{where}: max - min must be at most {MAX_SPAN}")
    if not minimum <= default <= maximum:
        raise SpecError(f"{where}.default {default} is not between min {minimum} and max {maximum}")
    return Parameter(name, default, minimum=minimum, maximum=maximum)


def chosen_parameter(name: str, body: dict, default: int) -> Parameter:
    where = f"parameters.{name}"
    listed = body["choices"]
    if not isinstance(listed, list) or not listed:
        raise SpecError(f"{where}.choices must be a non-empty list of integers")
    choices = tuple(integer(value, f"{where}.choices[{index}]") for index, value in enumerate(listed))
    if len(set(choices)) != len(choices):
        raise SpecError(f"{where}.choices must not repeat a value")  # a repeat would weigh the draw
    if default not in choices:
        raise SpecError(f"{where}.default {default} is not one of its choices")
    return Parameter(name, default, choices=choices)


def integer(value: object, where: str) -> int:
    # bool is an int in Python, but `units: true` is a mistake, never a number.
    if not isinstance(value, int) or isinstance(value, bool):
        raise SpecError(f"{where} must be an integer, got {value!r}")
    return value


def defaults_of(parameters: dict[str, Parameter]) -> dict[str, int]:
    return {name: parameters[name].default for name in sorted(parameters)}


def values_for(parameters: dict[str, Parameter], key: str, seed: int) -> dict[str, int]:
    """The variant `seed` of the exercise `key`: 0 is every default, n ≥ 1 a deterministic draw."""
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"a variant seed is a non-negative integer, not {seed!r}")
    if seed == 0:
        return defaults_of(parameters)
    # A string seed is hashed with SHA-512, unlike hash(), so it is the same in every process.
    rng = random.Random(f"{key}:{seed}")
    return {name: parameters[name].draw(rng) for name in sorted(parameters)}


def describe_values(values: dict[str, int]) -> str:
    return ", ".join(f"{name}={value}" for name, value in sorted(values.items())) or "no parameters"


# --- placeholders ---------------------------------------------------------------------------


def placeholders_in(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def value_of(name: str, values: dict[str, int]) -> int:
    if name not in values:
        raise SpecError(f"{{{{ {name} }}}} is not a declared parameter")
    return values[name]


def render_text(text: str, values: dict[str, int]) -> str:
    """`text` with every `{{ name }}` replaced by its value; an undeclared name raises SpecError."""
    return PLACEHOLDER.sub(lambda match: str(value_of(match.group(1), values)), text)


def render_data(data: object, values: dict[str, int]) -> object:
    """A rendered copy of nested data; a string that is exactly one placeholder becomes the integer."""
    if isinstance(data, dict):
        return {key: render_data(value, values) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return type(data)(render_data(item, values) for item in data)
    if isinstance(data, str):
        whole = PLACEHOLDER.fullmatch(data)
        return value_of(whole.group(1), values) if whole else render_text(data, values)
    return data


def strings_in(data: object, where: str = "") -> Iterator[tuple[str, str]]:
    """Every string in nested data with its field path, e.g. ('checks[1].expected[0].units', '{{ units }}')."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings_in(value, f"{where}.{key}" if where else str(key))
    elif isinstance(data, list | tuple):
        for index, item in enumerate(data):
            yield from strings_in(item, f"{where}[{index}]")
    elif isinstance(data, str):
        yield where, data


# --- the template ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ExerciseTemplate:
    """An exercise's spec data with its placeholders left in, and the parameters that fill them."""

    spec_data: dict
    parameters: dict[str, Parameter]

    @classmethod
    def from_dict(cls, data: dict) -> "ExerciseTemplate":
        """Validate the stored spec and its parameters; raises SpecError naming the bad field."""
        if not isinstance(data, dict):
            raise SpecError("the exercise spec must be a mapping")
        parameters = parse_parameters(data.get("parameters"))
        spec_data = copy.deepcopy({key: value for key, value in data.items() if key != "parameters"})
        refuse_undeclared(spec_data, parameters)
        template = cls(spec_data=spec_data, parameters=parameters)
        template.validate_corners()
        return template

    def validate_corners(self) -> None:
        """Every parameter at its default, its lowest and its highest must give a valid spec.

        The corners are where a range breaks a spec (a zero dimension, a negative count); the
        variants between them are only as valid as the checks' own rules make them.
        """
        for label, values in self.corners():
            try:
                self.spec_for(values)
            except SpecError as exc:
                if label == "default":
                    raise
                raise SpecError(f"with every parameter at its {label} ({describe_values(values)}): {exc}") from exc

    def corners(self) -> list[tuple[str, dict[str, int]]]:
        """The variants worth proving an exercise on: defaults, every minimum, every maximum."""
        found = [("default", self.defaults)]
        if self.has_parameters:
            found.append(("minimum", {name: p.lowest for name, p in sorted(self.parameters.items())}))
            found.append(("maximum", {name: p.highest for name, p in sorted(self.parameters.items())}))
        return found

    @property
    def has_parameters(self) -> bool:
        return bool(self.parameters)

    @property
    def defaults(self) -> dict[str, int]:
        return defaults_of(self.parameters)

    def values(self, key: str, seed: int) -> dict[str, int]:
        return values_for(self.parameters, key, seed)

    def spec_for(self, values: dict[str, int]) -> ExerciseSpec:
        """The variant's spec; its `expected: reference` checks still need `variant_spec`."""
        return ExerciseSpec.from_dict(render_data(self.spec_data, values))

    def canonical_spec(self) -> ExerciseSpec:
        return self.spec_for(self.defaults)

    def as_dict(self) -> dict:
        data = copy.deepcopy(self.spec_data)
        if self.has_parameters:
            data["parameters"] = {name: parameter.as_dict() for name, parameter in self.parameters.items()}
        return data


def refuse_undeclared(spec_data: dict, parameters: dict[str, Parameter]) -> None:
    for where, text in strings_in(spec_data):
        undeclared = sorted(placeholders_in(text) - set(parameters))
        if undeclared:
            raise SpecError(
                f"{where}: {{{{ {undeclared[0]} }}}} is not a declared parameter (declare it under parameters)"
            )


# --- expectations derived from the reference solution --------------------------------------


@dataclass(frozen=True)
class DerivedVariant:
    """A variant's spec with its expectations filled, and the facts of its reference model
    (which the feedback draws as "the expected model")."""

    spec: ExerciseSpec
    reference: ModelFacts


def derive_variant(
    template: ExerciseTemplate, values: dict, solution_code: str, runner: Runner | None = None
) -> DerivedVariant:
    """Grade the reference solution, rendered for the variant, and fill the variant's spec from it.

    The reference is graded by the real grader with the checks that need no reference, so the
    expectations come from the same facts a learner's model will be compared on.
    """
    spec = template.spec_for(values)
    try:
        code = render_text(solution_code, values)
    except SpecError as exc:
        raise VariantError(f"the reference solution cannot be rendered: {exc}") from exc
    facts = reference_facts(spec, code, values, runner) if spec.needs_model_reference else NO_MODEL
    try:
        return DerivedVariant(spec.with_reference(facts, code), facts)
    except SpecError as exc:
        raise VariantError(f"the reference solution on this variant ({describe_values(values)}): {exc}") from exc


# What a variant whose checks read no model holds as its reference model: no layer to draw or compare.
NO_MODEL = ModelFacts(output_shape=None, outputs=[], layers=[])


def reference_facts(spec: ExerciseSpec, code: str, values: dict, runner: Runner | None) -> ModelFacts:
    """The reference model's facts, graded with the checks that need no reference."""
    result = grade(spec.without_reference_checks(), code, runner=runner)
    if result.verdict != "accepted" or result.facts is None:
        first = result.feedback[0] if result.feedback else "no feedback"
        raise VariantError(
            f"the reference solution gets {result.verdict} on this variant ({describe_values(values)}): {first}"
        )
    return result.facts


def variant_spec(
    template: ExerciseTemplate, values: dict, solution_code: str, runner: Runner | None = None
) -> ExerciseSpec:
    """The variant's spec with every `expected: reference` filled; grades only when one needs it."""
    spec = template.spec_for(values)
    if not spec.needs_reference:
        return spec
    return derive_variant(template, values, solution_code, runner).spec
