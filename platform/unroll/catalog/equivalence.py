"""After an accepted answer: how the learner's model is written differently from the reference, in words.

Two sources, each read only where it is certain:

- the layer facts the grader stored for both models (`Submission.model_layers`, the variant's
  `reference_layers`): extra Dropout layers, an activation written as a layer of its own, or any
  other difference (then told by grader.drawing's comparison, or in a general sentence);
- the spelling of both codes, parsed (never run) with `ast`: the functional API or `Sequential`,
  an explicit `Input`, `Sequential([...])` or `model.add`, a time axis left open with `None`.
  The layer facts are the same for all of these, so only the code can tell them apart.

Identical models written the same way get no sentence.
"""

import ast
from dataclasses import dataclass

from grader.drawing import first_difference
from grader.other_layers import INERT_WHEN_PREDICTING  # one list of what Keras skips when predicting
from grader.structure import ACTIVATION_LAYERS

# Layers that change nothing when the model predicts (they act only while it trains).
SAME = "Your model is written differently from the reference, and computes the same: {}."
ALLOWED = "Your model differs from the reference in a way the task's checks allow: {}"
GENERAL = "Your model is written differently from the reference solution, and it passes every check of the task."


def equivalence_sentence(
    learner_layers: list[dict] | None,
    reference_layers: list[dict] | None,
    learner_code: str,
    reference_code: str,
    input_shape: list[int],
) -> str | None:
    """One sentence on how an accepted answer differs from the reference, or None when it is the same."""
    if not learner_layers or not reference_layers:
        return None
    notes = spelling_notes(spelling_of(learner_code), spelling_of(reference_code))
    layer_notes, same_layers = layer_notes_of(learner_layers, reference_layers)
    if same_layers:
        notes += written_notes(learner_layers, reference_layers) + layer_notes
        return SAME.format("; ".join(notes)) if notes else None
    difference = first_difference(learner_layers, reference_layers, input_shape)
    if difference is not None:
        return ALLOWED.format(difference.message)
    return GENERAL


# --- the layers --------------------------------------------------------------------------------


# The facts that say what a layer computes; the others say how it was written (its name, a cell wrapped
# in RNN, a flag written as 1 rather than True) and are told apart in words, not compared.
COMPUTES = (
    "class",
    "custom_class",
    "units",
    "return_sequences",
    "return_state",
    "go_backwards",
    "merge_mode",
    "activation",
    "input_shapes",
    "output_shape",
    "output_shapes",
    "params",
    "wrapped",
)


def signature(layer: dict) -> dict:
    """What a layer computes, without how it was written."""
    found = {key: layer.get(key) for key in COMPUTES}
    if isinstance(found["wrapped"], dict):
        found["wrapped"] = signature(found["wrapped"])
    return found


def written_notes(learner_layers: list[dict], reference_layers: list[dict]) -> list[str]:
    """How the learner wrote a recurrent layer differently (facts the grader keeps about the spelling)."""
    notes = []
    mine = [inner_or_self(layer) for layer in learner_layers]
    theirs = [inner_or_self(layer) for layer in reference_layers]
    mine_cells = [layer.get("cell") for layer in mine if layer.get("cell")]
    if mine_cells and not any(layer.get("cell") for layer in theirs):
        cell = mine_cells[0]
        notes.append(
            f"you wrote the recurrent layer as RNN({cell}(...)), the reference as {cell.removesuffix('Cell')}(...)"
        )
    for layer in mine:
        for flag, value in sorted((layer.get("as_written") or {}).items()):
            meant = "True" if value else "False"
            notes.append(f"you wrote {flag}={value!r}, which Keras reads as {flag}={meant}")
    return list(dict.fromkeys(notes))


def inner_or_self(layer: dict) -> dict:
    wrapped = layer.get("wrapped")
    return wrapped if isinstance(wrapped, dict) else layer


def dense_of(layer: dict) -> dict | None:
    """The Dense a layer applies (itself, or the one it wraps in TimeDistributed)."""
    if layer.get("class") == "Dense":
        return layer
    wrapped = layer.get("wrapped")
    if layer.get("class") == "TimeDistributed" and isinstance(wrapped, dict) and wrapped.get("class") == "Dense":
        return wrapped
    return None


@dataclass
class Normalized:
    layers: list[dict]
    inactive: list[str]  # the classes of the layers dropped as inactive when predicting
    separate_activations: list[str]  # activations written as a layer of their own, folded into the Dense


