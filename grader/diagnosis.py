"""Turns a run that did not yield a model (syntax error, exception, no `model`) into advice.

Messages speak the guide's language and name the fix; they never show the grader's own
paths or tracebacks, only the learner's line numbers.
"""

import difflib
import re

from grader.harness import MAX_TEXT
from grader.reports import TOO_DEEP, TOO_LARGE
from grader.spec import ExerciseSpec
from grader.wording import LAYER_EFFECTS, format_shape, ordinal_word, without_internals

# The harness cuts every text it reports to MAX_TEXT characters; a longer one can only be
# forged, and is cut here too so the patterns below stay fast.
MAX_LINE = 10**9

# Where each name a learner is likely to forget comes from.
KNOWN_IMPORTS = {
    **{
        name: f"from tensorflow.keras.layers import {name}"
        for name in (
            "SimpleRNN",
            "GRU",
            "LSTM",
            "Dense",
            "TimeDistributed",
            "Bidirectional",
            "Input",
            "Activation",
            "Softmax",
            "Embedding",
            "Dropout",
            "Masking",
            "RNN",
        )
    },
    "Sequential": "from tensorflow.keras.models import Sequential",
    "Model": "from tensorflow.keras.models import Model",
    "tf": "import tensorflow as tf",
    "keras": "from tensorflow import keras",
    "layers": "from tensorflow.keras import layers",
    "np": "import numpy as np",
    "numpy": "import numpy",
}
NDIM_ERROR = re.compile(r"expected ndim=3, found ndim=2")
TIME_DISTRIBUTED_NDIM = re.compile(
    r"`TimeDistributed` Layer should be passed an `input_shape` with at least 3 dimensions"
)
UNKNOWN_KEYWORD = re.compile(r"Unrecognized keyword arguments passed to (?P<layer>\w+): \{'(?P<name>\w+)'")
LAYER_ARGUMENTS = (
    "units",
    "activation",
    "return_sequences",
    "return_state",
    "input_shape",
    "input_dim",
    "go_backwards",
    "stateful",
    "dropout",
    "recurrent_dropout",
    "use_bias",
    "unroll",
    "name",
    "layer",
    "merge_mode",
)
PATH = re.compile(r"(/[\w.:+-]+){2,}/?")
ANSI = re.compile(r"\x1b\[[0-9;]*m|\[[0-9;]*m")
TF_FUNCTION_NODE = re.compile(r"\{\{function_node [^}]*\}\}")


def redact(text: str) -> str:
    """Drop terminal colours, TensorFlow's node names, file paths and Keras's internal names from
    internal messages."""
    return without_internals(PATH.sub("…", TF_FUNCTION_NODE.sub("", ANSI.sub("", text)))).strip()


def at_line(line: int | None) -> str:
    return f" (line {line})" if line else ""


# --- what a report says: the sandboxed side wrote it, so any field may hold any JSON value ---


def reported_text(report: dict, key: str) -> str:
    """A text field of the report, or "" when it holds anything but a string."""
    value = report.get(key)
    return value[:MAX_TEXT] if isinstance(value, str) else ""


def reported_number(report: dict, key: str) -> int | None:
    """A line or column number of the report, or None when it holds anything but one."""
    value = report.get(key)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < MAX_LINE:
        return value
    return None


def syntax_error_advice(report: dict) -> str:
    line, column = reported_number(report, "line"), reported_number(report, "column")
    where = f"line {line}, column {column}" if line and column else f"line {line}" if line else "your code"
    message = redact(reported_text(report, "message") or "invalid syntax")
    text = reported_text(report, "text").strip()
    shown = f": `{text}`" if text else ""
    return f"Python cannot read your code: {message} at {where}{shown}."


def exception_advice(report: dict, spec: ExerciseSpec, code: str = "") -> str:
    """`code` is the learner's submission as the trusted side received it: it only picks the words."""
    kind = reported_text(report, "type") or "Exception"
    message = reported_text(report, "message")
    line = reported_number(report, "line")
    return (
        name_error_advice(report, line)
        or import_error_advice(kind, message, line)
        or received_shape_advice(message, line, spec, code)
        or sequence_expected_advice(message, line)
        or time_distributed_sequence_advice(message, line)
        or old_argument_advice(message, line, spec, code)
        or quoted_value_advice(kind, line, code)
        or several_tensors_exception_advice(message, line)
        or unknown_activation_advice(message, line)
        or unknown_keyword_advice(message, line)
        or exit_advice(kind, line)
        or generic_exception_advice(kind, message, line, report.get("phase"), spec)
    )


