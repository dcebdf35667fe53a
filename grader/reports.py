"""Bounded reading of the JSON the sandboxed run reports: size and depth checked before decoding."""

import json
import re

# The deepest report among every exercise's reference solution and wrong answers (measured by
# tests/grader/fixtures/make_real_configs.py, Keras 3.15) is 11 levels of [ and {: a functional
# model's report > model > config > layers > layer > inbound_nodes > node > args > tensor >
# config > keras_history; Sequential ones reach 10 (a wrapper's layer > its initializer's config).
# 64 leaves room for any model an exercise could ask for, and keeps json.loads, json.dumps,
# dataclasses.asdict and the structure walk far below Python's recursion limit (1000).
MAX_REPORT_DEPTH = 64
# Messages between the worker and its supervisors carry a report two levels down
# ({"outcome": {"report": ...}}); they are bounded too, with room for their own wrapping.
MAX_MESSAGE_DEPTH = MAX_REPORT_DEPTH + 8

# What parse_report() gives instead of a report the trusted side refuses to decode. The run
# could write this status itself; that only makes its own verdict worse (wrong_answer).
REFUSED_STATUS = "report_refused"
TOO_LARGE = "too_large"
TOO_DEEP = "too_deep"

# The only characters that change the nesting or the string state of a JSON text.
STRUCTURAL_BYTES = re.compile(rb'[\\"\[\]{}]')
STRUCTURAL_CHARS = re.compile(r'[\\"\[\]{}]')
OPENING = frozenset((ord("["), ord("{"), "[", "{"))
CLOSING = frozenset((ord("]"), ord("}"), "]", "}"))
QUOTE = frozenset((ord('"'), '"'))
BACKSLASH = frozenset((ord("\\"), "\\"))


def json_depth_within(data: bytes | str, max_depth: int) -> bool:
    """Whether no [ or { outside strings nests deeper than `max_depth`.

    A linear scan of the structural characters, honouring string escapes, with no recursion,
    so that it is safe on any input, valid JSON or not. For bytes it must be UTF-8 (or ASCII,
    as json.dumps writes it): no byte of a multi-byte UTF-8 character is an ASCII one.
    """
    pattern = STRUCTURAL_BYTES if isinstance(data, bytes | bytearray) else STRUCTURAL_CHARS
    depth, in_string, escaped_until = 0, False, -1
    for match in pattern.finditer(data):
        at = match.start()
        if at < escaped_until:
            continue  # the character right after a backslash, inside a string
        char = data[at]
        if in_string:
            if char in BACKSLASH:
                escaped_until = at + 2
            elif char in QUOTE:
                in_string = False
        elif char in QUOTE:
            in_string = True
        elif char in OPENING:
            depth += 1
            if depth > max_depth:
                return False
        elif char in CLOSING:
            depth -= 1
    return True


def refusal(data: bytes, max_bytes: int, max_depth: int) -> str | None:
    """TOO_LARGE or TOO_DEEP when the text is over a bound (checked in that order), else None."""
    if len(data) > max_bytes:
        return TOO_LARGE
    if not json_depth_within(data, max_depth):
        return TOO_DEEP
    return None


def decode_bounded(data: bytes, max_bytes: int, max_depth: int) -> object | None:
    """The JSON value in `data`, or None when it is over a bound, not UTF-8 or not JSON."""
    if refusal(data, max_bytes, max_depth):
        return None
    try:
        # Decoded as UTF-8 first: json.loads would otherwise guess UTF-16 or UTF-32 from
        # the first bytes, and the depth scan above only holds for UTF-8.
        return json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


def refused_report(reason: str) -> dict:
    """The report that stands for one the trusted side would not decode."""
    return {"status": REFUSED_STATUS, "reason": reason}


def depth_within(value: object, max_depth: int) -> bool:
    """Whether a decoded value nests lists and dicts no deeper than `max_depth` (no recursion).

    For values that did not come through decode_bounded (built in Python), before anything
    walks them recursively (structure.py, json.dumps, dataclasses.asdict).
    """
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list | tuple):
            children = item
        else:
            continue
        if depth > max_depth:
            return False
        pending.extend((child, depth + 1) for child in children)
    return True
