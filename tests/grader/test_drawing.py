"""The model drawing: steps, outputs, state lanes, shapes and the difference, read back from the SVG.

Models are built with the real Keras and described by grader.structure exactly as a graded
submission is; each SVG is parsed with an XML parser and its marked groups are counted.
"""

import copy
import json
import random
import xml.etree.ElementTree as ET

import keras
import pytest
from keras import layers as L

from grader.drawing import Drawing, compare, draw_model, first_difference
from grader.structure import facts_from_config

SVG = "{http://www.w3.org/2000/svg}"
NS = {"svg": SVG[1:-1]}


# --- helpers -------------------------------------------------------------------------------


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - the drawing module's own output, parsed to be checked


def facts(model: keras.Model) -> tuple[list[dict], list[int]]:
    """The layer facts of a model, as the grader derives them from its serialized config."""
    input_shape = [1, *model.inputs[0].shape[1:]]
    config = json.loads(json.dumps(keras.saving.serialize_keras_object(model)))
    return facts_from_config(config, tuple(input_shape)).layers, input_shape


def sequential(*layers, shape=(3, 2)) -> tuple[list[dict], list[int]]:
    return facts(keras.Sequential([keras.Input(shape), *layers]))


def drawn(*layers, shape=(3, 2), **options) -> tuple[Drawing, ET.Element]:
    layer_facts, input_shape = sequential(*layers, shape=shape)
    drawing = draw_model(layer_facts, input_shape, **options)
    return drawing, parsed(drawing.svg)


def stage(root: ET.Element, index: int) -> ET.Element:
    found = root.find(f".//svg:g[@data-stage='{index}']", NS)
    assert found is not None, f"no stage {index}"
    return found


def marked(element: ET.Element, kind: str, **attributes) -> list[ET.Element]:
    """Groups of one class (`block`, `output`, `elided`...), optionally filtered by data attributes."""
    found = element.findall(f".//svg:g[@class='{kind}']", NS)
    for name, value in attributes.items():
        found = [g for g in found if g.get(f"data-{name}") == value]
    return found


def steps_of(groups: list[ET.Element]) -> list[int]:
    return [int(g.get("data-step")) for g in groups]


def words(element: ET.Element, kind: str | None = None) -> list[str]:
    texts = element.iter(f"{SVG}text")
    return [" ".join(t.itertext()) for t in texts if kind is None or t.get("class") == kind]


def shapes(root: ET.Element) -> dict[int, str]:
    return {
        int(g.get("data-stage")): g.find("svg:text[@class='shape']", NS).get("data-shape")
        for g in root.findall(".//svg:g[@data-stage]", NS)
    }


# --- what is drawn -------------------------------------------------------------------------


def test_a_single_output_rnn_is_unrolled_and_emits_only_from_its_last_block():
    drawing, root = drawn(L.SimpleRNN(4))
    assert drawing.steps == 3
    assert steps_of(marked(stage(root, 0), "block")) == [1, 2, 3]
    rnn = stage(root, 1)
    assert rnn.get("data-layer") == "SimpleRNN"
    assert steps_of(marked(rnn, "block")) == [1, 2, 3]
    assert steps_of(marked(rnn, "output")) == [3]
    assert words(rnn, "state-label") == ["h: 4", "h: 4"]
    assert "0" in words(marked(rnn, "zero")[0])
    assert shapes(root) == {0: "(1, 3, 2)", 1: "(1, 4)"}
    assert drawing.table == [{"layer": "SimpleRNN(4)", "output_shape": "(1, 4)"}]


def test_return_sequences_emits_an_output_at_every_step():
    drawing, root = drawn(L.SimpleRNN(4, return_sequences=True))
    assert steps_of(marked(stage(root, 1), "output")) == [1, 2, 3]
    assert shapes(root)[1] == "(1, 3, 4)"
    assert "SimpleRNN(4, return_sequences=True)" in " ".join(words(stage(root, 1), "header"))
    assert "it outputs at every step, shape (1, 3, 4)" in drawing.text[1]