# An argument Keras needs as a number or a shape, written as something else on the failing line:
# the learner's own text is quoted back, with what Keras needs instead.
LAYER_WITH_UNITS = r"\b(?P<layer>SimpleRNN|GRU|LSTM|Dense)\(\s*"
ODD_VALUES = (
    (
        re.compile(LAYER_WITH_UNITS + r"(?:units\s*=\s*)?(?P<value>[\"'][^\"'\n]{0,20}[\"']|\d+\.\d*)"),
        "the number of units must be a whole number, without quotes or a decimal point",
    ),
    (
        re.compile(r"\b(?P<argument>input_shape|shape|batch_shape)\s*=\s*(?P<value>[\"'][^\"'\n]{0,30}[\"'])"),
        "a shape is a tuple of whole numbers, without quotes",
    ),
)


def quoted_value_advice(kind: str, line: int | None, code: str) -> str | None:
    """A value Keras could not use, written on the line that failed (a string or a decimal for a count)."""
    if kind not in ("ValueError", "TypeError") or not line:
        return None
    lines = code[: MAX_TEXT * 64].splitlines()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    for pattern, need in ODD_VALUES:
        match = pattern.search(source)
        if match:
            layer = match.groupdict().get("layer")
            written_as = f"{layer}({match.group('value')}, ...)" if layer else match.group(0).strip()
            return (
                f"Keras cannot use the value you wrote in `{written_as}`{at_line(line)}: {need} "
                f"(for example `{example_of(match)}`)."
            )
    return None


def example_of(match: re.Match) -> str:
    value = match.group("value").strip("\"'")
    if "layer" in match.groupdict() and match.group("layer"):
        number = value.split(".")[0] if value.split(".")[0].isdigit() else "4"
        return f"{match.group('layer')}({number}, ...)"
    return f"{match.group('argument')}={value if value.startswith('(') else '(3, 2)'}"


def name_error_advice(report: dict, line: int | None) -> str | None:
    if report.get("type") != "NameError":
        return None
    name = reported_text(report, "name")
    if not name:
        return None  # a NameError raised by hand names nothing: the generic advice quotes its message
    if name in KNOWN_IMPORTS:
        return f"`{name}` is not defined{at_line(line)}: it needs an import. Add `{KNOWN_IMPORTS[name]}` at the top."
    return f"`{name}` is not defined{at_line(line)}: check its spelling, or define it before you use it."


def import_error_advice(kind: str, message: str, line: int | None) -> str | None:
    if kind not in ("ImportError", "ModuleNotFoundError"):
        return None
    return (
        f"An import failed{at_line(line)}: {redact(message)}. Keras layers are imported with "
        "`from tensorflow.keras.layers import SimpleRNN` and models with `from tensorflow.keras.models import Sequential`."
    )


KERAS_LAYER_NAME = re.compile(r"of layer ['\"](?P<kind>simple_rnn|gru|lstm)(?:_(?P<index>\d+))?['\"]")


def layer_before(message: str, index: int | None = None) -> str:
    """Which layer should return sequences: the `index`-th recurrent layer (1-based), else
    guessed from the refusing layer's automatic Keras name (simple_rnn_1 follows simple_rnn)."""
    if index is None:
        match = KERAS_LAYER_NAME.search(message)
        index = int(match["index"] or 0) if match else 1
    word = ordinal_word(index)
    if word is None:
        return "the recurrent layer just before it"
    return "the first one" if index == 1 else f"the {word} one, the layer just before it"


def sequence_expected_advice(message: str, line: int | None, recurrent_before: int | None = None) -> str | None:
    """Keras refuses a recurrent layer fed by one that returned only its last step."""
    if not NDIM_ERROR.search(message):
        return None
    return (
        f"A recurrent layer receives a 2-D input{at_line(line)}: (batch, units), with no time steps, because "
        "the recurrent layer before it returns only its last step. The next recurrent layer needs a sequence: "
        f"set `return_sequences=True` on {layer_before(message, recurrent_before)}."
    )


def time_distributed_sequence_advice(message: str, line: int | None) -> str | None:
    if not TIME_DISTRIBUTED_NDIM.search(message):
        return None
    return (
        f"TimeDistributed receives one vector per sentence{at_line(line)}, not one per word: the recurrent layer "
        "before it returns only its last step. TimeDistributed applies the Dense layer to every word, so it needs "
        "the whole sequence: set `return_sequences=True` on the recurrent layer."
    )


