"""Mistakes learners make with the input, Keras 2's arguments, several tensors, TimeDistributed, layers
that change the shape, equivalent spellings and values that read oddly: each advice names the mistake
and its fix in the guide's words. Judged from what Keras itself raises, or from the real config of a
model Keras left unbuilt (so the trusted side finds the mistake from the description alone).
"""

import json
import re

import keras
import pytest
from keras import layers as L

from grader.checks import feedback_from, run_checks
from grader.diagnosis import exception_advice, structure_advice
from grader.spec import ExerciseSpec
from grader.structure import StructureError, facts_from_config
from grader.wording import without_internals

INTERNAL = re.compile(r"_v2\b|keras\.src|tensorflow\.python|NotEqual|\bAny\b|Traceback|__keras_tensor__")
SINGLE_OUTPUT = ExerciseSpec.from_dict(
    {
        "slug": "single-output",
        "input_shape": [1, 3, 2],
        "checks": [
            {"kind": "output_shape", "expected": [1, 4]},
            {"kind": "recurrent_layers", "expected": [{"type": "SimpleRNN", "units": 4, "return_sequences": False}]},
        ],
    }
)
MULTIPLE_OUTPUT = ExerciseSpec.from_dict(
    {
        "slug": "multiple-output",
        "input_shape": [1, 3, 2],
        "checks": [
            {"kind": "output_shape", "expected": [1, 3, 4]},
            {"kind": "recurrent_layers", "expected": [{"type": "SimpleRNN", "units": 4, "return_sequences": True}]},
        ],
    }
)
TAGGER = ExerciseSpec.from_dict(
    {
        "slug": "time-distributed",
        "input_shape": [1, 3, 2],
        "checks": [{"kind": "time_distributed", "units": 4, "activation": "softmax"}],
    }
)


def described(model) -> dict:
    return json.loads(json.dumps(keras.saving.serialize_keras_object(model)))  # as the harness sends it


def feedback(spec: ExerciseSpec, model) -> list[str]:
    messages = feedback_from(run_checks(facts_from_config(described(model), tuple(spec.input_shape)), spec))
    assert not any(INTERNAL.search(m) for m in messages), messages
    return messages


def refused(spec: ExerciseSpec, model) -> tuple[str, str]:
    with pytest.raises(StructureError) as raised:
        facts_from_config(described(model), tuple(spec.input_shape))
    verdict, message = structure_advice(raised.value, spec)
    assert not INTERNAL.search(message), message
    return verdict, message


def keras_refusal(build, spec: ExerciseSpec = MULTIPLE_OUTPUT, code: str = "") -> str:
    """The advice for the exception Keras itself raises while the learner's code builds the model."""
    with pytest.raises(Exception) as raised:
        build()
    report = {"status": "exception", "type": type(raised.value).__name__, "message": str(raised.value), "line": 5}
    message = exception_advice(report, spec, code)
    assert not INTERNAL.search(message), message
    return message


# --- the batch inside input_shape, and Keras 2's arguments ---------------------------------------


def test_the_batch_inside_input_shape_is_named_with_the_shape_to_write():
    message = keras_refusal(lambda: keras.Sequential([L.SimpleRNN(4, input_shape=(1, 3, 2), return_sequences=True)]))
    assert "leaves the batch out" in message and "write `input_shape=(3, 2)`" in message


def test_the_batch_inside_an_input_is_named_too():
    message = keras_refusal(lambda: keras.Sequential([keras.Input((1, 3, 2)), L.SimpleRNN(4)]))
    assert message.startswith("Your input shape holds the batch (line 5)")


def test_batch_input_shape_is_read_as_the_batch_it_holds():
    message = keras_refusal(lambda: L.SimpleRNN(4, batch_input_shape=(1, 3, 2)))
    assert "Keras 2's argument" in message and "a batch of 1 sentence of shape (3, 2)" in message
    assert "write `input_shape=(3, 2)`" in message


def test_input_dim_and_input_length_become_the_input_shape_they_mean():
    code = "SimpleRNN(4, input_dim=2, input_length=3)"
    message = keras_refusal(lambda: L.SimpleRNN(4, input_dim=2, input_length=3), code=code)
    assert "Keras 2's way" in message and "together mean `input_shape=(3, 2)`" in message


def test_input_dim_alone_is_not_taken_for_a_missing_return_sequences():
    code = "SimpleRNN(4, input_dim=2)"
    message = keras_refusal(lambda: keras.Sequential([L.SimpleRNN(4, input_dim=2)]), SINGLE_OUTPUT, code)
    assert "`input_dim=2`" in message and "write `input_shape=(3, 2)`" in message
    assert "return_sequences" not in message


def test_a_stack_missing_return_sequences_still_gets_its_own_advice():
    message = keras_refusal(lambda: keras.Sequential([keras.Input((3, 2)), L.SimpleRNN(4), L.SimpleRNN(4)]))
    assert "set `return_sequences=True`" in message


# --- several tensors: return_state in a Sequential -----------------------------------------------


def test_a_layer_returning_its_states_inside_a_sequential_is_told_to_use_the_functional_api():
    message = keras_refusal(
        lambda: keras.Sequential([keras.Input((3, 2)), L.SimpleRNN(4, return_state=True), L.Dense(1)])
    )
    assert "several tensors" in message and "functional API" in message and "drop `return_state`" in message


def test_the_same_model_left_unbuilt_gets_the_same_words():
    verdict, message = refused(SINGLE_OUTPUT, keras.Sequential([L.SimpleRNN(4, return_state=True), L.Dense(1)]))
    assert verdict == "runtime_error"
    assert message.startswith("Your SimpleRNN returns its states (`return_state=True`)")
    assert "functional API" in message


