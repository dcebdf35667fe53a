"""A drawing's words: each stage in a sentence for screen readers, its shape label and header,
and the table that stands in for a model that cannot be drawn."""

from grader.drawing.stages import Stage, layer_title, valid_shape
from grader.structure import MAX_LAYERS
from grader.wording import and_join, count_word, format_shape


def activation_words(activation: str | None) -> str:
    return "no activation (linear)" if activation in (None, "linear") else activation


def state_names(stage: Stage) -> list[str]:
    if stage.bidirectional:
        return [f"{side} {lane}" for side in ("forward", "backward") for lane in reversed(stage.lanes)]
    return list(reversed(stage.lanes))  # Keras returns h before c


def shape_label(stage: Stage) -> str:
    """The shape written above a stage; a layer returning its states lists them too."""
    main = format_shape(stage.shape)
    extra = stage.shapes[1:]
    if not extra:
        return main
    names = state_names(stage) if stage.return_state else []
    if stage.bidirectional and len(names) == len(extra) and len(set(extra)) == 1:
        return f"{main} · {count_word(len(extra))} final states: {format_shape(extra[0])} each"
    if len(names) == len(extra) and len(set(extra)) == 1:
        each = " each" if len(extra) > 1 else ""
        return f"{main} · final {and_join(names)}: {format_shape(extra[0])}{each}"
    return f"{main} · also {', '.join(format_shape(s) for s in extra)}"


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
        return f"Input {format_shape(stage.shape)}: {input_words(stage, elided)}."
    named = f" (named “{stage.name}”)" if stage.name else ""
    return f"Layer {stage.index}, {stage.title}{named}: {what_it_does(stage)}."


def what_it_does(stage: Stage) -> str:
    shape = format_shape(stage.shape)
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
    shape = format_shape(stage.shape)
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
        return f"; it also returns its final state {names[0]}, {format_shape(stage.shapes[-1])}"
    return f"; it also returns its final states {and_join(names)}, {format_shape(stage.shapes[-1])} each"


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
    return ", ".join(format_shape(valid_shape(s)) if valid_shape(s) else "?" for s in shapes[:8])