# --- shapes Keras refused: what the learner wrote, read back from the shape the layer received ---

KERAS_NDIM = re.compile(
    r"of layer ['\"](?P<layer>\w+)['\"] is incompatible with the layer: expected (?:min_|max_)?ndim=(?P<expected>\d+), "
    r"found ndim=(?P<found>\d+)\. Full shape received: \((?P<shape>[^)]{0,200})\)"
)
KERAS_LAYER_KINDS = {"simple_rnn": "SimpleRNN", "gru": "GRU", "lstm": "LSTM", "dense": "Dense", "rnn": "RNN"}


def received_shape(text: str) -> list[int | None] | None:
    """'None, 1, 3, 2' as [None, 1, 3, 2]; None when it is not a shape."""
    dims = [d.strip() for d in text.split(",") if d.strip()]
    if not dims or not all(d == "None" or d.isdigit() for d in dims):
        return None
    return [None if d == "None" else int(d) for d in dims]


def keras_layer_kind(name: str) -> str:
    """The class behind Keras's automatic layer name: simple_rnn_2 is a SimpleRNN."""
    return KERAS_LAYER_KINDS.get(re.sub(r"_\d+$", "", name), "layer")


def written(code: str, argument: str) -> bool:
    """The submission passes this keyword argument somewhere (for choosing words, never a verdict)."""
    return re.search(rf"\b{argument}\s*=", code[: MAX_TEXT * 64]) is not None


def received_shape_advice(message: str, line: int | None, spec: ExerciseSpec, code: str = "") -> str | None:
    """A layer Keras refused for the rank of what it received, told from that shape."""
    match = KERAS_NDIM.search(message)
    if not match or not (shape := received_shape(match["shape"])):
        return None
    layer, expected = keras_layer_kind(match["layer"]), int(match["expected"])
    return shape_story(shape[1:], expected, layer, spec, line, code)


def shape_story(
    sample: list,
    expected: int,
    layer: str,
    spec: ExerciseSpec,
    line: int | None,
    code: str = "",
    after: str | None = None,
) -> str | None:
    """What put one sample of this shape (batch left out) in front of `layer`, when the exercise's input
    explains it: the batch inside input_shape, an axis an Embedding added, Keras 2's input_dim."""
    steps_features = list(spec.input_shape[1:])
    received = format_shape(["batch", *sample])
    if sample == list(spec.input_shape) and len(sample) == expected:
        return batch_in_input_shape_advice(spec, line, f"a {layer} receives {received}")
    # `after` is the layer before, when the model's description tells it; Keras's message does not.
    embedded = after == "Embedding" if after is not None else "Embedding(" in code
    if embedded and len(sample) == len(steps_features) + 1 and sample[:-1] == steps_features:
        return embedding_advice(spec, line, layer, received, sample[-1])
    if len(sample) == 1 and sample == steps_features[-1:] and written(code, "input_dim"):
        return input_dim_advice(spec, line, layer)
    return None


def sentences(count: object) -> str:
    return "1 sentence" if count == 1 else f"{count} sentences"


def exercise_input_shape(spec: ExerciseSpec) -> str:
    steps, features = spec.input_shape[1], spec.input_shape[-1]
    return f"`input_shape=({steps}, {features})`"


def batch_in_input_shape_advice(spec: ExerciseSpec, line: int | None, what: str) -> str:
    batch, steps, features = spec.input_shape[0], spec.input_shape[1], spec.input_shape[-1]
    return (
        f"Your input shape holds the batch{at_line(line)}: {what}, 4 dimensions instead of 3. `input_shape` "
        f"describes one sentence and leaves the batch out; Keras adds the batch in front, so "
        f"`input_shape={format_shape(spec.input_shape)}` reads as sentences of shape {format_shape(spec.input_shape)}. "
        f"The exercise feeds {format_shape(spec.input_shape)}: a batch of {sentences(batch)} of {steps} words "
        f"(time steps) with {features} features each, so write {exercise_input_shape(spec)} "
        f"(or `keras.Input(shape=({steps}, {features}))`)."
    )


