"""A stack whose middle layer returns only its last step: the advice names that layer, whichever it is.

The models are left unbuilt, so Keras itself raises nothing and the trusted side finds the
mistake from the configuration alone, as it does for a model the learner never called.
"""

import json

import keras
import pytest
from keras import layers as L

from grader.diagnosis import structure_advice
from grader.spec import ExerciseSpec
from grader.structure import StructureError, facts_from_config

SPEC = ExerciseSpec.from_dict(
    {"slug": "x", "input_shape": [1, 3, 2], "checks": [{"kind": "output_shape", "expected": [1, 4]}]}
)


def advice_for(*stack) -> str:
    config = json.loads(json.dumps(keras.saving.serialize_keras_object(keras.Sequential(list(stack)))))
    with pytest.raises(StructureError) as raised:
        facts_from_config(config, (1, 3, 2))
    verdict, message = structure_advice(raised.value, SPEC)
    assert verdict == "runtime_error"
    return message


def test_the_first_layer_is_named_when_the_second_gets_no_sequence():
    message = advice_for(L.SimpleRNN(4), L.SimpleRNN(4))
    assert "set `return_sequences=True` on the first one." in message


def test_the_second_layer_is_named_when_the_third_gets_no_sequence():
    message = advice_for(L.SimpleRNN(4, return_sequences=True), L.GRU(4), L.LSTM(4))
    assert "set `return_sequences=True` on the second one, the layer just before it." in message


def test_a_bidirectional_layer_counts_as_one_recurrent_layer():
    message = advice_for(L.Bidirectional(L.LSTM(4, return_sequences=True)), L.Bidirectional(L.LSTM(4)), L.LSTM(4))
    assert "on the second one" in message
