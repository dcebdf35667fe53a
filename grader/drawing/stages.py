"""Reading a model's layer facts into the stages of its drawing: the input, then one stage per layer.

Only the plain facts of `grader.structure.describe()` are read (never Keras); a model that is
not one chain of layers this package can draw raises Undrawable, whose message says why.
"""

from dataclasses import dataclass, replace

from grader.spec import WRAPPERS
from grader.structure import ACTIVATION_LAYERS, IDENTITY, MAX_LAYERS, RECURRENT
from grader.wording import format_shape

BANDS = (*IDENTITY, "Flatten", "RepeatVector", "Reshape", "Permute", "Embedding")
DRAWABLE = (*RECURRENT, *WRAPPERS, "Dense", *BANDS)


class Undrawable(ValueError):
    """The layers are not one chain of layers this package knows how to draw; the message says why."""


@dataclass(frozen=True)
class Stage:
    """One stage of the drawing: the input (index 0) or one layer, with what drawing it needs."""

    index: int
    layer: str  # the Keras class, "Input" for the input
    kind: str  # input | recurrent | dense_steps (a Dense at every step) | dense (on a vector) | band
    title: str  # as in the table: "LSTM(4, return_sequences=True)"
    shapes: tuple[tuple[int, ...], ...]  # its outputs, the main one first
    sequence: bool  # the main output has one vector per time step
    steps: int | None  # time steps of the model's input
    name: str | None = None  # the learner's own name for the layer, when it is not Keras's default
    cell: str | None = None  # SimpleRNN, GRU or LSTM
    units: int | None = None
    return_sequences: bool = False
    return_state: bool = False
    bidirectional: bool = False
    backwards: bool = False  # go_backwards=True: reads the steps from the last to the first
    merge: str | None = None  # how a Bidirectional layer merges its two directions
    wrapped: bool = False  # a Dense inside TimeDistributed
    activation: str | None = None
    params: int | None = None
    ids: bool = False  # an input of integer ids, read by an Embedding

    @property
    def shape(self) -> tuple[int, ...]:
        return self.shapes[0]

    @property
    def size(self) -> int:
        return self.shape[-1]

    @property
    def lanes(self) -> tuple[str, ...]:
        """The states passed from step to step: an LSTM passes two."""
        return ("c", "h") if self.cell == "LSTM" else ("h",)


def read_stages(layers: object, input_shape: object) -> list[Stage]:
    """The stages of a chain of layers; Undrawable when the layers are anything else."""
    if not isinstance(layers, list) or len(layers) > MAX_LAYERS:
        raise Undrawable("the layers are not a list of at most 64 layers")
    stages = [input_stage(layers, input_shape)]
    for index, layer in enumerate(layers, 1):
        stages.append(layer_stage(index, layer, stages[-1]))
    return stages


def valid_shape(value: object) -> tuple[int, ...] | None:
    if not isinstance(value, list | tuple) or not 1 <= len(value) <= 6:
        return None
    if not all(isinstance(d, int) and not isinstance(d, bool) and 0 < d < 2**31 for d in value):
        return None
    return tuple(value)