def test_an_lstm_passes_two_state_lanes_h_and_c():
    _, root = drawn(L.LSTM(5))
    lstm = stage(root, 1)
    assert sorted(words(lstm, "state-label")) == ["c: 5", "c: 5", "h: 5", "h: 5"]
    assert sorted(g.get("data-state") for g in marked(lstm, "zero")) == ["c", "h"]


def arrow_ends(group: ET.Element) -> tuple[float, float]:
    """Where a horizontal arrow starts and where its head points."""
    line = group.find("svg:line", NS)
    tip = group.find("svg:path", NS).get("d").split()[0]
    return float(line.get("x1")), float(tip[1:])


def test_bidirectional_draws_a_forward_row_and_a_backward_row_reading_right_to_left():
    drawing, root = drawn(L.Bidirectional(L.GRU(4, return_sequences=True)))
    layer = stage(root, 1)
    assert layer.get("data-layer") == "Bidirectional" and layer.get("data-wrapped") == "GRU"
    forward, backward = marked(layer, "row", direction="forward")[0], marked(layer, "row", direction="backward")[0]
    assert steps_of(marked(forward, "block")) == steps_of(marked(backward, "block")) == [1, 2, 3]
    assert all(start < end for start, end in map(arrow_ends, marked(forward, "state")))
    assert all(start > end for start, end in map(arrow_ends, marked(backward, "state")))
    blocks_right = max(float(r.get("x")) for r in backward.iter(f"{SVG}rect"))
    assert float(marked(backward, "zero")[0].find("svg:text", NS).get("x")) > blocks_right
    assert steps_of(marked(layer, "output")) == [1, 2, 3]
    assert shapes(root)[1] == "(1, 3, 8)"
    assert "concatenated: 8" in " ".join(words(layer, "header"))
    assert "concatenated" in drawing.text[1]


def test_a_bidirectional_layer_without_sequences_merges_the_forward_last_step_with_the_backward_first():
    _, root = drawn(L.Bidirectional(L.LSTM(4)))
    outputs = marked(stage(root, 1), "output")
    assert {(g.get("data-direction"), g.get("data-step")) for g in outputs} == {("forward", "3"), ("backward", "1")}


def test_return_state_sends_the_final_states_out_to_the_side():
    inputs = keras.Input((3, 2))
    outputs, hidden, cell = L.LSTM(4, return_state=True)(inputs)
    layer_facts, input_shape = facts(keras.Model(inputs, [outputs, hidden, cell]))
    drawing = draw_model(layer_facts, input_shape)
    lstm = stage(parsed(drawing.svg), 1)
    finals = marked(lstm, "final-state")
    assert sorted(g.get("data-state") for g in finals) == ["c", "h"]
    assert sorted("".join(words(g)) for g in finals) == ["c: 4", "h: 4"]
    assert words(lstm, "shape") == ["(1, 4) · final h and c: (1, 4) each"]
    assert "final states h and c" in drawing.text[1]


def test_long_sequences_draw_the_first_two_and_the_last_two_steps():
    drawing, root = drawn(L.GRU(4, return_sequences=True), shape=(20, 2))
    assert drawing.steps == 20
    for index in (0, 1):
        assert steps_of(marked(stage(root, index), "block")) == [1, 2, 19, 20]
        assert [g.get("data-steps") for g in marked(stage(root, index), "elided")] == ["3-18"]
    assert steps_of(marked(stage(root, 1), "output")) == [1, 2, 19, 20]
    assert "(steps 3 to 18 elided)" in drawing.text[0]
    assert words(root, "step-label") == ["x1", "x2", "x19", "x20"]