def embedding_advice(spec: ExerciseSpec, line: int | None, layer: str, received: str, size: int) -> str:
    features = spec.input_shape[-1]
    return (
        f"The {layer} receives {received}{at_line(line)}: an Embedding before it adds an axis. An Embedding "
        f"{LAYER_EFFECTS['Embedding']}, so each of the {features} numbers of every word became a vector of {size}. "
        f"Here the words are already embedded: each word is already a vector of {features} features, as in the "
        f"guide. Remove the Embedding and give the {layer} the words directly, with {exercise_input_shape(spec)}."
    )


def input_dim_advice(spec: ExerciseSpec, line: int | None, layer: str) -> str:
    steps, features = spec.input_shape[1], spec.input_shape[-1]
    return (
        f"`input_dim={features}` gives the {layer} only the {features} features of a word, with no time steps"
        f"{at_line(line)}: it is Keras 2's way of writing the input, and Keras 3 reads it as one vector per "
        f"sentence. The {layer} needs (time steps, features): write {exercise_input_shape(spec)}, {steps} words "
        f"of {features} features each."
    )


# Keras 2's arguments for the input, which Keras 3's layers no longer take.
OLD_ARGUMENTS = ("batch_input_shape", "batch_shape", "input_length", "input_dim")
KEYWORD_VALUE = re.compile(r"'(?P<name>\w+)': (?P<value>\([^)]{0,100}\)|\[[^\]]{0,100}\]|\d+|None)")


def old_argument_advice(message: str, line: int | None, spec: ExerciseSpec, code: str = "") -> str | None:
    match = UNKNOWN_KEYWORD.search(message)
    if not match:
        return None
    values = {m["name"]: m["value"] for m in KEYWORD_VALUE.finditer(message)}
    names = [name for name in OLD_ARGUMENTS if name in values or name == match["name"]]
    if not names:
        return None
    layer, fix = match["layer"], exercise_input_shape(spec)
    steps, features = spec.input_shape[1], spec.input_shape[-1]
    if "batch_input_shape" in names or "batch_shape" in names:
        name = "batch_input_shape" if "batch_input_shape" in names else "batch_shape"
        value = values.get(name, "")
        shape = received_shape(value.strip("()[]")) if value else None
        meaning = (
            f": `{name}={value}` is a batch of {sentences(shape[0])} of shape {format_shape(shape[1:])}"
            if shape and len(shape) == len(spec.input_shape) and shape[0]
            else ""
        )
        whose = (
            "it belongs to `keras.Input(batch_shape=...)`, not to a layer, and holds the batch too"
            if name == "batch_shape"
            else "it is Keras 2's argument, which held the batch too, and Keras 3's layers no longer take it"
        )
        return (
            f"{layer} does not take `{name}`{at_line(line)}: {whose}{meaning}. `input_shape` leaves the batch out: "
            f"write {fix}, {steps} words (time steps) of {features} features each."
        )
    said = " and ".join(f"`{name}={values[name]}`" if name in values else f"`{name}`" for name in names)
    return (
        f"{layer} does not take {said}{at_line(line)}: `input_dim` and `input_length` are Keras 2's way of "
        f"writing the input shape, and Keras 3 no longer takes them. input_length (the time steps, "
        f"{steps} words) and input_dim (the features, {features}) together mean {fix}: write that."
    )


# --- a layer that gives several tensors where one is passed on ---

SEVERAL_INPUTS = re.compile(r"expects 1 input\(s\), but it received (?P<count>\d+) input tensors")


def several_tensors_exception_advice(message: str, line: int | None) -> str | None:
    match = SEVERAL_INPUTS.search(message)
    if not match:
        return None
    return several_tensors_advice(int(match["count"]), None, return_state=True, bidirectional=False, line=line)


def several_tensors_advice(
    count: int, layer: str | None, return_state: bool, bidirectional: bool, line: int | None = None
) -> str:
    who = (f"Your {layer}" if layer else "A layer") + at_line(line)
    if bidirectional and not return_state:
        why = f"{who} is wrapped in Bidirectional with `merge_mode=None`: it gives two tensors, one per direction"
        fix = "set `merge_mode` (the default, 'concat', joins them end to end)"
    else:
        why = (
            f"{who} returns its states (`return_state=True`): it gives several tensors ({count}), its output "
            "plus its final states"
        )
        fix = "drop `return_state`"
    return (
        f"{why}, and the next layer takes one tensor: a Sequential model cannot pass several on. "
        "To take them apart, use the functional API: `inputs = keras.Input(shape=...)`, then "
        "`output, state = SimpleRNN(4, return_state=True)(inputs)` (an LSTM gives two states) and "
        f"`keras.Model(inputs, ...)`; or, if you do not need them, {fix}."
    )


