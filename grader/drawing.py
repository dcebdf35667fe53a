"""Draws a model as the guide does: the input at the bottom, each recurrent layer unrolled step by step.

It reads only the plain layer facts of `grader.structure.describe()` (never Keras), returns a
self-contained SVG, the same content in words and a table, and finds where a learner's model
first differs from the task's. A model that is not one chain of drawable layers gets no SVG.
"""

import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace

from grader.diagnosis import ORDINALS
from grader.facts import format_shape
from grader.structure import IDENTITY, RECURRENT

# --- public API ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Drawing:
    svg: str | None  # None when the model cannot be drawn (then show the table)
    text: list[str]  # the same content in words, one sentence per stage, for screen readers
    table: list[dict]  # [{"layer": "LSTM(4, return_sequences=True)", "output_shape": "(1, 3, 4)"}, ...]
    steps: int | None  # time steps of the input


@dataclass(frozen=True)
class Difference:
    learner_stage: int  # the stage to highlight in the learner's drawing (0 = input, n = its n-th layer)
    expected_stage: int  # the matching stage in the expected drawing
    message: str


def draw_model(
    layers: list[dict], input_shape: list[int], *, highlight: int | None = None, label: str = "", caption: str = ""
) -> Drawing:
    """The drawing of one model; `highlight` outlines that stage (0 = input, n = the n-th layer)."""
    return render(layers, input_shape, highlight=highlight, label=label, caption=caption, note="It differs here.")


def first_difference(
    learner_layers: list[dict], expected_layers: list[dict], input_shape: list[int]
) -> Difference | None:
    """The first place, walking up from the input, where the learner's model differs from the task's.

    None when they match, and when either model cannot be drawn (there are no stages to point at).
    """
    try:
        learner, expected = read_stages(learner_layers, input_shape), read_stages(expected_layers, input_shape)
    except Undrawable:
        return None
    return (
        input_difference(learner, expected)
        or stack_difference(learner, expected)
        or walk_difference(parts_of(learner), parts_of(expected), learner, expected)
        or walk_difference(
            parts_of(learner, regularisers=True), parts_of(expected, regularisers=True), learner, expected
        )
    )


def compare(
    learner_layers: list[dict], expected_layers: list[dict], input_shape: list[int]
) -> tuple[Drawing, Drawing, Difference | None]:
    """Both drawings, the difference outlined in both and explained in words in the learner's."""
    difference = first_difference(learner_layers, expected_layers, input_shape)
    learner = render(
        learner_layers,
        input_shape,
        highlight=difference.learner_stage if difference else None,
        label="Your model",
        note=difference.message if difference else "",
    )
    expected = render(
        expected_layers,
        input_shape,
        highlight=difference.expected_stage if difference else None,
        label="The task's model",
        note="The matching place in the task's model.",
    )
    return learner, expected, difference


# --- reading the layer facts into stages ---------------------------------------------------

MAX_LAYERS = 64
MAX_DRAWN_STEPS = 6  # past this, the first 2 and the last 2 steps are drawn with "…" between
CELL_LABELS = {"SimpleRNN": "RNN", "GRU": "GRU", "LSTM": "LSTM"}
WRAPPERS = ("TimeDistributed", "Bidirectional")
REGULARISERS = (
    "Dropout",
    "SpatialDropout1D",
    "GaussianNoise",
    "GaussianDropout",
    "LayerNormalization",
    "BatchNormalization",
)
ACTIVATION_LAYERS = ("Activation", "Softmax", "ReLU", "LeakyReLU", "ELU")
BANDS = (*IDENTITY, "Flatten", "RepeatVector", "Reshape", "Permute", "Embedding")
DRAWABLE = (*RECURRENT, *WRAPPERS, "Dense", *BANDS)


class Undrawable(ValueError):
    """The layers are not one chain of layers this module knows how to draw; the message says why."""


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


# --- words ---------------------------------------------------------------------------------


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


def shape_text(shape: tuple[int, ...] | list | None) -> str:
    return format_shape(list(shape)) if shape is not None else "no output"


def count_word(n: int) -> str:
    words = ("no", "one", "two", "three", "four", "five", "six")
    return words[n] if n < len(words) else str(n)


def ordinal(n: int) -> str:
    return ORDINALS[n - 1] if 1 <= n <= len(ORDINALS) else f"number {n}"


def and_join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def activation_words(activation: str | None) -> str:
    return "no activation (linear)" if activation in (None, "linear") else activation


def state_names(stage: Stage) -> list[str]:
    if stage.bidirectional:
        return [f"{side} {lane}" for side in ("forward", "backward") for lane in reversed(stage.lanes)]
    return list(reversed(stage.lanes))  # Keras returns h before c


def shape_label(stage: Stage) -> str:
    """The shape written above a stage; a layer returning its states lists them too."""
    main = shape_text(stage.shape)
    extra = stage.shapes[1:]
    if not extra:
        return main
    names = state_names(stage) if stage.return_state else []
    if stage.bidirectional and len(names) == len(extra) and len(set(extra)) == 1:
        return f"{main} · {count_word(len(extra))} final states: {shape_text(extra[0])} each"
    if len(names) == len(extra) and len(set(extra)) == 1:
        each = " each" if len(extra) > 1 else ""
        return f"{main} · final {and_join(names)}: {shape_text(extra[0])}{each}"
    return f"{main} · also {', '.join(shape_text(s) for s in extra)}"


