"""The grader's shared words: how its feedback, diagnoses and drawings write shapes, positions and counts.

The messages themselves stay beside the logic that chooses them (checks.py, diagnosis.py,
grading.py, drawing/); the small pieces they all build with live here, once.
"""

import re

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


# What a layer does to a sequence, for advice about a layer the exercise did not ask for; each
# completes "it ...".
LAYER_EFFECTS = {
    "Embedding": "turns word indexes (integers) into vectors, adding an axis",
    "GlobalAveragePooling1D": "averages the outputs of all the steps into one vector, instead of taking the "
    "last hidden state",
    "GlobalMaxPooling1D": "keeps, for each unit, the largest output over all the steps, instead of taking the "
    "last hidden state",
    "Flatten": "lays the vectors of all the steps end to end in one long vector, instead of taking the last "
    "hidden state",
    "AveragePooling1D": "averages the outputs of neighbouring steps, so fewer steps come out",
    "MaxPooling1D": "keeps the largest output of neighbouring steps, so fewer steps come out",
    "Conv1D": "slides filters along the steps, a convolution rather than a recurrent layer",
    "Attention": "mixes the steps with attention weights rather than reading them one after another",
    "MultiHeadAttention": "mixes the steps with attention weights rather than reading them one after another",
    "Lambda": "runs a Python function of its own, which the grader cannot read",
}

# Keras's and TensorFlow's inner names, as they may appear in a message from Keras: each is shown
# as what a learner writes.
INTERNAL_NAMES = (
    (re.compile(r"\bkeras\.src(\.[A-Za-z_]\w*)*"), "keras"),
    (re.compile(r"\btensorflow\.python(\.[A-Za-z_]\w*)*"), "tensorflow"),
    (re.compile(r"\b([A-Za-z]\w*?)_v2\b"), r"\1"),
    (re.compile(r"<KerasTensor shape=(\([^)]*\))[^>]*>"), r"a tensor of shape \1"),
    (re.compile(r"__keras_tensor__"), "tensor"),
    (re.compile(r"\[?\bOp:\w+\]?|\{\{node \w+\}\}"), ""),
    (re.compile(r"Traceback \(most recent call last\):?"), ""),
)


def without_internals(text: str) -> str:
    """A message from Keras without its module paths, versioned aliases and operation names."""
    for pattern, replacement in INTERNAL_NAMES:
        text = pattern.sub(replacement, text)
    return text
