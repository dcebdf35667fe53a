"""Numeric checks: the learner's function and the reference's, called on the same drawn inputs, compared.

An exercise may ask for values, not a model: "write `rnn_step(x_t, h_prev, W, U, b)` in NumPy". A
`numeric` check names the function, its arguments' shapes and the tolerance. Each grading draws
fresh inputs (seeded by the exercise, the check as rendered for the variant, and a per-grading
nonce), so numbers copied from one grading fail the next. Both functions run in the sandbox, in
two separate runs: the learner's run reports its results as plain JSON, which is untrusted; this
module reads them as bounded arrays of finite numbers (anything else is refused with a clear
message), compares them with the reference run's, and names the first differing step and element
in the guide's words. Pure Python on the trusted side: no NumPy, no Keras.
"""

import hashlib
import json
import math
import random
from dataclasses import dataclass

from grader.checks import Advice, CheckResult, failed
from grader.wording import check_name, format_shape, upper_first

KIND = "numeric"
# After derivation the check's `expected` says where its values come from: the reference solution
# (ExerciseSpec.reference_code), run on each grading's inputs. Never a number typed by hand.
DERIVED = "reference run"
MAX_ELEMENTS = 4096  # numbers one call may return or one argument may hold
MAX_DIMENSIONS = 4
MAX_TRIALS = 5
DEFAULT_TRIALS = 3
DEFAULT_RTOL = 1e-4  # the reference may compute in float32 (Keras), the learner in float64 (NumPy)
DEFAULT_ATOL = 1e-5
SHOWN_DECIMALS = 3
SHOWN_ELEMENTS = 8  # a vector longer than this is shown around its first difference
ADVICE_WHEN = ("later_step", "first_step", "outside_tanh_range", "never_negative", "always")
WORD_KEYS = ("value", "reference", "step", "element")
ERROR_KEY = "numeric-error"  # the advice key of a learner's function that raised or is missing: runtime_error
DEFAULT_WORDS = {"value": "result", "reference": "the reference's", "step": "step", "element": "element"}
FIELDS = (
    "kind",
    "name",
    "function",
    "reference_function",
    "arguments",
    "trials",
    "rtol",
    "atol",
    "steps_axis",
    "words",
    "advice",
    "expected",
)


class NumericSpecError(ValueError):
    """A numeric check's declaration is unusable; the message names the field."""


# --- the declaration ------------------------------------------------------------------------


def validate(check: dict, where: str, derived_allowed: bool) -> None:
    """Raise NumericSpecError naming the first bad field of a numeric check."""
    unknown = sorted(str(key) for key in check if key not in FIELDS)
    if unknown:
        raise NumericSpecError(f"{where}: unknown field(s) {', '.join(unknown)}; known: {', '.join(FIELDS)}")
    for key in ("function", "reference_function"):
        if key in check and not (isinstance(check[key], str) and check[key].isidentifier()):
            raise NumericSpecError(f"{where}.{key} must name a Python function, e.g. rnn_step")
    if "function" not in check:
        raise NumericSpecError(f"{where}.function is required: the learner's function to call")
    allowed = ("reference", DERIVED) if derived_allowed else ("reference",)
    if check.get("expected") not in allowed:
        raise NumericSpecError(
            f"{where}.expected must be `reference`: the values come from the reference solution, never typed by hand"
        )
    validate_arguments(check.get("arguments"), f"{where}.arguments")
    trials = check.get("trials", DEFAULT_TRIALS)
    if not is_integer(trials) or not 1 <= trials <= MAX_TRIALS:
        raise NumericSpecError(f"{where}.trials must be an integer from 1 to {MAX_TRIALS}")
    for key in ("rtol", "atol"):
        if key in check and not (is_number(check[key]) and 0 <= check[key] < 1):
            raise NumericSpecError(f"{where}.{key} must be a number from 0 to 1, e.g. 1e-4")
    if check.get("steps_axis") not in (None, 0):
        raise NumericSpecError(f"{where}.steps_axis must be 0 (the result's first axis runs over the steps) or absent")
    words = check.get("words", {})
    if not isinstance(words, dict) or any(k not in WORD_KEYS or not isinstance(v, str) for k, v in words.items()):
        raise NumericSpecError(f"{where}.words maps some of {', '.join(WORD_KEYS)} to words, e.g. value: hidden state")
    validate_advice(check.get("advice", []), f"{where}.advice")