def positive(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31 else None


def input_stage(layers: list, input_shape: object) -> Stage:
    """The input the first layer actually receives (its own facts win over the exercise's shape)."""
    first = layers[0] if layers and isinstance(layers[0], dict) else {}
    received = first.get("input_shapes")
    shape = valid_shape(received[0] if isinstance(received, list) and len(received) == 1 else input_shape)
    if shape is None:
        raise Undrawable("the input has no usable shape")
    ids = len(shape) == 2 and first.get("class") == "Embedding"
    if len(shape) == 3 or ids:
        return Stage(0, "Input", "input", "Input", (shape,), sequence=True, steps=shape[1], ids=ids)
    if len(shape) == 2:
        return Stage(0, "Input", "input", "Input", (shape,), sequence=False, steps=None)
    raise Undrawable(f"an input of {len(shape)} dimensions")


def layer_stage(index: int, layer: object, previous: Stage) -> Stage:
    if not isinstance(layer, dict):
        raise Undrawable(f"layer {index} is not a layer")
    name = layer.get("class")
    if name not in DRAWABLE:
        raise Undrawable(f"layer {index} is a {clean(name) or 'layer'} that is drawn only as a table")
    refuse_branches(index, layer, previous)
    shapes = output_shapes(index, layer)
    sequence = is_sequence(index, shapes[0], previous)
    base = Stage(
        index=index,
        layer=name,
        kind="band",
        title=layer_title(layer),
        shapes=shapes,
        sequence=sequence,
        steps=previous.steps,
        name=own_name(layer),
        activation=activation_of(layer),
        params=positive(layer.get("params")),
    )
    if name in RECURRENT or (name == "Bidirectional" and wrapped_class(layer) in RECURRENT):
        return recurrent_stage(base, layer, previous)
    if name == "Dense" or (name == "TimeDistributed" and wrapped_class(layer) == "Dense"):
        return dense_stage(base, layer, previous)
    return base


def refuse_branches(index: int, layer: dict, previous: Stage) -> None:
    """A drawable model is one chain: each layer reads exactly the previous layer's output."""
    inputs = layer.get("input_shapes")
    if inputs is None:
        return
    if not isinstance(inputs, list) or len(inputs) != 1:
        raise Undrawable(f"layer {index} reads several inputs")
    if valid_shape(inputs[0]) not in previous.shapes:
        raise Undrawable(f"layer {index} does not read the output of the layer before it")


def output_shapes(index: int, layer: dict) -> tuple[tuple[int, ...], ...]:
    listed = layer.get("output_shapes")
    candidates = listed if isinstance(listed, list) and 1 <= len(listed) <= 8 else [layer.get("output_shape")]
    shapes = tuple(valid_shape(s) for s in candidates)
    if any(s is None for s in shapes):
        raise Undrawable(f"layer {index} has no usable output shape")
    return shapes


def is_sequence(index: int, shape: tuple[int, ...], previous: Stage) -> bool:
    """Every stage carries one vector per step of the input, or one vector; nothing else is drawn."""
    if len(shape) == 2:
        return False
    if len(shape) == 3 and previous.steps is not None and shape[1] == previous.steps:
        return True
    raise Undrawable(f"layer {index} gives {format_shape(list(shape))}, not one vector per input step")


def wrapped_class(layer: dict) -> str | None:
    inner = layer.get("wrapped")
    return inner.get("class") if isinstance(inner, dict) else None


def recurrent_stage(base: Stage, layer: dict, previous: Stage) -> Stage:
    bidirectional = layer.get("class") == "Bidirectional"
    cell = layer["wrapped"] if bidirectional else layer
    units = positive(cell.get("units"))
    returns_sequences = cell.get("return_sequences") is True
    if not previous.sequence or previous.ids or units is None or returns_sequences != base.sequence:
        raise Undrawable(f"layer {base.index} is a recurrent layer without a readable sequence")
    stage = replace(
        base,
        kind="recurrent",
        cell=cell.get("class"),
        units=units,
        return_sequences=returns_sequences,
        return_state=cell.get("return_state") is True,
        bidirectional=bidirectional,
        backwards=cell.get("go_backwards") is True,
    )
    return replace(stage, merge=merge_mode(stage)) if bidirectional else stage


def merge_mode(stage: Stage) -> str:
    """How a Bidirectional layer merges its directions, read from its output shapes."""
    states = 2 * len(stage.lanes) if stage.return_state else 0
    outputs = len(stage.shapes) - states
    if outputs == 2:
        return "none"
    if outputs == 1 and stage.size == 2 * stage.units:
        return "concat"
    if outputs == 1 and stage.size == stage.units:
        return "elementwise"
    raise Undrawable(f"layer {stage.index} has outputs that do not fit a Bidirectional layer")


def dense_stage(base: Stage, layer: dict, previous: Stage) -> Stage:
    wrapped = layer.get("class") == "TimeDistributed"
    dense = layer["wrapped"] if wrapped else layer
    if previous.ids or (wrapped and not previous.sequence) or previous.sequence != base.sequence:
        raise Undrawable(f"layer {base.index} is a Dense layer on an input it cannot read")
    return replace(
        base,
        kind="dense_steps" if base.sequence else "dense",
        units=positive(dense.get("units")) or base.size,
        activation=activation_of(dense),
        wrapped=wrapped,
    )


# --- what a layer is called, from its facts --------------------------------------------------


def clean(value: object, limit: int = 60) -> str | None:
    """Text fit to show: printable characters only (no controls, no bidirectional overrides), bounded."""
    if not isinstance(value, str):
        return None
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in value[: limit * 4]).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def activation_of(layer: dict) -> str | None:
    activation = clean(layer.get("activation"), 30)
    if activation is None and layer.get("class") in ACTIVATION_LAYERS:
        return str(layer["class"]).lower()
    return activation


def layer_title(layer: object, depth: int = 0) -> str:
    """The layer as its constructor reads: "LSTM(4, return_sequences=True)"."""
    if not isinstance(layer, dict):
        return "?"
    name = clean(layer.get("class"), 40) or "?"
    inner = layer.get("wrapped")
    if name in WRAPPERS and isinstance(inner, dict) and depth < 2:
        return f"{name}({layer_title(inner, depth + 1)})"
    arguments = constructor_arguments(name, layer)
    return f"{name}({', '.join(arguments)})" if arguments else name


def constructor_arguments(name: str, layer: dict) -> list[str]:
    arguments = []
    if positive(layer.get("units")):
        arguments.append(str(layer["units"]))
    for flag in ("return_sequences", "return_state"):
        if layer.get(flag) is True:
            arguments.append(f"{flag}=True")
    activation = clean(layer.get("activation"), 30)
    if name == "Dense" and activation and activation != "linear":
        arguments.append(f"activation='{activation}'")
    if name == "Activation" and activation:
        arguments.append(f"'{activation}'")
    shape = valid_shape(layer.get("output_shape"))
    if name == "Embedding" and shape:
        arguments.append(f"output_dim={shape[-1]}")
    return arguments


def keras_default_name(layer_class: str) -> str:
    """Keras names a layer after its class in snake case: SimpleRNN -> simple_rnn."""
    out = ""
    for i, ch in enumerate(layer_class):
        before = layer_class[i - 1] if i else ""
        after = layer_class[i + 1] if i + 1 < len(layer_class) else ""
        if ch.isupper() and before and (before.islower() or (after.islower() and before.isupper())):
            out += "_"
        out += ch.lower()
    return out


def own_name(layer: dict) -> str | None:
    """The learner's name for the layer; Keras's automatic names (lstm, dense_2) are left out."""
    name = clean(layer.get("name"), 40)
    default = keras_default_name(str(layer.get("class")))
    if not name or name == default or (name.startswith(default + "_") and name[len(default) + 1 :].isdigit()):
        return None
    return name
