"""The `no_other_layers` check: the model computes with no layer the exercise did not ask for.

A layer that keeps the output's shape can still change every value (a Dense(4) after the
SimpleRNN, an Activation, a Masking where nothing is padded): checking shapes and the layers an
exercise names cannot see it. This check compares the learner's layers with the reference
solution's, as kinds of computation: recurrent layers are left to `recurrent_layers` (which names
their type, units, direction and wrapping), and layers that do nothing when a model predicts
(Dropout and its kin) are left out on both sides.
"""

from collections import Counter

from grader.checks import Advice, CheckResult, failed
from grader.facts import ModelFacts
from grader.spec import RECURRENT_TYPES, ExerciseSpec
from grader.structure import ACTIVATION_LAYERS
from grader.wording import article

# Identity when the model predicts (Keras applies them only in training).
INERT_WHEN_PREDICTING = ("Dropout", "SpatialDropout1D", "GaussianNoise", "GaussianDropout")


def signature(layer: dict) -> str:
    """A layer as a kind of computation: Dense, TimeDistributed(Dense), Activation(softmax)."""
    if layer["class"] in ACTIVATION_LAYERS:
        return f"{layer['class']}({layer.get('activation')})"
    if layer.get("wrapped"):
        return f"{layer['class']}({layer['wrapped']['class']})"
    return layer["class"]


def counts(layer: dict) -> bool:
    """The layers this check compares: not recurrent (wrapped or not), not inert when predicting."""
    inner = layer["wrapped"]["class"] if layer.get("wrapped") else None
    return layer["class"] not in (*RECURRENT_TYPES, *INERT_WHEN_PREDICTING) and inner not in RECURRENT_TYPES


def computing_layers(facts: ModelFacts) -> list[str]:
    """The signatures `no_other_layers` compares, in the model's order (what `expected: reference` stores)."""
    return [signature(layer) for layer in facts.layers if counts(layer)]


def folded_activations(facts: ModelFacts) -> list[str]:
    """The learner's layers, an activation layer folded into the layer before it when that layer has no
    activation of its own: Dense(4) then Softmax computes what Dense(4, activation='softmax') does."""
    kept: list[dict] = []
    for layer in (layer for layer in facts.layers if counts(layer)):
        before = kept[-1] if kept else None
        if layer["class"] in ACTIVATION_LAYERS and before is not None and not has_activation(before):
            kept[-1] = with_activation(before, layer.get("activation"))
            continue
        kept.append(layer)
    return [signature(layer) for layer in kept]


def has_activation(layer: dict) -> bool:
    inner = layer.get("wrapped") or layer
    return inner.get("activation") not in (None, "linear")


def with_activation(layer: dict, activation: str | None) -> dict:
    if layer.get("wrapped"):
        return {**layer, "wrapped": {**layer["wrapped"], "activation": activation}}
    return {**layer, "activation": activation}


def no_other_layers(facts: ModelFacts, check: dict, spec: ExerciseSpec) -> CheckResult:
    name = check.get("name", "no other layers")
    asked = Counter(check["expected"])
    extra = list((Counter(folded_activations(facts)) - asked).elements())
    if not extra:
        return CheckResult(name, True, "The model computes with the layers the exercise asks for, and no other.")
    first = extra[0]
    asked_words = ", ".join(check["expected"]) or "no layer besides the recurrent ones"
    return failed(
        name,
        [
            Advice(
                58,
                f"other-layer-{first}",
                (
                    f"Your model has {article(first)} {first} layer that this exercise does not ask for: it changes "
                    f"what the model computes, even where the output keeps its shape. Remove it (besides its "
                    f"recurrent layers, the exercise asks for: {asked_words})."
                ),
            )
        ],
    )