UNKNOWN_ACTIVATION = re.compile(r"Could not interpret activation function identifier: (?P<name>\S{1,60})")
KERAS_ACTIVATIONS = (
    "softmax",
    "relu",
    "tanh",
    "sigmoid",
    "linear",
    "elu",
    "selu",
    "gelu",
    "softplus",
    "softsign",
    "swish",
    "exponential",
    "hard_sigmoid",
    "log_softmax",
    "leaky_relu",
)


def unknown_activation_advice(message: str, line: int | None) -> str | None:
    """A name Keras does not know as an activation: quoted as written, with the closest of Keras's own."""
    match = UNKNOWN_ACTIVATION.search(message)
    if not match:
        return None
    name = match["name"].strip("'\".")
    close = difflib.get_close_matches(name.lower(), KERAS_ACTIVATIONS, n=1, cutoff=0.5)
    suggestion = f" Did you mean `activation={close[0]!r}`?" if close else ""
    return (
        f"Keras does not know the activation {name!r}{at_line(line)}: activations are named in lower case, as "
        f"in the guide's `activation='softmax'`.{suggestion}"
    )


def unknown_keyword_advice(message: str, line: int | None) -> str | None:
    match = UNKNOWN_KEYWORD.search(message)
    if not match:
        return None
    layer, name = match["layer"], match["name"]
    close = difflib.get_close_matches(name, LAYER_ARGUMENTS, n=1)
    suggestion = f" Did you mean `{close[0]}`?" if close else ""
    return f"`{name}` is not an argument of {layer}{at_line(line)}.{suggestion}"


def input_mismatch_advice(details: dict, spec: ExerciseSpec) -> str:
    """`details` holds the model's declared input shape under `declared`."""
    declared = details.get("declared")
    steps, features = spec.input_shape[1], spec.input_shape[-1]
    if isinstance(declared, list) and declared[1:] == list(spec.input_shape):
        return batch_in_input_shape_advice(
            spec, None, f"your model is built for {format_shape(['batch', *declared[1:]])}"
        )
    shown = format_shape(["batch", *declared[1:]]) if isinstance(declared, list) and declared else "another shape"
    return (
        f"Your model is built for inputs of shape {shown}, but the exercise feeds "
        f"{format_shape(spec.input_shape)}: {steps} words (time steps) of {features} features each. "
        f"Use `input_shape=({steps}, {features})`: time steps first, then features."
    )


def empty_model_advice(spec: ExerciseSpec) -> str:
    steps, features = spec.input_shape[1], spec.input_shape[-1]
    asked = next(
        (c["expected"][0] for c in spec.checks if c["kind"] == "recurrent_layers"), {"type": "SimpleRNN", "units": 4}
    )
    return (
        "Your model has no layers yet: add the recurrent layer with `model.add(...)`, for example "
        f"`model.add({asked['type']}({asked.get('units', 4)}, input_shape=({steps}, {features})))`."
    )


def exit_advice(kind: str, line: int | None) -> str | None:
    if kind not in ("SystemExit", "KeyboardInterrupt"):
        return None
    return f"Your code stopped the program{at_line(line)}; remove the call to exit so the model can be checked."


def generic_exception_advice(kind: str, message: str, line: int | None, phase: object, spec: ExerciseSpec) -> str:
    where = f" when it ran on a batch of shape {format_shape(spec.input_shape)}" if phase == "call" else at_line(line)
    detail = redact(message)
    return f"Your code raised {kind}{where}" + (f": {detail}" if detail else ".")


def no_model_advice(report: dict) -> str:
    variable = reported_text(report, "variable") or "model"
    return (
        f"Your code does not define `{variable}`. Build your network and assign it to a variable named "
        f"`{variable}`, for example `{variable} = Sequential()`."
    )


def not_a_model_advice(report: dict) -> str:
    variable = reported_text(report, "variable") or "model"
    kind = reported_text(report, "type") or "something else"
    return (
        f"`{variable}` is a {kind}, not a Keras model. Assign the model itself, for example "
        f"`{variable} = Sequential()` followed by `{variable}.add(...)`."
    )


