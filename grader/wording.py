"""The grader's shared words: how its feedback, diagnoses and drawings write shapes, positions and counts.

The messages themselves stay beside the logic that chooses them (checks.py, diagnosis.py,
grading.py, drawing/); the small pieces they all build with live here, once.
"""

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")
COUNT_WORDS = ("no", "one", "two", "three", "four", "five", "six")


def ordinal_word(position: int) -> str | None:
    """A 1-based position as a word, "first" to "sixth"; None past the words."""
    return ORDINALS[position - 1] if 1 <= position <= len(ORDINALS) else None


def ordinal_or_number(position: int) -> str:
    """A 1-based position for a sentence: "second", then "number 7" ("your number 7 SimpleRNN")."""
    return ordinal_word(position) or f"number {position}"


def ordinal_or_hash(position: int) -> str:
    """A 1-based position for a label: "second", then "#7" ("the #7 LSTM")."""
    return ordinal_word(position) or f"#{position}"


def count_word(n: int) -> str:
    """A count in words up to six ("no", "one", "two"...), then in digits."""
    return COUNT_WORDS[n] if n < len(COUNT_WORDS) else str(n)


def article(word: str) -> str:
    """'an LSTM', 'a GRU', 'a SimpleRNN': by how the name is said."""
    return "an" if word[:1] in "AEIOU" or word.startswith(("LSTM", "RNN")) else "a"


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def and_join(items: list[str]) -> str:
    """Joins words: "h and c", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def format_shape(shape: list | tuple | None) -> str:
    """A shape as Python writes a tuple: "(1, 3, 4)", "(4,)"; anything else is "no output"."""
    if not isinstance(shape, list | tuple):
        return "no output"
    dims = [str(d) for d in shape]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


def check_name(check: dict) -> str:
    """A declared check's name in the results table: its own, else its kind in words."""
    return check.get("name", check["kind"].replace("_", " "))
