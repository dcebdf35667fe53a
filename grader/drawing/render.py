"""A model's drawing (SVG, words and table) and two models compared: what the rest of Unroll calls."""

from dataclasses import dataclass

from grader.drawing.difference import Difference, first_difference
from grader.drawing.layout import elided_range, plan
from grader.drawing.stages import Undrawable, clean, read_stages
from grader.drawing.svg import svg_of
from grader.drawing.words import sentence, table_of


@dataclass(frozen=True)
class Drawing:
    svg: str | None  # None when the model cannot be drawn (then show the table)
    text: list[str]  # the same content in words, one sentence per stage, for screen readers
    table: list[dict]  # [{"layer": "LSTM(4, return_sequences=True)", "output_shape": "(1, 3, 4)"}, ...]
    steps: int | None  # time steps of the input


def draw_model(
    layers: list[dict], input_shape: list[int], *, highlight: int | None = None, label: str = "", caption: str = ""
) -> Drawing:
    """The drawing of one model; `highlight` outlines that stage (0 = input, n = the n-th layer)."""
    return render(layers, input_shape, highlight=highlight, label=label, caption=caption, note="It differs here.")


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