def validate_arguments(arguments: object, where: str) -> None:
    if not isinstance(arguments, list) or not arguments:
        raise NumericSpecError(f"{where} must list the arguments, e.g. [{{name: x_t, shape: [2]}}]")
    for index, argument in enumerate(arguments):
        here = f"{where}[{index}]"
        if not isinstance(argument, dict) or not isinstance(argument.get("name"), str):
            raise NumericSpecError(f"{here} must be a mapping with a name and a shape")
        shape = argument.get("shape")
        if (
            not isinstance(shape, list)
            or len(shape) > MAX_DIMENSIONS
            or not all(is_integer(d) and d > 0 for d in shape)
        ):
            raise NumericSpecError(f"{here}.shape must list at most {MAX_DIMENSIONS} positive integers")
        if math.prod(shape) > MAX_ELEMENTS:
            raise NumericSpecError(f"{here}.shape holds more than {MAX_ELEMENTS} numbers")
        low, high = argument.get("low", -1), argument.get("high", 1)
        if not (is_number(low) and is_number(high) and low <= high and abs(low) <= 1e6 and abs(high) <= 1e6):
            raise NumericSpecError(f"{here}: low and high must be numbers with low ≤ high")


def validate_advice(advice: object, where: str) -> None:
    if not isinstance(advice, list):
        raise NumericSpecError(f"{where} must be a list of {{when, text}}")
    for index, entry in enumerate(advice):
        if not (isinstance(entry, dict) and entry.get("when") in ADVICE_WHEN and isinstance(entry.get("text"), str)):
            raise NumericSpecError(f"{where}[{index}] must be {{when: one of {', '.join(ADVICE_WHEN)}, text: ...}}")


def is_integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# --- the inputs of one grading --------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """One call the sandbox makes: a function on drawn arguments (plain nested lists)."""

    check_index: int
    function: str
    arguments: list

    def request(self) -> dict:
        return {"function": self.function, "arguments": self.arguments}


def numeric_checks(checks: tuple[dict, ...]) -> list[tuple[int, dict]]:
    return [(index, check) for index, check in enumerate(checks) if check.get("kind") == KIND]


def draw_calls(slug: str, checks: tuple[dict, ...], nonce: str) -> list[Call]:
    """Every numeric check's calls for this grading: `trials` draws of its arguments each."""
    calls = []
    for index, check in numeric_checks(checks):
        rng = random.Random(seed_text(slug, index, check, nonce))
        for _ in range(check.get("trials", DEFAULT_TRIALS)):
            arguments = [drawn(rng, argument) for argument in check["arguments"]]
            calls.append(Call(index, check["function"], arguments))
    return calls


def seed_text(slug: str, index: int, check: dict, nonce: str) -> str:
    """The draw's seed: the exercise, the check as rendered for the variant (its shapes), and the nonce.
    Hashed, so that a seed string is the same in every process (random.Random hashes strings with SHA-512)."""
    declared = json.dumps(check.get("arguments"), sort_keys=True)
    return hashlib.sha256(f"{slug}:{index}:{declared}:{nonce}".encode()).hexdigest()


def drawn(rng: random.Random, argument: dict) -> list | float:
    """An array of the argument's shape, uniform in [low, high], each number rounded to 3 decimals
    (numbers a learner can read back, exactly the same on both sides)."""
    low, high = argument.get("low", -1), argument.get("high", 1)

    def fill(shape: list[int]) -> list | float:
        if not shape:
            return round(rng.uniform(low, high), 3)
        return [fill(shape[1:]) for _ in range(shape[0])]

    return fill(list(argument["shape"]))


def reference_calls(calls: list[Call], checks: tuple[dict, ...]) -> list[dict]:
    """The same calls, to the reference solution's function (`reference_function`, else `function`)."""
    return [
        {**call.request(), "function": checks[call.check_index].get("reference_function", call.function)}
        for call in calls
    ]


# --- reading what a run reported (untrusted) ------------------------------------------------


class Refused(ValueError):
    """A reported value that is not a bounded array of finite numbers; the message says why, for the learner."""