@pytest.mark.parametrize(("steps", "drawn_steps"), [(6, [1, 2, 3, 4, 5, 6]), (7, [1, 2, 6, 7])])
def test_six_steps_are_drawn_in_full_and_seven_are_elided(steps, drawn_steps):
    _, root = drawn(L.SimpleRNN(4), shape=(steps, 2))
    assert steps_of(marked(stage(root, 1), "block")) == drawn_steps
    assert steps_of(marked(stage(root, 1), "output")) == [steps]


def test_stacked_layers_stand_one_above_the_other():
    _, root = drawn(L.SimpleRNN(4, return_sequences=True), L.SimpleRNN(3))

    def top(index):
        return min(float(r.get("y")) for r in marked(stage(root, index), "block")[0].iter(f"{SVG}rect"))

    assert top(2) < top(1) < top(0)
    assert steps_of(marked(stage(root, 1), "output")) == [1, 2, 3]
    assert steps_of(marked(stage(root, 2), "output")) == [3]
    assert words(stage(root, 2), "state-label") == ["h: 3", "h: 3"]


def test_time_distributed_dense_is_a_dense_block_at_every_step_and_a_head_is_one_block():
    _, root = drawn(L.LSTM(4, return_sequences=True), L.TimeDistributed(L.Dense(3, activation="softmax")))
    assert steps_of(marked(stage(root, 2), "block")) == [1, 2, 3]
    assert stage(root, 2).get("data-wrapped") == "Dense"
    assert "TimeDistributed(Dense(3, activation='softmax'))" in " ".join(words(stage(root, 2), "header"))
    _, root = drawn(L.SimpleRNN(4), L.Dense(1))
    head = stage(root, 2)
    assert len(marked(head, "block")) == 1 and marked(head, "block")[0].get("data-step") is None
    assert shapes(root)[2] == "(1, 1)"


def test_other_layers_are_thin_labelled_bands():
    drawing, root = drawn(L.Masking(0.0), L.SimpleRNN(4, return_sequences=True), L.Dropout(0.2), shape=(5, 2))
    for index, name in ((1, "Masking"), (3, "Dropout")):
        band = stage(root, index)
        assert band.get("data-layer") == name
        assert band.find(".//svg:rect[@class='band']", NS) is not None
        assert name in words(band)
    assert [row["layer"] for row in drawing.table] == ["Masking", "SimpleRNN(4, return_sequences=True)", "Dropout"]


def test_flatten_gathers_the_steps_into_one_vector_and_repeat_vector_spreads_one_over_the_steps():
    _, root = drawn(L.SimpleRNN(4, return_sequences=True), L.Flatten(), L.RepeatVector(3), L.GRU(2))
    assert len(marked(stage(root, 2), "output")) == 1
    assert len(marked(stage(root, 3), "output")) == 3
    assert shapes(root) == {0: "(1, 3, 2)", 1: "(1, 3, 4)", 2: "(1, 12)", 3: "(1, 3, 12)", 4: "(1, 2)"}


def test_a_model_reading_one_vector_is_drawn_as_a_single_column():
    drawing, root = drawn(L.Dense(8, activation="relu"), L.Dense(1), shape=(6,))
    assert drawing.steps is None
    assert [len(marked(stage(root, i), "block")) for i in (0, 1, 2)] == [1, 1, 1]
    assert drawing.text[0] == "Input (1, 6): one vector of 6 features."


def test_an_embedding_reads_integer_ids():
    drawing, root = drawn(L.Embedding(10, 2), L.SimpleRNN(4), shape=(3,))
    assert words(marked(stage(root, 0), "block")[0]) == ["id", "x1"]
    assert shapes(root) == {0: "(1, 3)", 1: "(1, 3, 2)", 2: "(1, 4)"}
    assert "one integer id each" in drawing.text[0]


