"""Every exercise of the repository drawn from its reference model, and its known wrong answers compared.

What each drawing must show is derived from the model's own facts (steps, units, which steps
emit, shapes), never written per exercise; only the expected wording of the mistakes is.
"""

import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_drawing import facts, marked, parsed, shapes, stage, steps_of, words

from grader import render_text
from grader.drawing import compare, draw_model, first_difference
from grader.facts import format_shape
from grader.structure import RECURRENT
from grader_support import load_exercise, model_exercise_folders

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def exercise_variants() -> dict[str, tuple]:
    """Each exercise's folder with its canonical values and, with parameters, those of variant 1."""
    found = {}
    for path in model_exercise_folders():
        folder = load_exercise(path)
        found[folder.slug] = (folder, folder.template.defaults)
        if folder.template.has_parameters:
            found[f"{folder.slug}:variant-1"] = (folder, folder.template.values(str(folder.uuid), 1))
    return found


VARIANTS = exercise_variants()


def built(code: str, values: dict, where: str) -> tuple[list[dict], list[int]] | None:
    """The layer facts of the model some exercise code builds; None when it builds none (a wrong answer)."""
    namespace: dict = {}
    try:
        with warnings.catch_warnings():  # Keras frowns on the guide's `input_shape=`; the exercises use it on purpose
            warnings.simplefilter("ignore")
            exec(compile(render_text(code, values), where, "exec"), namespace)  # noqa: S102 - the repository's own code
        return facts(namespace["model"])
    except (Exception, SystemExit):
        return None


def reference(name: str) -> tuple[list[dict], list[int]]:
    folder, values = VARIANTS[name]
    found = built(folder.solution_code, values, f"{folder.slug}/solution.py")
    assert found is not None, f"{name}: the reference builds no model"
    return found


def wrong_answer(slug: str, wrong: str) -> tuple[list[dict], list[int]] | None:
    folder, values = VARIANTS[slug]
    answer = next(w for w in folder.known_wrong if w.name == wrong)
    return built(answer.code, values, f"{slug}/wrong/{wrong}.py")


def drawn_steps(steps: int) -> list[int]:
    return list(range(1, steps + 1)) if steps <= 6 else [1, 2, steps - 1, steps]


def inner(layer: dict) -> dict:
    return layer["wrapped"] if layer["class"] in ("Bidirectional", "TimeDistributed") else layer


def check_recurrent(group: ET.Element, layer: dict, steps: int) -> None:
    cell, bidirectional = inner(layer), layer["class"] == "Bidirectional"
    shown = drawn_steps(steps)
    rows = marked(group, "row")
    assert len(rows) == (2 if bidirectional else 1)
    assert all(steps_of(marked(row, "block")) == shown for row in rows)
    lanes = ["h", "c"] if cell["class"] == "LSTM" else ["h"]
    assert set(words(group, "state-label")) == {f"{lane}: {cell['units']}" for lane in lanes}
    emitted = shown if cell["return_sequences"] else [steps] + ([1] if bidirectional else [])
    assert sorted(steps_of(marked(group, "output"))) == sorted(emitted)
    finals = marked(group, "final-state")
    assert len(finals) == (len(lanes) * len(rows) if cell["return_state"] else 0)
    assert all(words(final) == [f"{final.get('data-state')}: {cell['units']}"] for final in finals)


@pytest.mark.parametrize("name", VARIANTS)
def test_every_reference_model_is_drawn_as_its_facts_say(name):
    layers, input_shape = reference(name)
    drawing = draw_model(layers, input_shape)
    root = parsed(drawing.svg)
    steps, shown = input_shape[1], drawn_steps(input_shape[1])
    assert drawing.steps == steps
    assert steps_of(marked(stage(root, 0), "block")) == shown
    assert shapes(root) == {0: format_shape(input_shape)} | {
        i: format_shape(layer["output_shape"]) for i, layer in enumerate(layers, 1)
    }
    for index, layer in enumerate(layers, 1):
        group = stage(root, index)
        assert group.get("data-layer") == layer["class"]
        assert inner(layer)["class"] in " ".join(words(group, "header"))  # under the blocks, or inside a band
        if inner(layer)["class"] in RECURRENT:
            check_recurrent(group, layer, steps)
        elif inner(layer)["class"] == "Dense":
            per_step = len(layer["output_shape"]) == 3
            assert steps_of(marked(group, "block")) == shown if per_step else len(marked(group, "block")) == 1
    assert [row["output_shape"] for row in drawing.table] == [
        ", ".join(format_shape(s) for s in layer["output_shapes"]) for layer in layers
    ]
    assert len(drawing.text) == len(layers) + 1


@pytest.mark.parametrize("name", VARIANTS)
def test_the_reference_against_itself_has_no_difference(name):
    layers, input_shape = reference(name)
    assert first_difference(layers, layers, input_shape) is None