def array_of(value: object, function: str) -> tuple[list[float], list[int]]:
    """The reported value as (numbers in row-major order, shape); raises Refused with a clear message.

    Iterative and bounded: at most MAX_DIMENSIONS levels and MAX_ELEMENTS numbers are looked at.
    """
    if is_number(value):
        return [float(value)], []
    numbers: list[float] = []
    shape: list[int] = []
    level = [value]
    while level and isinstance(level[0], list):
        if len(shape) >= MAX_DIMENSIONS:
            raise Refused(f"`{function}` returned an array of more than {MAX_DIMENSIONS} dimensions.")
        widths = {len(item) if isinstance(item, list) else -1 for item in level}
        if len(widths) != 1 or -1 in widths:
            raise Refused(f"`{function}` returned rows of different lengths: not an array of numbers.")
        width = widths.pop()
        if width == 0:
            raise Refused(f"`{function}` returned an empty array.")
        if math.prod(shape) * width > MAX_ELEMENTS:
            raise Refused(f"`{function}` returned more than {MAX_ELEMENTS} numbers: far more than asked for.")
        shape.append(width)
        level = [child for item in level for child in item]
    for item in level:
        numbers.append(finite_number(item, function))
    return numbers, shape


def finite_number(item: object, function: str) -> float:
    if isinstance(item, bool) or not isinstance(item, int | float):
        kind = "text" if isinstance(item, str) else type(item).__name__
        raise Refused(f"`{function}` returned something that is not an array of numbers (it holds {kind}).")
    if isinstance(item, float) and math.isnan(item):
        raise Refused(f"`{function}` returned NaN (not a number): look for a division by zero or an overflow.")
    if isinstance(item, int) and abs(item) > 10**300 or isinstance(item, float) and math.isinf(item):
        raise Refused(f"`{function}` returned an infinite number: look for an overflow (e.g. exp of a large value).")
    return float(item)


@dataclass(frozen=True)
class Reported:
    """One call's result as a run reported it: numbers and shape, or why there are none."""

    numbers: list[float] | None = None
    shape: list[int] | None = None
    refused: str | None = None  # the value is not a bounded array of finite numbers
    error: dict | None = None  # the function raised, or is missing: what the run said


def read_results(report: dict, calls: list[Call], functions: list[str]) -> list[Reported]:
    """Each call's reported result, in order; a missing or malformed entry is refused, never trusted."""
    results = report.get("calls")
    if not isinstance(results, list) or len(results) != len(calls):
        return [Reported(refused="Your code's results could not be read: the run did not report one per call.")] * len(
            calls
        )
    return [read_one(entry, function) for entry, function in zip(results, functions, strict=True)]


def read_one(entry: object, function: str) -> Reported:
    if not isinstance(entry, dict):
        return Reported(refused=f"The result of `{function}` could not be read.")
    if "error" in entry:
        error = entry["error"] if isinstance(entry["error"], dict) else {}
        return Reported(error=error)
    value = entry.get("value")
    if value == "too_large":
        return Reported(refused=f"`{function}` returned more than {MAX_ELEMENTS} numbers: far more than asked for.")
    if isinstance(value, str) and value.startswith("not numbers: "):
        kind = value.removeprefix("not numbers: ")[:40]
        return Reported(refused=f"`{function}` returned {kind}, not an array of numbers: return the array itself.")
    try:
        numbers, shape = array_of(value, function)
    except Refused as exc:
        return Reported(refused=str(exc))
    return Reported(numbers=numbers, shape=shape)


# --- judging one check ----------------------------------------------------------------------


def words_of(check: dict) -> dict:
    return {**DEFAULT_WORDS, **check.get("words", {})}


def check_numeric(check: dict, calls: list[Call], learner: list[Reported], reference: list[Reported]) -> CheckResult:
    """Compare the learner's results with the reference's, call by call; the first difference is the feedback."""
    name = check_name(check)
    for mine, theirs in zip(learner, reference, strict=True):
        if mine.error is not None:
            return failed(name, [Advice(4, f"{ERROR_KEY}-{name}", error_text(check["function"], mine.error, check))])
        problem = call_problem(check, mine, theirs, every_number(learner), every_number(reference))
        if problem:
            return failed(name, [Advice(5, f"numeric-{name}", problem)])
    count = len(calls)
    return CheckResult(name, True, f"`{check['function']}` matches on {count} random input{'s' * (count != 1)}.")