def test_the_text_says_each_stage_in_words():
    drawing, root = drawn(L.SimpleRNN(4, return_sequences=True), L.TimeDistributed(L.Dense(4, activation="softmax")))
    assert len(drawing.text) == 3
    assert drawing.text[0] == "Input (1, 3, 2): 3 time steps, 2 features each."
    assert drawing.text[1].startswith("Layer 1, SimpleRNN(4, return_sequences=True): unrolled over 3 steps")
    assert "applied at every step, shape (1, 3, 4)" in drawing.text[2]
    assert root.find("svg:desc", NS).text == " ".join(drawing.text)


# --- what cannot be drawn ------------------------------------------------------------------


def branching_model() -> keras.Model:
    inputs = keras.Input((3, 2))
    left = L.GRU(3, return_sequences=True)(inputs)
    right = L.SimpleRNN(5, return_sequences=True)(inputs)
    return keras.Model(inputs, L.TimeDistributed(L.Dense(2))(L.Concatenate()([left, right])))


def test_a_branching_functional_model_gets_a_table_and_words_instead_of_a_drawing():
    layer_facts, input_shape = facts(branching_model())
    drawing = draw_model(layer_facts, input_shape)
    assert drawing.svg is None
    assert [row["layer"] for row in drawing.table] == [
        "GRU(3, return_sequences=True)",
        "SimpleRNN(5, return_sequences=True)",
        "Concatenate",
        "TimeDistributed(Dense(2))",
    ]
    assert drawing.table[2]["output_shape"] == "(1, 3, 8)"
    assert drawing.text[0].startswith("This model cannot be drawn step by step: layer 2 does not read")
    assert first_difference(layer_facts, layer_facts, input_shape) is None


def mutations(layer_facts: list[dict], rng: random.Random):
    """Real layer facts with one part broken at random: wrong types, missing keys, odd numbers."""
    odd_values = [None, 0, -1, 2**40, True, "x", "<b>", [], {}, [1], [[1, 3]], [1, "a"], 3.5, {"class": "LSTM"}]
    for _ in range(400):
        broken = copy.deepcopy(layer_facts)
        for _ in range(rng.randint(1, 3)):
            dicts = [layer for layer in broken if isinstance(layer, dict)]
            if dicts and rng.random() < 0.85:
                layer = rng.choice(dicts)
                inner = layer.get("wrapped")
                target = inner if isinstance(inner, dict) and rng.random() < 0.3 else layer
                key = rng.choice([*target.keys(), "extra"])
                target[key] = rng.choice(odd_values)
            else:
                broken = rng.choice([broken[:-1], broken * 2, [*broken, rng.choice(odd_values)], "layers", None])
            if not isinstance(broken, list):
                break
        yield broken


@pytest.mark.parametrize(
    "model",
    [
        lambda: sequential(L.Bidirectional(L.LSTM(4, return_sequences=True)), L.TimeDistributed(L.Dense(3))),
        lambda: sequential(L.Masking(0.0), L.GRU(4), L.Dense(1, activation="sigmoid")),
        lambda: facts(branching_model()),
    ],
)
def test_no_list_of_layer_facts_raises_and_every_svg_is_well_formed(model):
    layer_facts, input_shape = model()
    rng = random.Random(7)
    for broken in mutations(layer_facts, rng):
        shape = rng.choice([input_shape, input_shape, [1, 3], [1, 0, 2], "x", [1, 3, 2, 9]])
        drawing = draw_model(broken, shape, highlight=rng.choice([None, 0, 1, 9, -1]), label="<i>", caption="&")
        assert isinstance(drawing.table, list) and isinstance(drawing.text, list) and drawing.text
        assert drawing.svg is None or parsed(drawing.svg) is not None
        pair = rng.choice([(broken, layer_facts), (layer_facts, broken), (broken, broken)])
        learner, expected, difference = compare(*pair, shape)
        assert difference is None or isinstance(difference.message, str)
        assert all(side.svg is None or parsed(side.svg) is not None for side in (learner, expected))