def header_detail(stage: Stage, elided: tuple[int, int] | None) -> str:
    """A second line under a stage's title, where the title alone does not say enough."""
    if stage.kind == "input":
        return input_words(stage, elided)
    if stage.bidirectional:
        return f"forward row below, backward row above; {merge_words(stage)}"
    if stage.kind == "dense_steps" and not stage.wrapped:
        return "a Dense layer on a sequence acts at every step"
    return ""


def input_words(stage: Stage, elided: tuple[int, int] | None) -> str:
    if not stage.sequence:
        return f"one vector of {stage.size} features"
    what = "one integer id each" if stage.ids else f"{stage.size} features each"
    hidden = f" (steps {elided[0]} to {elided[1]} elided)" if elided else ""
    return f"{stage.steps} time steps, {what}{hidden}"


def input_brief(stage: Stage) -> str:
    if not stage.sequence:
        return f"one vector of {stage.size} features"
    return f"{stage.steps} time steps of {'one id' if stage.ids else f'{stage.size} features'}"


def merge_words(stage: Stage) -> str:
    return f"outputs {merged(stage)}: {'two of ' if stage.merge == 'none' else ''}{stage.size}"


def sentence(stage: Stage, elided: tuple[int, int] | None) -> str:
    """One stage in words, for screen readers."""
    if stage.kind == "input":
        return f"Input {shape_text(stage.shape)}: {input_words(stage, elided)}."
    named = f" (named “{stage.name}”)" if stage.name else ""
    return f"Layer {stage.index}, {stage.title}{named}: {what_it_does(stage)}."


def what_it_does(stage: Stage) -> str:
    shape = shape_text(stage.shape)
    if stage.kind == "recurrent":
        return recurrent_words(stage)
    if stage.kind == "dense_steps":
        dense = f"Dense layer of {stage.units} units with {activation_words(stage.activation)}"
        if stage.wrapped:
            return f"the same {dense} applied at every step, shape {shape}"
        return f"a {dense}, not wrapped in TimeDistributed but still applied at every step, shape {shape}"
    if stage.kind == "dense":
        return f"one Dense block of {stage.units} units with {activation_words(stage.activation)} on the vector, shape {shape}"
    return f"shape {shape_label(stage)}"


def recurrent_words(stage: Stage) -> str:
    states = f"two states of {stage.units}, h and c," if stage.cell == "LSTM" else f"a hidden state of {stage.units}"
    if stage.bidirectional:
        reading = (
            f"a forward {stage.cell} reads steps 1 to {stage.steps} and a backward {stage.cell} reads steps "
            f"{stage.steps} to 1, each passing {states} from block to block, starting from zeros"
        )
    else:
        reading = f"unrolled over {stage.steps} steps, passing {states} from block to block, starting from zeros"
    return f"{reading}; {output_words(stage)}{final_state_words(stage)}"


def output_words(stage: Stage) -> str:
    shape = shape_text(stage.shape)
    if stage.bidirectional and stage.return_sequences:
        return f"at every step both directions' outputs are {merged(stage)}, shape {shape}"
    if stage.bidirectional:
        return (
            f"the forward layer's last output (step {stage.steps}) and the backward layer's last output "
            f"(step 1) are {merged(stage)}, shape {shape}"
        )
    if stage.return_sequences:
        return f"it outputs at every step, shape {shape}"
    return f"it outputs only at its last step, shape {shape}"


def merge_verb(stage: Stage) -> str:
    if stage.merge == "concat":
        return f"concatenates its two directions, giving {stage.size}"
    if stage.merge == "elementwise":
        return f"merges its two directions element-wise, giving {stage.size}"
    return f"keeps its two directions apart, two outputs of {stage.size}"


def merged(stage: Stage) -> str:
    return {"concat": "concatenated", "elementwise": "merged element-wise"}.get(stage.merge or "", "kept apart")


def final_state_words(stage: Stage) -> str:
    if not stage.return_state:
        return ""
    names = state_names(stage)
    if len(names) == 1:
        return f"; it also returns its final state {names[0]}, {shape_text(stage.shapes[-1])}"
    return f"; it also returns its final states {and_join(names)}, {shape_text(stage.shapes[-1])} each"


def table_of(layers: object) -> list[dict]:
    """One row per layer, from whatever the facts hold (the fallback when nothing can be drawn)."""
    if not isinstance(layers, list):
        return []
    return [{"layer": layer_title(layer), "output_shape": listed_shapes(layer)} for layer in layers[:MAX_LAYERS]]


def listed_shapes(layer: object) -> str:
    if not isinstance(layer, dict):
        return "?"
    shapes = layer.get("output_shapes")
    shapes = shapes if isinstance(shapes, list) and shapes else [layer.get("output_shape")]
    return ", ".join(shape_text(valid_shape(s)) if valid_shape(s) else "?" for s in shapes[:8])


# --- geometry ------------------------------------------------------------------------------
# All sizes are viewBox units. The widest drawing (6 steps, state labels on both sides) is
# 388 units wide, so at 360 px on a phone its smallest text (12 units) is still 11.1 px.