def every_number(results: list[Reported]) -> list[float]:
    """The numbers of all of a check's calls: the range rules of `advice` look at them together."""
    return [number for result in results for number in result.numbers or []]


def call_problem(
    check: dict, mine: Reported, theirs: Reported, all_mine: list[float], all_theirs: list[float]
) -> str | None:
    function, words = check["function"], words_of(check)
    if mine.refused:
        return mine.refused
    if mine.shape != theirs.shape:
        return (
            f"`{function}` returned an array of shape {format_shape(mine.shape)}; {words['reference']} "
            f"{words['value']} has shape {format_shape(theirs.shape)}."
        )
    return difference_text(check, mine, theirs, all_mine, all_theirs)


def error_text(function: str, error: dict, check: dict) -> str:
    if error.get("status") == "missing":
        names = ", ".join(str(argument["name"]) for argument in check["arguments"])
        return f"Your code does not define `{function}`: write `def {function}({names}):` and return the result."
    kind = str(error.get("type") or "an error")[:100]
    message = str(error.get("message") or "")[:300]
    line = error.get("line")
    where = f" (line {line})" if is_integer(line) else ""
    return f"Calling `{function}` stopped with {kind}{where}: {message}".rstrip(": ")


def close(mine: float, theirs: float, check: dict) -> bool:
    return abs(mine - theirs) <= check.get("atol", DEFAULT_ATOL) + check.get("rtol", DEFAULT_RTOL) * abs(theirs)


def difference_text(
    check: dict, mine: Reported, theirs: Reported, all_mine: list[float], all_theirs: list[float]
) -> str | None:
    """Where the learner's numbers first leave the reference's, in the check's words; None if nowhere."""
    first = next(
        (i for i, (a, b) in enumerate(zip(mine.numbers, theirs.numbers, strict=True)) if not close(a, b, check)),
        None,
    )
    if first is None:
        return None
    words = words_of(check)
    stepped = check.get("steps_axis") == 0 and len(mine.shape) >= 2
    row = math.prod(mine.shape[1:]) if stepped else len(mine.numbers)
    step, offset = divmod(first, row)
    start = step * row
    yours, layers = mine.numbers[start : start + row], theirs.numbers[start : start + row]
    where = f"At {words['step']} {step + 1} your" if stepped else "Your"
    text = (
        f"{where} {words['value']} is {shown(yours, offset)}; {words['reference']} is {shown(layers, offset)} "
        f"({words['element']} {offset + 1} differs first: {rounded(yours[offset])} instead of {rounded(layers[offset])})."
    )
    extra = advice_for(check, step if stepped else None, all_mine, all_theirs)
    return f"{text} {extra}" if extra else text


def advice_for(check: dict, step: int | None, mine: list[float], theirs: list[float]) -> str:
    """The author's advice for the first rule that fits this difference (in the order they declared)."""
    for entry in check.get("advice", []):
        if fits(entry["when"], step, mine, theirs):
            return upper_first(entry["text"])
    return ""


def fits(when: str, step: int | None, mine: list[float], theirs: list[float]) -> bool:
    if when == "later_step":
        return step is not None and step > 0
    if when == "first_step":
        return step == 0
    if when == "outside_tanh_range":
        return any(abs(value) > 1 for value in mine)
    if when == "never_negative":
        positive = all(value >= 0 for value in mine) and any(value > 0 for value in mine)
        return positive and any(value < 0 for value in theirs)
    return when == "always"


def rounded(value: float) -> str:
    text = f"{value:.{SHOWN_DECIMALS}f}"
    return "0.000" if text == "-0.000" else text


def shown(numbers: list[float], around: int) -> str:
    """A vector as the learner reads it: rounded, and cut around `around` when long."""
    if len(numbers) <= SHOWN_ELEMENTS:
        return "[" + ", ".join(rounded(n) for n in numbers) + "]"
    start = max(0, min(around - SHOWN_ELEMENTS // 2, len(numbers) - SHOWN_ELEMENTS))
    part = ", ".join(rounded(n) for n in numbers[start : start + SHOWN_ELEMENTS])
    return "[" + ("…, " if start else "") + part + (", …" if start + SHOWN_ELEMENTS < len(numbers) else "") + "]"