def test_no_list_of_made_up_layer_dicts_raises():
    rng = random.Random(11)
    keys = ["class", "name", "units", "return_sequences", "return_state", "activation"]
    keys += ["input_shapes", "output_shape", "output_shapes", "params", "wrapped"]
    values = [None, 1, 4, -3, True, "LSTM", "Bidirectional", "TimeDistributed", "Dense", "Masking", "Add"]
    values += [[1, 3, 2], [1, 3, 4], [[1, 3, 2]], [[1, 3, 4]], [[1, 4]], {"class": "LSTM", "units": 4}, "\ud800\x00<"]
    drawn_count = 0
    for _ in range(3000):
        layers = [
            {key: rng.choice(values) for key in rng.sample(keys, rng.randint(0, len(keys)))}
            for _ in range(rng.randint(0, 4))
        ]
        drawing = draw_model(layers, rng.choice([[1, 3, 2], [1, 3], [1, 7, 2]]), highlight=rng.choice([None, 1]))
        if drawing.svg is not None:
            drawn_count += 1
            parsed(drawing.svg)
            drawing.svg.encode()  # no lone surrogate survives
        compare(layers, layers[::-1], [1, 3, 2])
    assert drawn_count > 100  # the made-up models are not all refused at the door


# --- the SVG itself ------------------------------------------------------------------------


def test_a_learner_layer_name_comes_out_inert():
    layer_facts, input_shape = sequential(L.SimpleRNN(4))
    layer_facts[0]["name"] = '<script>alert("x")</script>&\u202e\x00'
    drawing = draw_model(layer_facts, input_shape, label="<img src=x onerror=alert(1)>", caption="</svg>")
    assert "<script" not in drawing.svg and "<img" not in drawing.svg and "</svg>" not in drawing.svg[:-6]
    root = parsed(drawing.svg)
    assert not root.findall(".//svg:script", NS) and not root.findall(".//svg:img", NS)
    header = " ".join(words(stage(root, 1), "header"))
    assert '“<script>alert("x")</script>&”' in header
    assert "\u202e" not in drawing.svg and "\x00" not in drawing.svg
    assert '(named “<script>alert("x")</script>&”)' in drawing.text[1]


def test_the_svg_is_self_contained_and_scales_to_its_container():
    drawing, root = drawn(L.LSTM(4, return_sequences=True), L.TimeDistributed(L.Dense(2)), label="Your model")
    assert root.get("width") == "100%" and root.get("height") is None
    assert len(root.get("viewBox").split()) == 4
    assert root.get("role") == "img"
    assert root.get("font-family") == "system-ui, sans-serif"
    assert root.find("svg:title", NS).text == "Your model"
    assert root.find("svg:desc", NS).text.startswith("Input (1, 3, 2)")
    labelled_by = root.get("aria-labelledby").split()
    assert [root.find(f".//*[@id='{i}']", NS).tag for i in labelled_by] == [f"{SVG}title", f"{SVG}desc"]
    for forbidden in ("href", "<script", "<image", "url(", "@import", "<foreignObject", "<style"):
        assert forbidden not in drawing.svg


@pytest.mark.parametrize(
    "model",
    [
        lambda: sequential(L.SimpleRNN(4), shape=(3, 2)),
        lambda: sequential(L.LSTM(128, return_sequences=True), L.TimeDistributed(L.Dense(10)), shape=(6, 2)),
        lambda: facts(keras.Model(i := keras.Input((6, 3)), L.Bidirectional(L.LSTM(16, return_state=True))(i))),
        lambda: sequential(L.GRU(4, return_sequences=True), L.GRU(4), shape=(40, 2)),
    ],
)
def test_labels_stay_at_least_11_px_on_a_360_px_phone(model):
    layer_facts, input_shape = model()
    drawing = draw_model(layer_facts, input_shape, label="Your model", caption="A caption.")
    root = parsed(drawing.svg)
    scale = 360 / float(root.get("viewBox").split()[2])
    sizes = [float(t.get("font-size")) * scale for t in root.iter(f"{SVG}text")]
    assert sizes and min(sizes) >= 11