def test_states_at_the_end_of_a_sequential_are_the_models_outputs_as_in_keras():
    model = keras.Sequential([keras.Input((3, 2)), L.SimpleRNN(4, return_sequences=True, return_state=True)])
    facts = facts_from_config(described(model), (1, 3, 2))
    assert facts.outputs == [[1, 3, 4], [1, 4]]
    (message,) = feedback(MULTIPLE_OUTPUT, model)
    assert "returns 2 tensors" in message and "Drop `return_state`" in message


# --- TimeDistributed: a bare Dense is the same computation ---------------------------------------


def test_a_bare_dense_on_the_sequence_is_told_honestly_it_computes_the_same():
    model = keras.Sequential(
        [keras.Input((3, 2)), L.SimpleRNN(4, return_sequences=True), L.Dense(4, activation="softmax")]
    )
    message = feedback(TAGGER, model)[0]
    assert message.startswith("Your Dense layer is not wrapped in TimeDistributed")
    assert "the same computation" in message and "TimeDistributed(Dense(4, activation='softmax'))" in message


# --- layers that change the shape: Embedding, pooling, Flatten -----------------------------------


def test_an_embedding_on_words_already_embedded_is_named():
    message = keras_refusal(
        lambda: keras.Sequential([L.Embedding(10, 8, input_shape=(3, 2)), L.SimpleRNN(4)]), code="Embedding(10, 8)"
    )
    assert "an Embedding before it adds an axis" in message and "already a vector of 2 features" in message


def test_an_unbuilt_embedding_is_named_from_the_description():
    verdict, message = refused(SINGLE_OUTPUT, keras.Sequential([L.Embedding(10, 8), L.SimpleRNN(4)]))
    assert verdict == "runtime_error"
    assert "(batch, 3, 2, 8)" in message and "turns word indexes (integers) into vectors" in message


@pytest.mark.parametrize(
    ("pooling", "words"),
    [
        (L.GlobalAveragePooling1D, "averages the outputs of all the steps"),
        (L.GlobalMaxPooling1D, "the largest output over all the steps"),
        (L.Flatten, "lays the vectors of all the steps end to end"),
    ],
)
def test_pooling_the_steps_instead_of_the_last_hidden_state_is_named(pooling, words):
    model = keras.Sequential([keras.Input((3, 2)), L.SimpleRNN(4, return_sequences=True), pooling()])
    message = feedback(SINGLE_OUTPUT, model)[0]
    assert words in message and "instead of taking the last hidden state" in message
    assert "default, False" in message


def test_a_layer_outside_the_exercise_is_refused_saying_what_it_does():
    verdict, message = refused(SINGLE_OUTPUT, keras.Sequential([keras.Input((3, 2)), L.Conv1D(4, 2)]))
    assert verdict == "wrong_answer"
    assert message.startswith("The Conv1D layer is not part of this exercise (it slides filters along the steps")


# --- equivalent spellings ------------------------------------------------------------------------


@pytest.mark.parametrize(("cell", "layer"), [(L.SimpleRNNCell, L.SimpleRNN), (L.GRUCell, L.GRU), (L.LSTMCell, L.LSTM)])
def test_an_rnn_over_one_cell_is_the_layer_of_that_cell(cell, layer):
    spelled = keras.Sequential([keras.Input((3, 2)), L.RNN(cell(4), return_sequences=True, go_backwards=True)])
    guide = keras.Sequential([keras.Input((3, 2)), layer(4, return_sequences=True, go_backwards=True)])
    keys = ("class", "units", "return_sequences", "go_backwards", "output_shape", "params")

    def seen(model):
        return [{k: found[k] for k in keys} for found in facts_from_config(described(model), (1, 3, 2)).layers]

    assert seen(spelled) == seen(guide)


def test_an_rnn_over_stacked_cells_is_refused_as_the_same_computation_spelled_otherwise():
    model = keras.Sequential([keras.Input((3, 2)), L.RNN([L.SimpleRNNCell(4), L.SimpleRNNCell(4)])])
    verdict, message = refused(SINGLE_OUTPUT, model)
    assert verdict == "wrong_answer" and "same computation as stacked recurrent layers" in message


# --- values that read oddly ----------------------------------------------------------------------


def test_a_string_where_a_bool_belongs_is_quoted_with_what_keras_made_of_it():
    model = keras.Sequential([keras.Input((3, 2)), L.SimpleRNN(4, return_sequences="False")])
    message = feedback(SINGLE_OUTPUT, model)[0]
    assert message.startswith("You wrote `return_sequences='False'`: a string")
    assert "'False' counts as True" in message and "without quotes" in message


def test_a_string_that_keras_reads_as_asked_is_accepted():
    model = keras.Sequential([keras.Input((3, 2)), L.SimpleRNN(4, return_sequences="True")])
    assert feedback(MULTIPLE_OUTPUT, model) == []


def test_an_activation_keras_does_not_know_is_quoted():
    message = keras_refusal(lambda: L.Dense(4, activation="Softmax"))
    assert "Keras does not know the activation 'Softmax'" in message and "`activation='softmax'`" in message


def test_internal_names_never_reach_a_message():
    raw = (
        "Exception encountered when calling keras.src.layers.core.dense.Dense: softmax_v2 got "
        "[<KerasTensor shape=(None, 3, 4), dtype=float32, sparse=False, name=keras_tensor_4>] "
        "from tensorflow.python.ops.math_ops [Op:NotEqual] __keras_tensor__"
    )
    assert not INTERNAL.search(without_internals(raw))
    assert "a tensor of shape (None, 3, 4)" in without_internals(raw)