FONT = 12  # the smallest text anywhere
TITLE_FONT = 14
LINE = 16
BLOCK_W = 32
GAP_W = 28  # between two blocks: room for the state label "h: 4"
PITCH = BLOCK_W + GAP_W
SIDE = 28  # a margin holding a zero state or a final state
PLAIN_SIDE = 10
MIN_WIDTH = 300
INPUT_H = 22
RESULT_H = 22
CELL_H = 30
LSTM_H = 44  # two state lanes, c above h
DENSE_H = 24
BAND_H = 20
FRAME_PAD = 5
ROW_GAP = 10
ABOVE_BODY = 10  # between a stage's shape label and its blocks: where a Bidirectional merges
BELOW_BODY = 10  # between a stage's blocks and its title: the arrowheads going in stay visible


@dataclass(frozen=True)
class Columns:
    """Where each drawn step stands; `steps` holds None where steps are elided."""

    steps: tuple[int | None, ...]
    x0: float

    @property
    def count(self) -> int:
        return max(len(self.steps), 1)  # a model without steps still has one column for its vectors

    @property
    def last(self) -> int:
        return self.count - 1

    def left(self, k: int) -> float:
        return self.x0 + k * PITCH

    def center(self, k: int) -> float:
        return self.left(k) + BLOCK_W / 2

    def right(self, k: int) -> float:
        return self.left(k) + BLOCK_W


def drawn_steps(steps: int | None) -> tuple[int | None, ...]:
    if steps is None:
        return ()
    if steps <= MAX_DRAWN_STEPS:
        return tuple(range(1, steps + 1))
    return (1, 2, None, steps - 1, steps)


def elided_range(steps: int | None) -> tuple[int, int] | None:
    return (3, steps - 2) if steps is not None and steps > MAX_DRAWN_STEPS else None


def drawing_width(stages: list[Stage], count: int) -> tuple[float, float]:
    """The drawing's width and its right margin (wide only where states enter or leave on the right)."""
    right = SIDE if any(s.return_state or s.bidirectional for s in stages) else PLAIN_SIDE
    return max(MIN_WIDTH, SIDE + count * BLOCK_W + (count - 1) * GAP_W + right), right


def body_height(stage: Stage) -> float:
    if stage.kind == "input":
        return INPUT_H
    if stage.kind == "recurrent":
        row = LSTM_H if stage.cell == "LSTM" else CELL_H
        return 2 * row + ROW_GAP + 2 * FRAME_PAD if stage.bidirectional else row
    if stage.kind in ("dense_steps", "dense"):
        return DENSE_H
    return BAND_H


@dataclass
class Place:
    """Where one stage's pieces stand, top to bottom: shape label, body, header, difference note."""

    top: float = 0
    shape_y: float = 0
    body_top: float = 0
    body_bottom: float = 0
    labels_y: float = 0
    header_y: float = 0
    note_top: float = 0
    bottom: float = 0


@dataclass
class Layout:
    width: float
    columns: Columns
    headers: list[list[tuple[str, bool]]]  # per stage: (line, bold)
    shapes: list[list[str]]  # per stage: the lines of its shape label
    note_lines: list[str]
    places: list[Place]
    title_y: float = 0
    result_top: float = 0
    caption_y: float = 0
    caption_lines: list[str] | None = None
    height: float = 0


def plan(stages: list[Stage], highlight: int | None, note: str, label: str, caption: str) -> Layout:
    """Stacks the stages bottom-up (the input at the bottom), working top-down in SVG coordinates."""
    steps = drawn_steps(stages[0].steps)
    count = max(len(steps), 1)
    width, right = drawing_width(stages, count)
    x0 = SIDE + (width - (SIDE + count * BLOCK_W + (count - 1) * GAP_W + right)) / 2
    elided = elided_range(stages[0].steps)
    layout = Layout(
        width=width,
        columns=Columns(steps, x0),
        headers=[header_lines(stage, elided, width) for stage in stages],
        shapes=[wrap(shape_label(stage), width - 12, FONT) for stage in stages],
        note_lines=wrap(note, width - 32, FONT, bold=True) if highlight is not None else [],
        places=[Place() for _ in stages],
    )
    y = 8.0
    if label:
        layout.title_y, y = y + 14, y + 24
    layout.result_top, y = y, y + RESULT_H
    for stage in reversed(stages):
        y = place_stage(layout, stage, y, noted=stage.index == highlight)
    layout.caption_lines = wrap(caption, width - 16, FONT) if caption else []
    layout.caption_y = y + 14
    layout.height = y + LINE * len(layout.caption_lines) + 8
    return layout


def place_stage(layout: Layout, stage: Stage, y: float, noted: bool) -> float:
    place = layout.places[stage.index]
    place.top, y = y, y + 4
    place.shape_y, y = y + 12, y + LINE * len(layout.shapes[stage.index]) + ABOVE_BODY
    place.body_top, y = y, y + body_height(stage)
    place.body_bottom = y
    if stage.kind == "input" and stage.sequence:
        place.labels_y, y = y + 13, y + LINE
    place.header_y = y + BELOW_BODY + 12
    y += BELOW_BODY + LINE * len(layout.headers[stage.index]) + 4
    if noted and layout.note_lines:
        # Under the stage's title: it hides the arrows coming in, never the outputs that differ.
        place.note_top, y = y, y + LINE * len(layout.note_lines) + 14
    place.bottom = y
    return y + 4