# (exercise, known wrong answer, learner's stage, task's stage, the message or a part of it)
MISTAKES = [
    (
        "multiple-output",
        "missing_return_sequences",
        1,
        1,
        "Here your SimpleRNN returns only its last step; the task's returns every step (return_sequences=True).",
    ),
    ("lstm-sequence", "missing_return_sequences", 1, 1, "Here your LSTM returns only its last step"),
    (
        "stacked-rnn",
        "single_layer",
        1,
        2,
        "Your model has one recurrent layer; the task's stacks two: the second, SimpleRNN(4), is missing above this one.",
    ),
    (
        "stacked-rnn",
        "single_layer_returning_sequences",
        1,
        2,
        "Your model has one recurrent layer; the task's stacks two",
    ),
    ("three-stacked", "two_layers", 2, 3, "Your model has two recurrent layers; the task's stacks three"),
    ("three-stacked", "second_layer_eight_units", 2, 2, "Here your second SimpleRNN passes a hidden state of 8"),
    ("single-output", "eight_units", 1, 1, "Here your SimpleRNN passes a hidden state of 8; the task's passes 4."),
    ("multiple-output", "units_as_steps", 1, 1, "passes a hidden state of 3; the task's passes 4."),
    (
        "multiple-output",
        "dense_only",
        1,
        1,
        "Your model has no recurrent layer, so nothing passes a state from step to step; "
        "the task's starts with SimpleRNN(4, return_sequences=True).",
    ),
    (
        "time-distributed",
        "dense_not_wrapped",
        2,
        2,
        "Here your Dense layer is not wrapped in TimeDistributed; the task's applies "
        "TimeDistributed(Dense(4, activation='softmax')) at every step.",
    ),
    ("many-to-one-vs-many-to-many", "dense_not_wrapped", 2, 2, "is not wrapped in TimeDistributed"),
    ("many-to-one-vs-many-to-many", "many_to_one", 1, 1, "Here your GRU returns only its last step"),
    (
        "time-distributed",
        "no_softmax",
        2,
        2,
        "Here your Dense layer uses no activation (linear); the task's uses softmax.",
    ),
    ("bidirectional-tagger", "no_softmax", 2, 2, "uses no activation (linear); the task's uses softmax."),
    ("sentiment-head", "no_head", 1, 2, "Your model ends with SimpleRNN(4); the task's adds a Dense(1) head on top."),
    ("single-output", "extra_dense_head", 2, 1, "Your model adds Dense(1) on top; the task's ends with SimpleRNN(4)."),
    ("lstm-sequence", "gru_instead", 1, 1, "Here your recurrent layer is a GRU; the task's is an LSTM."),
    ("gru-encoder", "lstm_instead", 1, 1, "Here your recurrent layer is an LSTM; the task's is a GRU."),
    ("bidirectional-lstm", "eight_unit_lstm", 1, 1, "Here your LSTM reads the steps forwards only"),
    ("bidirectional-lstm", "merge_sum", 1, 1, "merges its two directions element-wise, giving 4"),
    ("lstm-final-states", "no_return_state", 1, 1, "Here your LSTM does not return its final states"),
    ("multiple-output", "swapped_input_shape", 0, 0, "Time steps come first in input_shape, then features."),
    ("masking-variable-length", "no_masking", 1, 1, "Before your SimpleRNN(4), the task's model has Masking"),
    ("count-the-parameters", "no_bias", 1, 1, "Here your SimpleRNN has 24 parameters; the task's has 28."),
]


@pytest.mark.parametrize(("slug", "wrong", "learner_stage", "expected_stage", "message"), MISTAKES)
def test_a_common_mistake_is_highlighted_where_it_happens(slug, wrong, learner_stage, expected_stage, message):
    (mine, input_shape), (theirs, _) = wrong_answer(slug, wrong), reference(slug)
    found = first_difference(mine, theirs, input_shape)
    assert (found.learner_stage, found.expected_stage) == (learner_stage, expected_stage)
    assert message in found.message
    learner, expected, _ = compare(mine, theirs, input_shape)
    for drawing, index in ((learner, learner_stage), (expected, expected_stage)):
        root = parsed(drawing.svg)
        assert [g.get("data-stage") for g in root.iter() if g.get("class") == "stage diff"] == [str(index)]
    assert words(stage(parsed(learner.svg), learner_stage), "diff-label") == [found.message]


# Its layers are the reference's own: it leaves the states out of the model's outputs,
# which the layer facts do not hold.
SAME_LAYERS = {("lstm-final-states", "only_the_output")}


@pytest.mark.parametrize("slug", [name for name in VARIANTS if ":" not in name])
def test_every_known_wrong_answer_that_builds_is_told_apart_from_the_reference(slug):
    folder, _ = VARIANTS[slug]
    theirs, _ = reference(slug)
    models = {w.name: wrong_answer(slug, w.name) for w in folder.known_wrong}
    alike = {name for name, found in models.items() if found and first_difference(found[0], theirs, found[1]) is None}
    assert alike == {wrong for exercise, wrong in SAME_LAYERS if exercise == slug}
    assert any(models.values()), "no wrong answer of this exercise builds a model"