# --- differences ---------------------------------------------------------------------------


def difference(learner, expected, shape=(3, 2)):
    (mine, input_shape), (theirs, _) = sequential(*learner, shape=shape), sequential(*expected, shape=shape)
    return first_difference(mine, theirs, input_shape)


def test_the_same_model_has_no_difference():
    assert difference([L.SimpleRNN(4, return_sequences=True)], [L.SimpleRNN(4, return_sequences=True)]) is None


def test_an_activation_layer_counts_as_the_dense_layers_activation():
    learner = [L.SimpleRNN(4, return_sequences=True), L.TimeDistributed(L.Dense(4)), L.Activation("softmax")]
    expected = [L.SimpleRNN(4, return_sequences=True), L.TimeDistributed(L.Dense(4, activation="softmax"))]
    assert difference(learner, expected) is None


def test_a_dropout_is_told_only_when_nothing_else_differs():
    found = difference([L.GRU(4), L.Dropout(0.5), L.Dense(2)], [L.GRU(4), L.Dense(1)])
    assert (found.learner_stage, found.expected_stage) == (3, 2)
    assert "2 units; the task's has 1" in found.message
    found = difference([L.GRU(4), L.Dropout(0.5), L.Dense(1)], [L.GRU(4), L.Dense(1)])
    assert (found.learner_stage, found.expected_stage) == (2, 2)
    assert (
        found.message
        == "Here your model has Dropout, which the task's model does not have; at this point the task's has Dense(1)."
    )


def test_swapped_steps_and_features_are_the_first_difference():
    mine, input_shape = sequential(L.SimpleRNN(4), shape=(2, 3))
    theirs, _ = sequential(L.SimpleRNN(4), shape=(3, 2))
    found = first_difference(mine, theirs, input_shape)
    assert (found.learner_stage, found.expected_stage) == (0, 0)
    assert found.message == (
        "Your model reads 2 time steps of 3 features; the task's reads 3 time steps of 2 features. "
        "Time steps come first in input_shape, then features."
    )


def test_a_missing_masking_layer_is_named_before_the_layer_it_should_precede():
    found = difference([L.SimpleRNN(4)], [L.Masking(0.0), L.SimpleRNN(4)], shape=(5, 2))
    assert (found.learner_stage, found.expected_stage) == (1, 1)
    assert found.message == "Before your SimpleRNN(4), the task's model has Masking; yours does not."


def test_compare_outlines_the_difference_in_both_and_explains_it_in_the_learners():
    (mine, input_shape), (theirs, _) = sequential(L.GRU(4)), sequential(L.LSTM(4))
    learner, expected, found = compare(mine, theirs, input_shape)
    assert found.message == "Here your recurrent layer is a GRU; the task's is an LSTM."
    for drawing, label in ((learner, "Your model"), (expected, "The task's model")):
        root = parsed(drawing.svg)
        assert stage(root, 1).get("class") == "stage diff"
        assert stage(root, 0).get("class") == "stage"
        assert stage(root, 1).find("svg:rect[@class='diff-outline']", NS).get("stroke-dasharray")
        assert root.find("svg:title", NS).text == label
    note = " ".join(words(stage(parsed(learner.svg), 1), "diff-label"))
    assert note == "Here your recurrent layer is a GRU; the task's is an LSTM."
    assert learner.text[1].endswith("Highlighted: Here your recurrent layer is a GRU; the task's is an LSTM.")


def test_compare_without_a_difference_highlights_nothing():
    mine, input_shape = sequential(L.SimpleRNN(4))
    learner, expected, found = compare(mine, mine, input_shape)
    assert found is None
    assert "diff" not in learner.svg and "diff" not in expected.svg