def named_title(stage: Stage) -> str:
    title = "Input" if stage.kind == "input" else stage.title
    return f"{title} · “{stage.name}”" if stage.name else title


def header_lines(stage: Stage, elided: tuple[int, int] | None, width: float) -> list[tuple[str, bool]]:
    """The title under a stage's blocks; a band has none, its title is written inside it."""
    if stage.kind == "band":
        return []
    title = named_title(stage)
    lines = [(line, True) for line in wrap(title, width - 12, FONT, bold=True)]
    detail = header_detail(stage, elided)
    return lines + [(line, False) for line in wrap(detail, width - 12, FONT)] if detail else lines


# --- text measure --------------------------------------------------------------------------

CHAR_WIDTHS = (
    ("ijl", 0.28),
    (" ,.:;'|!·I", 0.32),
    ("-", 0.36),
    ("ftr()[]", 0.41),
    ('“”"', 0.46),
    ("_", 0.5),
    ("mwMW", 0.9),
    ("=+<>…", 0.84),
)


def char_width(ch: str) -> float:
    """A generous estimate in ems, close to DejaVu Sans (among the widest system fonts): to wrap and fit."""
    for chars, width in CHAR_WIDTHS:
        if ch in chars:
            return width
    if ch.isdigit():
        return 0.64
    if ch.isupper():
        return 0.72
    if ch.islower():
        return 0.62
    return 1.0 if ord(ch) > 0x2E80 else 0.7


def text_width(text: str, size: float, bold: bool = False) -> float:
    return sum(char_width(ch) for ch in text) * size * (1.1 if bold else 1.0)


