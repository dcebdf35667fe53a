"""After an accepted answer: one sentence on how the learner's model is written differently from the
reference (from the layer facts, and from the spelling of both codes), none when it is the same."""

import pytest

from grader.structure import describe
from unroll.catalog.equivalence import equivalence_sentence, spelling_of

SHAPE = [1, 3, 2]
SEQUENTIAL = (
    "from tensorflow.keras.layers import Dense, SimpleRNN\nfrom tensorflow.keras.models import Sequential\n\n"
    "model = Sequential()\nmodel.add(SimpleRNN(4, input_shape=(3, 2)))\nmodel.add(Dense(1))\n"
)
FUNCTIONAL = (
    "from tensorflow.keras import Input, Model\nfrom tensorflow.keras.layers import Dense, SimpleRNN\n\n"
    "words = Input((3, 2))\nmodel = Model(words, Dense(1)(SimpleRNN(4)(words)))\n"
)


def rnn(name: str = "simple_rnn", **config) -> dict:
    return describe("SimpleRNN", {"units": 4, "name": name, **config}, [[1, 4]], [SHAPE])


def dense(activation: str = "linear", name: str = "dense") -> dict:
    return describe("Dense", {"units": 1, "activation": activation, "name": name}, [[1, 1]], [[1, 4]])


def layer(kind: str, shape: list[int], **config) -> dict:
    return describe(kind, {"name": kind.lower(), **config}, [shape], [shape])


REFERENCE = [rnn(), dense()]


def sentence(learner_layers, learner_code=SEQUENTIAL, reference_layers=REFERENCE, reference_code=SEQUENTIAL):
    return equivalence_sentence(learner_layers, reference_layers, learner_code, reference_code, SHAPE)


def test_the_same_model_written_the_same_way_gets_no_sentence():
    assert sentence([rnn(), dense()]) is None
    assert sentence([rnn(name="encoder"), dense(name="score")]) is None  # the learner's own names change nothing


def test_a_functional_answer_to_a_sequential_reference_is_said_to_compute_the_same():
    said = sentence([rnn(), dense()], FUNCTIONAL)
    assert said.startswith("Your model is written differently from the reference, and computes the same:")
    assert "functional API" in said and "Sequential" in said


@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        (
            "from tensorflow.keras import Input\nfrom tensorflow.keras.layers import Dense, SimpleRNN\n"
            "from tensorflow.keras.models import Sequential\n"
            "model = Sequential()\nmodel.add(Input((3, 2)))\nmodel.add(SimpleRNN(4))\nmodel.add(Dense(1))\n",
            "an Input layer",
        ),
        (
            "from tensorflow.keras.layers import Dense, SimpleRNN\nfrom tensorflow.keras.models import Sequential\n"
            "model = Sequential([SimpleRNN(4, input_shape=(3, 2)), Dense(1)])\n",
            "Sequential([...])",
        ),
        (
            "from tensorflow.keras.layers import Dense, SimpleRNN\nfrom tensorflow.keras.models import Sequential\n"
            "model = Sequential()\nmodel.add(SimpleRNN(4, input_shape=(None, 2)))\nmodel.add(Dense(1))\n",
            "time steps open with None",
        ),
    ],
)
def test_other_spellings_of_the_same_model_are_named(code, phrase):
    said = sentence([rnn(), dense()], code)
    assert "computes the same" in said and phrase in said


def test_a_dropout_layer_is_said_to_act_only_while_training():
    said = sentence([rnn(), layer("Dropout", [1, 4], rate=0.2), dense()])
    assert "computes the same" in said and "Dropout layer acts only while training" in said


def test_an_activation_written_as_a_layer_of_its_own_is_the_same_as_inside_dense():
    reference = [rnn(), dense("sigmoid")]
    said = sentence([rnn(), dense(), layer("Activation", [1, 1], activation="sigmoid")], reference_layers=reference)
    assert "computes the same" in said and "sigmoid as an Activation layer of its own" in said


def test_a_difference_the_checks_allow_is_told_as_a_difference_not_as_the_same():
    said = sentence([rnn(), dense("sigmoid")])
    assert "computes the same" not in said
    assert said.startswith("Your model differs from the reference in a way the task's checks allow:")
    assert "sigmoid" in said


def test_nothing_is_said_without_the_facts_of_both_models():
    assert sentence(None) is None
    assert sentence([rnn(), dense()], reference_layers=None) is None


def test_the_spelling_is_read_without_running_the_code():
    assert spelling_of(FUNCTIONAL) == {"functional", "input"}
    assert spelling_of(SEQUENTIAL) == {"sequential", "add"}
    assert spelling_of("model = (") is None  # not Python: nothing is said about it
    assert spelling_of("import os\nos.system('touch /tmp/x')\nmodel = Model(i, o)\n") == {"functional"}
