"""Reading what a learner typed: shapes and numbers, in the forms people write them; no Django.

An answer that cannot be read raises AnswerError with a message that says what is wrong and how
to write it, so the quiz can refuse the submission without counting an attempt.
"""

import math
import re
from fractions import Fraction

Shape = tuple[int | None, ...]

MAX_ANSWER_CHARS = 100
MAX_DIMENSIONS = 8
OPENERS = {"(": ")", "[": "]"}
CLOSERS = {")": "(", "]": "["}
BRACKET_NAMES = {"(": "parenthesis", ")": "parenthesis", "[": "bracket", "]": "bracket"}
TIMES = re.compile(r"\s*[x×*]\s*", re.IGNORECASE)
TIMES_BETWEEN = re.compile(r"[0-9e]\s*[x×*]\s*[0-9n]", re.IGNORECASE)  # 1x3, None x 4; not the x of "max"
# What printing a shape shows in TensorFlow (`TensorShape([1, 3, 4])`) or PyTorch (`torch.Size([1, 3, 4])`).
PRINTED_SHAPE = re.compile(r"^(?:tf\.)?(?:TensorShape|torch\.Size|Size)\(\s*(\[.*\])\s*\)$", re.IGNORECASE)
INTEGER = re.compile(r"[+-]?[0-9]+")
DECIMAL = re.compile(r"[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][+-]?[0-9]+)?")


class AnswerError(ValueError):
    """The answer cannot be read; the message tells the learner why and how to write it."""


# --- shapes ---------------------------------------------------------------------------------


def parse_shape(text: str) -> Shape:
    """A shape from `(None, 3, 4)`, `[1, 3, 4]`, `1x3x4`, `1 3 4`, `(3,)`, `3`, `TensorShape([1, 3, 4])` and the like.

    `None` (any case) stands for a dimension Keras leaves open, usually the batch.
    """
    text = text.strip()
    if not text:
        raise AnswerError("Write a shape, for example (1, 3, 4).")
    if len(text) > MAX_ANSWER_CHARS:
        raise AnswerError(f"This is too long for a shape ({len(text)} characters); write it like (1, 3, 4).")
    printed = PRINTED_SHAPE.match(text)
    if printed:
        text = printed.group(1)
    dimensions = [dimension(token) for token in tokens_of(inside_brackets(text))]
    if not dimensions:
        raise AnswerError("An empty shape has no dimensions: write at least one, for example (4,).")
    if len(dimensions) > MAX_DIMENSIONS:
        raise AnswerError(f"A shape here has at most {MAX_DIMENSIONS} dimensions, not {len(dimensions)}.")
    return tuple(dimensions)


def inside_brackets(text: str) -> str:
    """What is between the one pair of brackets around the shape (or the text, if it has none)."""
    opened = [c for c in text if c in OPENERS]
    closed = [c for c in text if c in CLOSERS]
    if len(opened) > 1 or len(closed) > 1:
        raise AnswerError("A shape is one flat list of dimensions, without brackets inside: e.g. (1, 3, 4).")
    first, last = text[0], text[-1]
    if opened and first not in OPENERS or closed and last not in CLOSERS:
        raise AnswerError("Brackets go only around the whole shape: e.g. (1, 3, 4).")
    if opened and not closed:
        raise AnswerError(f"Missing closing {BRACKET_NAMES[first]}: write {text}{OPENERS[first]}")
    if closed and not opened:
        raise AnswerError(f"Missing opening {BRACKET_NAMES[last]}: write {CLOSERS[last]}{text}")
    if opened and OPENERS[first] != last:
        raise AnswerError(f"The shape opens with {first} but closes with {last}: use a matching pair, e.g. (1, 3, 4).")
    return text[1:-1].strip() if opened else text


def tokens_of(inner: str) -> list[str]:
    """The dimensions as text, split on commas, on `x`/`×`/`*`, or else on spaces (never a mix)."""
    has_comma, has_times = "," in inner, bool(TIMES_BETWEEN.search(inner))
    if has_comma and has_times:
        raise AnswerError("Use one kind of separator: commas, as in (1, 3, 4), or x, as in 1x3x4.")
    if has_comma:
        tokens = [token.strip() for token in inner.split(",")]
        if len(tokens) > 1 and tokens[-1] == "":
            tokens.pop()  # a trailing comma, as Python writes a 1-dimensional shape: (3,)
        return tokens
    if has_times:
        return [token.strip() for token in TIMES.split(inner)]
    return inner.split()


def dimension(token: str) -> int | None:
    if token == "":
        raise AnswerError("A dimension is missing between two separators: e.g. (1, 3, 4), not (1, , 4).")
    if token.lower() == "none":
        return None
    if " " in token:
        raise AnswerError(f"“{token}”: separate the dimensions with commas, e.g. (1, 3, 4).")
    if INTEGER.fullmatch(token):
        value = int(token)
        if value <= 0:
            raise AnswerError(f"{value} cannot be a dimension: dimensions are positive whole numbers (or None).")
        return value
    if DECIMAL.fullmatch(token):
        raise AnswerError(f"{token} is not a whole number: a dimension counts something, e.g. 3 time steps.")
    raise AnswerError(f"“{token}” is not a dimension: write a whole number, or None for a size Keras leaves open.")


def format_shape(shape: Shape | list) -> str:
    """As Python and Keras print it: (None, 3, 4), and (4,) for one dimension."""
    dims = ["None" if d is None else str(d) for d in shape]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


def shapes_match(given: Shape, expected: Shape) -> bool:
    """Equal dimension by dimension, except the first (the batch): None there matches any size.

    Keras reports the batch as None ((None, 3, 4)) while a printed tensor shows its size ((1, 3, 4));
    both describe the same model, so either is right. Every other dimension must be exact.
    """
    if len(given) != len(expected):
        return False
    first_matches = given[0] is None or expected[0] is None or given[0] == expected[0]
    return first_matches and tuple(given[1:]) == tuple(expected[1:])


def shape_advice(given: Shape, expected: Shape) -> str:
    """A pointer at a common slip, or ""."""
    if len(given) == len(expected) - 1 and tuple(given) == tuple(expected[1:]):
        return "Your shape leaves out the first dimension, the batch: Keras shapes start with it."
    if len(given) == len(expected) and len(given) == 3 and (given[1], given[2]) == (expected[2], expected[1]):
        return "Your time steps and features are swapped: the shape is (batch, time steps, features or units)."
    return ""


# --- numbers --------------------------------------------------------------------------------


def parse_number(text: str) -> float:
    """A number from `28`, `-3`, `0.5`, `.5`, `1e3` or `3/4`; a comma is refused, never guessed."""
    text = text.strip()
    if not text:
        raise AnswerError("Write a number, for example 28.")
    if len(text) > MAX_ANSWER_CHARS:
        raise AnswerError("This is too long for a number.")
    if "," in text:
        raise AnswerError("Write the number without commas: digits, with a dot for decimals (1000, or 1.5).")
    if DECIMAL.fullmatch(text):
        value = float(text)
    elif re.fullmatch(r"[+-]?[0-9]+\s*/\s*[0-9]+", text):
        numerator, denominator = (part.strip() for part in text.split("/"))
        if int(denominator) == 0:
            raise AnswerError("A fraction cannot divide by zero.")
        value = float(Fraction(int(numerator), int(denominator)))
    else:
        raise AnswerError(f"“{text}” is not a number: write digits, for example 28 or 0.5.")
    if not math.isfinite(value):
        raise AnswerError("Write a finite number.")
    return value


def format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