def wrap(text: str, width: float, size: float, bold: bool = False, most: int = 8) -> list[str]:
    """Greedy word wrap; a word longer than a line is cut; at most `most` lines, the last ending "…"."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        for piece in cut_to_width(word, width, size, bold):
            candidate = f"{line} {piece}" if line else piece
            if line and text_width(candidate, size, bold) > width:
                lines.append(line)
                candidate = piece
            line = candidate
    if line:
        lines.append(line)
    return lines if len(lines) <= most else [*lines[: most - 1], lines[most - 1] + " …"]


def cut_to_width(word: str, width: float, size: float, bold: bool) -> list[str]:
    pieces, piece = [], ""
    for ch in word:
        if piece and text_width(piece + ch, size, bold) > width:
            pieces.append(piece)
            piece = ""
        piece += ch
    return [*pieces, piece] if piece else pieces


# --- SVG -----------------------------------------------------------------------------------

SVG_NS = "http://www.w3.org/2000/svg"
INK = "#1b1b1b"
MUTED = "#444444"
HALO = {"stroke": "#ffffff", "stroke-width": "4", "stroke-linejoin": "round", "paint-order": "stroke"}
DIFF = "#a4001d"  # dark red: stays dark in greyscale; the outline is dashed and labelled anyway
FILLS = {
    "input": ("#f0f0f0", "#555555"),
    "forward": ("#dbe9f6", "#1f4e79"),
    "backward": ("#e6e0f3", "#4b2e83"),
    "dense": ("#fde9d2", "#8a4b08"),
    "band": ("#eeeeee", "#666666"),
    "result": ("#ffffff", "#333333"),
}


def number(value: float) -> str:
    return format(round(value, 1), "g")


def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: object) -> ET.Element:
    """A child element; `class_` and `data_step` become `class` and `data-step`."""
    names = {key: key.rstrip("_").replace("_", "-") for key in attributes}
    element = ET.SubElement(
        parent,
        tag,
        {names[k]: number(v) if isinstance(v, float) else str(v) for k, v in attributes.items() if v is not None},
    )
    if text is not None:
        element.text = text
    return element


def centred(
    parent: ET.Element, x: float, y: float, text: str, *, size: float = FONT, fit: float | None = None, **attributes
) -> ET.Element:
    """Text centred on x; squeezed to `fit` units when it would not fit (a long number, "Dense")."""
    squeeze = {}
    if fit is not None and text_width(text, size, attributes.get("font_weight") == "bold") > fit:
        squeeze = {"textLength": fit, "lengthAdjust": "spacingAndGlyphs"}
    return add(parent, "text", text, x=x, y=y, font_size=size, text_anchor="middle", fill=INK, **squeeze, **attributes)


def arrow(parent: ET.Element, x1: float, y1: float, x2: float, y2: float, class_: str, **data) -> ET.Element:
    """A straight arrow whose head is a triangle (no markers: no ids to clash between two drawings)."""
    group = add(parent, "g", class_=class_, **data)
    length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 0.001)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    add(group, "line", x1=x1, y1=y1, x2=x2 - 4 * ux, y2=y2 - 4 * uy, stroke=INK, stroke_width=1.4)
    head = [
        (x2, y2),
        (x2 - 6 * ux - 3.5 * uy, y2 - 6 * uy + 3.5 * ux),
        (x2 - 6 * ux + 3.5 * uy, y2 - 6 * uy - 3.5 * ux),
    ]
    add(group, "path", d="M" + " L".join(f"{number(x)} {number(y)}" for x, y in head) + " Z", fill=INK)
    return group


def box(parent: ET.Element, x: float, y: float, w: float, h: float, kind: str, **attributes) -> ET.Element:
    fill, stroke = FILLS[kind]
    return add(
        parent, "rect", x=x, y=y, width=w, height=h, rx=4, fill=fill, stroke=stroke, stroke_width=1.2, **attributes
    )


def ellipsis(parent: ET.Element, x: float, y: float, elided: tuple[int, int] | None) -> None:
    group = add(parent, "g", class_="elided", data_steps=f"{elided[0]}-{elided[1]}" if elided else None)
    centred(group, x, y + 5, "…", size=16, font_weight="bold")


def render(
    layers: object, input_shape: object, *, highlight: int | None, label: str, caption: str = "", note: str = ""
) -> Drawing:
    """draw_model, plus the difference message `note` written inside the highlighted stage."""
    table = table_of(layers)
    label, caption, note = clean(label, 80) or "", clean(caption, 400) or "", clean(note, 400) or ""
    try:
        stages = read_stages(layers, input_shape)
    except Undrawable as reason:
        text = [f"This model cannot be drawn step by step: {reason}."]
        text += [f"Layer {i}, {row['layer']}: output shape {row['output_shape']}." for i, row in enumerate(table, 1)]
        return Drawing(svg=None, text=text, table=table, steps=None)
    highlight = highlight if isinstance(highlight, int) and 0 <= highlight < len(stages) else None
    elided = elided_range(stages[0].steps)
    text = [sentence(stage, elided) for stage in stages]
    if highlight is not None and note:
        text[highlight] += f" Highlighted: {note}"
    svg = svg_of(stages, plan(stages, highlight, note, label, caption), highlight, label, caption, text)
    return Drawing(svg=svg, text=text, table=table, steps=stages[0].steps)


def svg_of(
    stages: list[Stage], layout: Layout, highlight: int | None, title: str, caption: str, text: list[str]
) -> str:
    ident = "unroll-" + hashlib.sha256("\n".join([title, caption, str(highlight), *text]).encode()).hexdigest()[:10]
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {number(layout.width)} {number(layout.height)}",
            "width": "100%",
            "role": "img",
            "aria-labelledby": f"{ident}-title {ident}-desc",
            "font-family": "system-ui, sans-serif",
            "class": "unroll-drawing",
            # Fills the editor's width, but a short model is not blown up past 1.5x its size.
            "style": f"max-width: {number(layout.width * 1.5)}px; height: auto",
        },
    )
    add(root, "title", title or "Drawing of the model", id=f"{ident}-title")
    add(root, "desc", " ".join(text), id=f"{ident}-desc")
    add(root, "rect", x=0, y=0, width=layout.width, height=layout.height, fill="#ffffff")
    if title:
        add(root, "text", title, x=8, y=layout.title_y, font_size=TITLE_FONT, font_weight="bold", fill=INK)
    for stage in stages:
        draw_stage(root, stage, stages, layout, highlight)
    draw_results(root, stages[-1], layout)
    for i, line in enumerate(layout.caption_lines or []):
        add(root, "text", line, x=8, y=layout.caption_y + i * LINE, font_size=FONT, fill=MUTED)
    return ET.tostring(root, encoding="unicode")


def draw_stage(root: ET.Element, stage: Stage, stages: list[Stage], layout: Layout, highlight: int | None) -> None:
    place = layout.places[stage.index]
    diff = stage.index == highlight
    group = add(
        root,
        "g",
        class_="stage diff" if diff else "stage",
        data_stage=stage.index,
        data_layer=stage.layer,
        data_wrapped=stage.cell if stage.bidirectional else ("Dense" if stage.wrapped else None),
    )
    if diff:
        add(
            group,
            "rect",
            x=3,
            y=place.top,
            width=layout.width - 6,
            height=place.bottom - place.top,
            rx=6,
            fill="none",
            stroke=DIFF,
            stroke_width=2,
            stroke_dasharray="6 4",
            class_="diff-outline",
        )
    draw_body(group, stage, layout, place)
    above = (
        layout.places[stage.index + 1].body_bottom if stage.index + 1 < len(stages) else layout.result_top + RESULT_H
    )
    draw_outputs(group, stage, layout, place, above)
    for i, line in enumerate(layout.shapes[stage.index]):
        plated(group, 6, place.shape_y + i * LINE, line, fill=MUTED, class_="shape", data_shape=shape_text(stage.shape))
    for i, (line, bold) in enumerate(layout.headers[stage.index]):
        plated(group, 6, place.header_y + i * LINE, line, class_="header", font_weight="bold" if bold else None)
    if diff:
        draw_note(group, layout, place)


def plated(group: ET.Element, x: float, y: float, text: str, **attributes) -> None:
    """Text between two stages, on a white plate: the arrows it crosses pass behind it."""
    width = text_width(text, FONT, attributes.get("font_weight") == "bold")
    add(group, "rect", x=x - 3, y=y - 12, width=width + 6, height=LINE, fill="#ffffff")
    add(group, "text", text, x=x, y=y, font_size=FONT, **{"fill": INK, **attributes}, **HALO)


def draw_note(group: ET.Element, layout: Layout, place: Place) -> None:
    """The difference in words, in a box inside the dashed outline."""
    if not layout.note_lines:
        return
    height = LINE * len(layout.note_lines) + 8
    add(
        group,
        "rect",
        x=12,
        y=place.note_top,
        width=layout.width - 24,
        height=height,
        rx=4,
        fill="#ffffff",
        stroke=DIFF,
        stroke_width=1.2,
    )
    note = add(
        group, "text", x=18, y=place.note_top + 16, font_size=FONT, font_weight="bold", fill=DIFF, class_="diff-label"
    )
    for i, line in enumerate(layout.note_lines):
        add(note, "tspan", line, x=18, dy=0 if i == 0 else LINE)


def draw_body(group: ET.Element, stage: Stage, layout: Layout, place: Place) -> None:
    columns = layout.columns
    if stage.kind == "input":
        draw_inputs(group, stage, columns, place)
    elif stage.kind == "recurrent":
        draw_recurrent(group, stage, layout, place)
    elif stage.kind in ("dense_steps", "dense"):
        draw_dense(group, stage, columns, place)
    else:
        box(group, 8, place.body_top, layout.width - 16, BAND_H, "band", class_="band")
        title = named_title(stage)
        squeeze = {"textLength": layout.width - 28} if text_width(title, FONT) > layout.width - 28 else {}
        add(group, "text", title, x=14, y=place.body_top + 14, font_size=FONT, fill=INK, class_="header", **squeeze)


def step_columns(stage: Stage, columns: Columns) -> list[tuple[int, int | None]]:
    """(column, step) pairs where the stage draws something; a vector stands in the last column."""
    if stage.sequence:
        return list(enumerate(columns.steps))
    return [(columns.last, stage.steps if stage.kind == "recurrent" else None)]


def box_row(
    group: ET.Element, stage: Stage, columns: Columns, top: float, height: float, kind: str, text: str, class_: str
) -> list[tuple[ET.Element, int, int | None]]:
    """A box per drawn step (one for a vector) with `text` in it, "…" where steps are elided."""
    drawn = []
    for k, step in step_columns(stage, columns):
        if step is None and stage.sequence:
            ellipsis(group, columns.center(k), top + height / 2, elided_range(stage.steps))
            continue
        block = add(group, "g", class_=class_, data_step=step)
        box(block, columns.left(k), top, BLOCK_W, height, kind)
        centred(block, columns.center(k), top + height / 2 + 4, text, fit=BLOCK_W - 4)
        drawn.append((block, k, step))
    return drawn


def draw_inputs(group: ET.Element, stage: Stage, columns: Columns, place: Place) -> None:
    text = "id" if stage.ids else str(stage.size)
    for block, k, step in box_row(group, stage, columns, place.body_top, INPUT_H, "input", text, "block"):
        if step is not None:
            centred(block, columns.center(k), place.labels_y, f"x{step}", fit=PITCH - 4, class_="step-label")


def draw_dense(group: ET.Element, stage: Stage, columns: Columns, place: Place) -> None:
    box_row(group, stage, columns, place.body_top, DENSE_H, "dense", "Dense", "block")


def draw_recurrent(group: ET.Element, stage: Stage, layout: Layout, place: Place) -> None:
    row = LSTM_H if stage.cell == "LSTM" else CELL_H
    if not stage.bidirectional:
        draw_row(group, stage, layout, place.body_top, "forward")
        return
    box(group, 8, place.body_top, layout.width - 16, body_height(stage), "result", class_="frame", stroke_opacity=0.5)
    draw_row(group, stage, layout, place.body_top + FRAME_PAD, "backward")
    draw_row(group, stage, layout, place.body_top + FRAME_PAD + row + ROW_GAP, "forward")


def draw_row(group: ET.Element, stage: Stage, layout: Layout, top: float, direction: str) -> None:
    """One direction of a recurrent layer: a block per step, the states passed between them."""
    columns, height = layout.columns, LSTM_H if stage.cell == "LSTM" else CELL_H
    row = add(group, "g", class_="row", data_direction=direction)
    for k, step in enumerate(columns.steps):
        if step is None:
            ellipsis(row, columns.center(k), top + height / 2, elided_range(stage.steps))
            continue
        block = add(row, "g", class_="block", data_step=step, data_direction=direction)
        box(block, columns.left(k), top, BLOCK_W, height, direction)
        centred(block, columns.center(k), top + height / 2 + 4, CELL_LABELS[stage.cell], fit=BLOCK_W - 4)
    lanes = {"c": 0.34, "h": 0.77} if stage.cell == "LSTM" else {"h": 0.5}
    for lane, share in lanes.items():
        draw_lane(row, stage, columns, top + height * share, lane, direction)


def draw_lane(row: ET.Element, stage: Stage, columns: Columns, y: float, lane: str, direction: str) -> None:
    """A state passed from block to block, entering as zeros and, with return_state, leaving to the side."""
    forward = direction == "forward"
    text = f"{lane}: {stage.units}"
    for k in range(len(columns.steps) - 1):
        start = columns.right(k) if columns.steps[k] else columns.center(k) + 9
        end = columns.left(k + 1) if columns.steps[k + 1] else columns.center(k + 1) - 9
        x1, x2 = (start, end) if forward else (end, start)
        arrow(row, x1, y, x2, y, "state", data_state=lane)
        centred(row, (start + end) / 2, y - 3, text, fit=GAP_W - 1, class_="state-label")
    first, last = columns.left(0), columns.right(columns.last)
    start_edge, end_edge, outward = (first, last, 1) if forward else (last, first, -1)
    zero = add(row, "g", class_="zero", data_state=lane)
    centred(zero, start_edge - outward * 22, y + 4, "0")
    arrow(zero, start_edge - outward * 15, y, start_edge, y, "zero-arrow")
    if stage.return_state:
        final = arrow(row, end_edge, y, end_edge + outward * 26, y, "final-state", data_state=lane)
        centred(final, end_edge + outward * 13, y - 3, text, fit=SIDE - 4)


def draw_outputs(group: ET.Element, stage: Stage, layout: Layout, place: Place, above: float) -> None:
    """The arrows that leave the stage upwards: at every step for a sequence, else from one place."""
    columns = layout.columns
    for k, step in step_columns(stage, columns):
        if step is None and stage.sequence:
            continue
        arrow(
            group,
            columns.center(k),
            place.body_top,
            columns.center(k),
            above,
            "output",
            data_step=step,
            data_direction="forward" if stage.bidirectional else None,
        )
    if stage.bidirectional and not stage.return_sequences:
        draw_backward_output(group, stage, columns, place)


def draw_backward_output(group: ET.Element, stage: Stage, columns: Columns, place: Place) -> None:
    """A backward layer ends at step 1: its last output joins the forward one's above the last step."""
    x1, x2, y = columns.center(0), columns.center(columns.last), place.body_top - 5
    route = add(group, "g", class_="output", data_step=1, data_direction="backward")
    add(
        route,
        "path",
        d=f"M{number(x1)} {number(place.body_top)} V{number(y)} H{number(x2)}",
        fill="none",
        stroke=INK,
        stroke_width=1.4,
    )
    add(route, "circle", cx=x2, cy=y, r=2.8, fill=INK)


