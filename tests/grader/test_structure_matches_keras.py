"""The trusted shape and parameter inference agrees with Keras itself, layer by layer.

Each model is built here with the real Keras, serialized exactly as the sandbox serializes it,
and read back by grader.structure; output shapes and parameter counts must be Keras's own.
"""

import json
from pathlib import Path

import pytest

from grader import render_text
from grader.structure import facts_from_config
from grader_support import load_exercise, model_exercise_folders

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
keras = pytest.importorskip("keras")
L = keras.layers


def sequential(*layers, shape=(3, 2)):
    return keras.Sequential([keras.Input(shape), *layers])


def functional_return_state():
    inputs = keras.Input((3, 2))
    outputs, hidden, cell = L.LSTM(4, return_state=True)(inputs)
    return keras.Model(inputs, [outputs, hidden, cell])


def functional_branches():
    inputs = keras.Input((3, 2))
    left = L.GRU(3, return_sequences=True)(inputs)
    right = L.SimpleRNN(5, return_sequences=True)(inputs)
    merged = L.Concatenate()([left, right])
    return keras.Model(inputs, L.TimeDistributed(L.Dense(2, activation="softmax"))(merged))


MODELS = {
    "gru-then-lstm": lambda: sequential(L.GRU(5, return_sequences=True), L.LSTM(3)),
    "gru-no-reset-after": lambda: sequential(L.GRU(5, reset_after=False)),
    "bidirectional-concat": lambda: sequential(L.Bidirectional(L.LSTM(4))),
    "bidirectional-sum": lambda: sequential(L.Bidirectional(L.SimpleRNN(4, return_sequences=True), merge_mode="sum")),
    "bidirectional-tagger": lambda: sequential(
        L.Bidirectional(L.GRU(3, return_sequences=True)), L.TimeDistributed(L.Dense(2))
    ),
    "three-stacked": lambda: sequential(*(L.SimpleRNN(4, return_sequences=True) for _ in range(2)), L.SimpleRNN(4)),
    "dense-on-sequence": lambda: sequential(L.SimpleRNN(4, return_sequences=True), L.Dense(3, use_bias=False)),
    "repeat-vector": lambda: sequential(L.LSTM(4), L.RepeatVector(3), L.LSTM(2, return_sequences=True)),
    "flatten-dropout": lambda: sequential(
        L.SimpleRNN(4, return_sequences=True), L.Dropout(0.1), L.Flatten(), L.Dense(1)
    ),
    "masking": lambda: sequential(L.Masking(0.0), L.SimpleRNN(4)),
    "return-state": functional_return_state,
    "functional-branches": functional_branches,
    "embedding": lambda: sequential(L.Embedding(10, 2), L.SimpleRNN(4), shape=(3,)),
    "rnn-over-cells": lambda: sequential(
        L.RNN(L.SimpleRNNCell(4), return_sequences=True),
        L.RNN(L.GRUCell(3), return_sequences=True),
        L.RNN(L.LSTMCell(2)),
    ),
    "bidirectional-rnn-cell": lambda: sequential(L.Bidirectional(L.RNN(L.GRUCell(3, reset_after=False)))),
    "global-poolings": lambda: sequential(
        L.SimpleRNN(4, return_sequences=True), L.GlobalMaxPooling1D(keepdims=True), L.GlobalAveragePooling1D()
    ),
    "pooling-channels-first": lambda: sequential(
        L.GRU(4, return_sequences=True), L.GlobalAveragePooling1D("channels_first")
    ),
}


def keras_facts(model, batch: int) -> tuple[list, list, int]:
    def concrete(shape):
        return [batch if d is None else d for d in shape]

    per_layer = []
    for layer in model.layers:
        if isinstance(layer, L.InputLayer):
            continue
        outputs = layer.output if isinstance(layer.output, (list, tuple)) else [layer.output]
        per_layer.append(([concrete(o.shape) for o in outputs], layer.count_params()))
    return per_layer, [concrete(o.shape) for o in model.outputs], model.count_params()


def reference_models() -> dict:
    """Every exercise's reference model, on its canonical variant and, with parameters, on variant 1."""
    found = {}
    for folder_path in model_exercise_folders():
        path = folder_path / "solution.py"
        folder = load_exercise(folder_path)
        variants = {"": folder.template.defaults}
        if folder.template.has_parameters:
            variants[":variant-1"] = folder.template.values(str(folder.uuid), 1)
        for suffix, values in variants.items():
            namespace = {}
            code = render_text(folder.solution_code, values)
            exec(compile(code, str(path), "exec"), namespace)  # noqa: S102 - our own reference code
            found[path.parent.name + suffix] = lambda model=namespace["model"]: model
    return found


@pytest.mark.parametrize("name", [*MODELS, *reference_models()])
def test_shapes_and_parameter_counts_are_keras_own(name):
    model = {**MODELS, **reference_models()}[name]()
    input_shape = [1, *model.inputs[0].shape[1:]]
    described = json.loads(json.dumps(keras.saving.serialize_keras_object(model)))  # as the harness sends it
    facts = facts_from_config(described, tuple(input_shape))
    per_layer, outputs, total = keras_facts(model, batch=1)
    assert [(layer["output_shapes"], layer["params"]) for layer in facts.layers] == per_layer
    assert facts.outputs == outputs
    assert facts.parameter_count == total