def normalized(layers: list[dict]) -> Normalized:
    """The layers as they compute when the model predicts: Dropout and the like left out, an Activation
    layer folded into the linear Dense just before it."""
    kept: list[dict] = []
    inactive: list[str] = []
    separate: list[str] = []
    for layer in layers:
        name = layer.get("class")
        if name in INERT_WHEN_PREDICTING:
            inactive.append(name)
            continue
        before = dense_of(kept[-1]) if kept else None
        activation = layer.get("activation")
        if name in ACTIVATION_LAYERS and before is not None and before.get("activation") in (None, "linear"):
            if activation and layer.get("output_shape") == kept[-1].get("output_shape"):
                kept[-1] = folded(kept[-1], activation)
                separate.append(activation)
                continue
        kept.append(signature(layer))
    return Normalized(kept, inactive, separate)


def folded(layer: dict, activation: str) -> dict:
    if layer.get("class") == "Dense":
        return {**layer, "activation": activation}
    return {**layer, "wrapped": {**layer["wrapped"], "activation": activation}}


def layer_notes_of(learner_layers: list[dict], reference_layers: list[dict]) -> tuple[list[str], bool]:
    """What tells the two stacks of layers apart, and whether they compute the same once that is set aside."""
    mine, theirs = normalized(learner_layers), normalized(reference_layers)
    if mine.layers != theirs.layers:
        return [], False
    notes = []
    extra = [name for name in mine.inactive if name not in theirs.inactive]
    if extra:
        listed = " and ".join(dict.fromkeys(extra))
        acts = "layer acts" if len(extra) == 1 else "layers act"
        notes.append(
            f"your {listed} {acts} only while training: when the model predicts, its layers are the reference's"
        )
    missing = [name for name in theirs.inactive if name not in mine.inactive]
    if missing:
        notes.append(f"the reference's {' and '.join(dict.fromkeys(missing))} acts only while training")
    for activation in mine.separate_activations:
        if activation not in theirs.separate_activations:
            notes.append(
                f"you apply the {activation} as an Activation layer of its own, the reference inside its Dense "
                f"layer (activation='{activation}')"
            )
    for activation in theirs.separate_activations:
        if activation not in mine.separate_activations:
            notes.append(f"you apply the {activation} inside your Dense layer, the reference as a layer of its own")
    return notes, True


# --- the spelling ------------------------------------------------------------------------------


def callee(node: ast.Call) -> str | None:
    function = node.func
    if isinstance(function, ast.Name):
        return function.id
    if isinstance(function, ast.Attribute):
        return function.attr
    return None


def leaves_time_open(shape: ast.expr | None, time_axis: int) -> bool:
    return (
        isinstance(shape, ast.Tuple | ast.List)
        and len(shape.elts) > time_axis
        and isinstance(shape.elts[time_axis], ast.Constant)
        and shape.elts[time_axis].value is None
    )


def spelling_of(code: str) -> set[str] | None:
    """How the code builds its model: "functional", "sequential", "input", "list", "add", "open_time".
    None when the code cannot be parsed (then nothing is said about its spelling)."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # any code a learner may send
        return None
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = callee(node)
        keywords = {keyword.arg: keyword.value for keyword in node.keywords if keyword.arg}
        if name in ("Model", "Functional"):
            found.add("functional")
        elif name == "Sequential":
            found.add("sequential")
            if (node.args and isinstance(node.args[0], ast.List | ast.Tuple)) or "layers" in keywords:
                found.add("list")
        elif name in ("Input", "InputLayer"):
            found.add("input")
            shape = node.args[0] if node.args else keywords.get("shape")
            if leaves_time_open(shape, 0) or leaves_time_open(keywords.get("batch_shape"), 1):
                found.add("open_time")
        elif name == "add" and isinstance(node.func, ast.Attribute):
            found.add("add")
        if leaves_time_open(keywords.get("input_shape"), 0) or any(
            leaves_time_open(keywords.get(key), 1) for key in ("batch_input_shape", "batch_shape")
        ):
            found.add("open_time")
    return found


def spelling_notes(mine: set[str] | None, theirs: set[str] | None) -> list[str]:
    if mine is None or theirs is None:
        return []
    notes = []
    if "functional" in mine and "functional" not in theirs:
        notes.append("you built it with the functional API (Input, then Model), the reference with Sequential")
    elif "functional" in theirs and "functional" not in mine and "sequential" in mine:
        notes.append("you built it with Sequential, the reference with the functional API")
    elif "functional" not in mine | theirs:
        if "input" in mine and "input" not in theirs:
            notes.append(
                "you declared the input with an Input layer, the reference with input_shape= on its first layer"
            )
        elif "input" in theirs and "input" not in mine:
            notes.append("you declared the input with input_shape= on the first layer, the reference with an Input")
        if "list" in mine and "list" not in theirs:
            notes.append("you listed the layers in Sequential([...]), the reference adds them one by one")
        elif "list" in theirs and "list" not in mine and "add" in mine:
            notes.append("you added the layers one by one, the reference lists them in Sequential([...])")
    if "open_time" in mine and "open_time" not in theirs:
        notes.append(
            "you left the number of time steps open with None, so your model takes sentences of any length; "
            "on these sentences it unrolls over the same steps"
        )
    return notes