def draw_results(root: ET.Element, stage: Stage, layout: Layout) -> None:
    """What the model gives back: a box per output vector, with its size."""
    group = add(root, "g", class_="results")
    for result, _, _ in box_row(
        group, stage, layout.columns, layout.result_top, RESULT_H, "result", str(stage.size), "result"
    ):
        if not stage.sequence:
            result.attrib.pop("data-step", None)  # one vector, not one step's


# --- the first difference ------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """A stage as compared: Activation layers folded into the Dense before them."""

    stage: Stage
    activation: str | None

    @property
    def kind(self) -> str:
        return self.stage.kind if self.stage.kind != "band" else self.stage.layer


def parts_of(stages: list[Stage], regularisers: bool = False) -> list[Part]:
    """The stages that matter to the comparison; Dropout and the like only in a last pass."""
    parts: list[Part] = []
    for stage in stages[1:]:
        if stage.layer in REGULARISERS and not regularisers:
            continue
        if stage.layer in ACTIVATION_LAYERS and parts and parts[-1].kind in ("dense", "dense_steps"):
            parts[-1] = replace(parts[-1], activation=stage.activation)
            continue
        parts.append(Part(stage, stage.activation))
    return parts


def input_difference(learner: list[Stage], expected: list[Stage]) -> Difference | None:
    mine, theirs = learner[0], expected[0]
    if mine.shape[1:] == theirs.shape[1:]:
        return None
    message = f"Your model reads {input_brief(mine)}; the task's reads {input_brief(theirs)}."
    if mine.sequence and theirs.sequence and (mine.steps, mine.size) == (theirs.size, theirs.steps):
        message += " Time steps come first in input_shape, then features."
    return Difference(0, 0, message)