def unserializable_advice(report: dict) -> str:
    return (
        f"Your model ({reported_text(report, 'type') or 'model'}) cannot be described as Keras layers: it uses a custom "
        "layer or model class. Build it from Keras's own layers (SimpleRNN, Dense, TimeDistributed, ...) "
        "with Sequential or the functional API."
    )


def too_large_advice() -> str:
    return "Your model is far larger than this exercise needs; build only the layers it asks for."


REFUSED_BECAUSE = {TOO_DEEP: "too deeply nested", TOO_LARGE: "too large"}


def refused_report_advice(reason: object) -> str:
    """For a report the grader would not read (grader.reports): no model an exercise asks for gives one."""
    because = REFUSED_BECAUSE.get(reason) if isinstance(reason, str) else None
    return (
        f"Your model's description is {because or 'too deeply nested (or too large)'} to be checked: "
        f"build the model from Keras's own layers ({KNOWN_LAYERS_HINT}) with Sequential or the functional "
        "API, as the exercise asks."
    )


def unreadable_model_advice() -> str:
    return (
        "Your model's description could not be read, so it cannot be checked: build it from Keras's own "
        f"layers ({KNOWN_LAYERS_HINT}) with Sequential or the functional API, as the exercise asks."
    )


KNOWN_LAYERS_HINT = "SimpleRNN, GRU, LSTM, Bidirectional, Dense, TimeDistributed, Activation, Dropout"


def structure_advice(exc, spec: ExerciseSpec) -> tuple[str, str]:
    """(verdict, message) for a model whose description cannot be what the exercise asks."""
    kind, details = exc.kind, exc.details
    if kind == "ndim" and isinstance(details.get("shape"), list):
        story = shape_story(
            details["shape"][1:],
            details.get("expected"),
            details.get("layer") or "layer",
            spec,
            None,
            after=details.get("after") or "",
        )
        if story:
            return "runtime_error", story
    if kind == "ndim" and details.get("expected") == 3 and details.get("found") == 2:
        before = details.get("recurrent_before") or None  # 0: no recurrent layer before it to blame
        return "runtime_error", sequence_expected_advice("expected ndim=3, found ndim=2", None, before)
    if kind == "time_distributed_ndim":
        return "runtime_error", time_distributed_sequence_advice(
            "`TimeDistributed` Layer should be passed an `input_shape` with at least 3 dimensions", None
        )
    if kind == "input_mismatch":
        return "wrong_answer", input_mismatch_advice(details, spec)
    if kind == "empty_model":
        return "wrong_answer", empty_model_advice(spec)
    if kind == "too_large":
        return "wrong_answer", too_large_advice()
    if kind == "too_deep":
        return "wrong_answer", refused_report_advice(TOO_DEEP)
    if kind in ("custom_layer", "custom_model"):
        return "wrong_answer", (
            f"Your model uses a class of its own ({details.get('name')}), not one of Keras's layers. "
            f"Build it from Keras's own layers ({KNOWN_LAYERS_HINT}) with Sequential or the functional API."
        )
    if kind == "operation":
        return "wrong_answer", (
            "Your model computes with `keras.ops` functions between its layers; this exercise judges a model "
            f"built from Keras layers ({KNOWN_LAYERS_HINT}): use a layer for each step of the computation."
        )
    if kind == "unsupported_layer":
        name = details.get("name")
        does = f" (it {LAYER_EFFECTS[name]})" if name in LAYER_EFFECTS else ""
        return "wrong_answer", (
            f"The {name} layer is not part of this exercise{does}: use the guide's layers ({KNOWN_LAYERS_HINT})."
        )
    if kind == "stacked_cells":
        return "wrong_answer", (
            "Your RNN runs a stack of cells inside one layer. That is the same computation as stacked "
            "recurrent layers, but the exercise checks each recurrent layer by name, as the guide draws them "
            "unrolled: write one layer per cell, e.g. `SimpleRNN(4, return_sequences=True)` then `SimpleRNN(4)`."
        )
    if kind == "multiple_outputs":
        return "runtime_error", several_tensors_advice(
            details.get("count") or 2,
            details.get("layer"),
            bool(details.get("return_state")),
            bool(details.get("bidirectional")),
        )
    if kind == "ndim":
        return "runtime_error", (
            f"A {details.get('layer')} layer receives an input of shape {format_shape(details.get('shape'))}, "
            f"which has {details.get('found')} dimensions; it needs at least {details.get('expected')}."
        )
    return "runtime_error", "Your model is not built correctly: its layers do not connect for this exercise's input."
