"""`no_other_layers`: a layer that keeps the shape but changes the values is named; spellings of the
same computation (an activation as its own layer, Dropout, the recurrent layers' own checks) are not."""

from grader.facts import ModelFacts
from grader.other_layers import computing_layers, no_other_layers
from grader.spec import ExerciseSpec


def layer(cls: str, activation: str | None = None, wrapped: dict | None = None) -> dict:
    return {"class": cls, "activation": activation, "wrapped": wrapped}


def facts(*layers: dict) -> ModelFacts:
    return ModelFacts(output_shape=[1, 4], outputs=[[1, 4]], layers=list(layers))


SPEC = ExerciseSpec.from_dict(
    {"slug": "t", "input_shape": [1, 3, 2], "checks": [{"kind": "output_shape", "expected": [1, 4]}]}
)
TAGGER = facts(layer("SimpleRNN", "tanh"), layer("TimeDistributed", wrapped=layer("Dense", "softmax")))


def judged(model: ModelFacts, reference: ModelFacts):
    return no_other_layers(model, {"kind": "no_other_layers", "expected": computing_layers(reference)}, SPEC)


def test_the_reference_keeps_the_kinds_of_computation_but_not_its_recurrent_layers():
    assert computing_layers(TAGGER) == ["TimeDistributed(Dense)"]
    assert computing_layers(facts(layer("Bidirectional", wrapped=layer("LSTM")), layer("Dropout"))) == []


def test_an_extra_layer_that_keeps_the_shape_is_named():
    result = judged(facts(layer("SimpleRNN", "tanh"), layer("Dense")), facts(layer("SimpleRNN", "tanh")))
    assert not result.passed
    assert result.advice[0].text.startswith("Your model has a Dense layer that this exercise does not ask for")


def test_an_extra_activation_after_a_layer_with_its_own_is_named():
    model = facts(
        layer("SimpleRNN", "tanh"), layer("TimeDistributed", wrapped=layer("Dense", "softmax")), layer("ReLU", "relu")
    )
    assert "ReLU(relu) layer" in judged(model, TAGGER).advice[0].text


def test_the_same_computation_spelt_otherwise_passes():
    softmax_apart = facts(
        layer("SimpleRNN", "tanh"),
        layer("TimeDistributed", wrapped=layer("Dense", "linear")),
        layer("Softmax", "softmax"),
        layer("Dropout"),
    )
    assert judged(softmax_apart, TAGGER).passed