def stack_difference(learner: list[Stage], expected: list[Stage]) -> Difference | None:
    """A missing or an extra recurrent layer, the one mistake that reshapes the whole drawing."""
    mine = [s for s in learner if s.kind == "recurrent"]
    theirs = [s for s in expected if s.kind == "recurrent"]
    if len(mine) == len(theirs):
        return None
    if not mine:
        message = (
            "Your model has no recurrent layer, so nothing passes a state from step to step; "
            f"the task's starts with {theirs[0].title}."
        )
        return Difference(min(1, len(learner) - 1), theirs[0].index, message)
    plural = "s" if len(mine) > 1 else ""
    verb = "stacks" if len(theirs) > 1 else "has"
    message = (
        f"Your model has {count_word(len(mine))} recurrent layer{plural}; the task's {verb} {count_word(len(theirs))}"
    )
    if len(mine) < len(theirs):
        missing = theirs[len(mine)]
        where = f"the {ordinal(len(mine) + 1)}, {missing.title}, is missing above this one"
        return Difference(mine[-1].index, missing.index, f"{message}: {where}.")
    extra = mine[len(theirs)]
    there = theirs[-1].index if theirs else min(1, len(expected) - 1)
    return Difference(extra.index, there, f"{message}: this {extra.title} is one too many.")


def walk_difference(
    mine: list[Part], theirs: list[Part], learner: list[Stage], expected: list[Stage]
) -> Difference | None:
    """Walks both models up from the input; layers that one model lacks are told as missing or extra."""
    i = j = 0
    while i < len(mine) and j < len(theirs):
        a, b = mine[i], theirs[j]
        if a.kind == b.kind:
            message = part_difference(a, b, mine)
            if message:
                return Difference(a.stage.index, b.stage.index, message)
            i, j = i + 1, j + 1
        elif b.kind not in {p.kind for p in mine[i:]}:
            message = f"Before your {a.stage.title}, the task's model has {b.stage.title}; yours does not."
            return Difference(a.stage.index, b.stage.index, message)
        elif a.kind not in {p.kind for p in theirs[j:]}:
            message = (
                f"Here your model has {a.stage.title}, which the task's model does not have; "
                f"at this point the task's has {b.stage.title}."
            )
            return Difference(a.stage.index, b.stage.index, message)
        else:
            message = f"Here your model has {a.stage.title}; the task's has {b.stage.title}."
            return Difference(a.stage.index, b.stage.index, message)
    if j < len(theirs):
        return missing_on_top(theirs[j], learner)
    if i < len(mine):
        last = expected[-1]
        message = f"Your model adds {mine[i].stage.title} on top; the task's ends with {last.title}."
        return Difference(mine[i].stage.index, last.index, message)
    return None


def missing_on_top(part: Part, learner: list[Stage]) -> Difference:
    top = learner[-1]
    ends = "Your model ends with its input" if top.index == 0 else f"Your model ends with {top.title}"
    if part.kind == "dense":
        goes_on = f"adds a {part.stage.title} head on top"
    elif part.kind == "dense_steps":
        goes_on = f"applies {part.stage.title} at every step on top"
    else:
        goes_on = f"goes on with {part.stage.title}"
    return Difference(top.index, part.stage.index, f"{ends}; the task's {goes_on}.")


def part_difference(mine: Part, theirs: Part, all_mine: list[Part]) -> str | None:
    if mine.kind == "recurrent":
        found = recurrent_difference(mine.stage, theirs.stage, subject(mine, all_mine))
    elif mine.kind in ("dense", "dense_steps"):
        found = dense_difference(mine, theirs, subject(mine, all_mine))
    else:
        found = (
            None
            if mine.stage.title == theirs.stage.title
            else (f"Here your model has {mine.stage.title}; the task's has {theirs.stage.title}.")
        )
    return found or parameter_difference(mine.stage, theirs.stage, subject(mine, all_mine))


def subject(part: Part, parts: list[Part]) -> str:
    """How the message names the learner's layer: "your SimpleRNN", "your second SimpleRNN"."""
    stage = part.stage
    if part.kind == "recurrent":
        same = [p for p in parts if p.kind == "recurrent"]
        kind = f"Bidirectional {stage.cell}" if stage.bidirectional else stage.cell
    else:
        same = [p for p in parts if p.kind == part.kind]
        kind = {"dense": "Dense head", "dense_steps": "Dense layer"}.get(part.kind, f"{stage.layer} layer")
    rank = f"{ordinal(same.index(part) + 1)} " if len(same) > 1 and part in same else ""
    return f"your {rank}{kind}"


def article(cell: str) -> str:
    return "an" if cell == "LSTM" else "a"


def recurrent_difference(mine: Stage, theirs: Stage, who: str) -> str | None:
    if mine.cell != theirs.cell:
        who = who.replace(f"Bidirectional {mine.cell}", "Bidirectional layer").replace(mine.cell, "recurrent layer")
        return f"Here {who} is {article(mine.cell)} {mine.cell}; the task's is {article(theirs.cell)} {theirs.cell}."
    if mine.bidirectional != theirs.bidirectional:
        if mine.bidirectional:
            return f"Here {who} reads the steps both ways (Bidirectional); the task's reads them forwards only."
        return f"Here {who} reads the steps forwards only; the task's wraps it in Bidirectional to read them both ways."
    if mine.units != theirs.units:
        return f"Here {who} passes a hidden state of {mine.units}; the task's passes {theirs.units}."
    if mine.return_sequences != theirs.return_sequences:
        if theirs.return_sequences:
            return f"Here {who} returns only its last step; the task's returns every step (return_sequences=True)."
        return f"Here {who} returns every step; the task's returns only its last step."
    if mine.return_state != theirs.return_state:
        states = "states" if len(theirs.lanes) > 1 else "state"
        if theirs.return_state:
            them = "them" if len(theirs.lanes) > 1 else "it"
            return f"Here {who} does not return its final {states}; the task's returns {them} too (return_state=True)."
        return f"Here {who} also returns its final {states} (return_state=True); the task's does not."
    if mine.merge != theirs.merge:
        return f"Here {who} {merge_verb(mine)}; the task's {merge_verb(theirs)}."
    return None


def dense_difference(mine: Part, theirs: Part, who: str) -> str | None:
    if mine.stage.wrapped != theirs.stage.wrapped:
        if theirs.stage.wrapped:
            return (
                f"Here {who} is not wrapped in TimeDistributed; the task's applies {theirs.stage.title} at every step."
            )
        return f"Here {who} is wrapped in TimeDistributed; the task's is a plain {theirs.stage.title}."
    if mine.stage.units != theirs.stage.units:
        return f"Here {who} has {mine.stage.units} units; the task's has {theirs.stage.units}."
    if (mine.activation or "linear") != (theirs.activation or "linear"):
        return f"Here {who} uses {activation_words(mine.activation)}; the task's uses {activation_words(theirs.activation)}."
    return None


def parameter_difference(mine: Stage, theirs: Stage, who: str) -> str | None:
    """Same layer, other weights (a bias left out): the parameter count is what tells."""
    if mine.params is None or theirs.params is None or mine.params == theirs.params:
        return None
    return f"Here {who} has {mine.params} parameters; the task's has {theirs.params}."
