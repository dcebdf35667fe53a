"""The harness's description of a model, re-validated as bounded plain data in the parent.

The report comes from the process that ran untrusted code, so nothing in it is taken on
trust: every field is type-checked and bounded, and anything malformed is dropped.
"""

from dataclasses import dataclass

from grader.spec import RECURRENT_TYPES

MAX_LAYERS = 64
MAX_DIMS = 8
MAX_STEPS = 512
MAX_NAME = 100
LAYER_STRING_FIELDS = ("class", "custom_class", "name", "activation")
LAYER_INT_FIELDS = ("units",)
LAYER_BOOL_FIELDS = ("return_sequences", "return_state")


class MalformedReport(ValueError):
    """The report is not the plain data the harness writes."""


@dataclass(frozen=True)
class ModelFacts:
    output_shape: list[int] | None
    outputs: list[list[int]]
    layers: list[dict]
    step_sums: list[float] | None

    @property
    def recurrent_layers(self) -> list[dict]:
        return [layer for layer in self.layers if layer["class"] in RECURRENT_TYPES]


def format_shape(shape: list[int] | tuple | None) -> str:
    if shape is None:
        return "no output"
    dims = [str(d) for d in shape]
    return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"


def clean_shape(value: object) -> list[int] | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > MAX_DIMS:
        raise MalformedReport("shape")
    if not all(isinstance(d, int) and not isinstance(d, bool) and 0 <= d < 2**31 for d in value):
        raise MalformedReport("shape")
    return list(value)


def clean_layer(value: object, depth: int = 0) -> dict:
    if not isinstance(value, dict) or depth > 2:
        raise MalformedReport("layer")
    layer = {}
    for key in LAYER_STRING_FIELDS:
        item = value.get(key)
        layer[key] = item[:MAX_NAME] if isinstance(item, str) else None
    for key in LAYER_INT_FIELDS:
        item = value.get(key)
        layer[key] = item if isinstance(item, int) and not isinstance(item, bool) else None
    for key in LAYER_BOOL_FIELDS:
        item = value.get(key)
        layer[key] = item if isinstance(item, bool) else None
    layer["class"] = layer["class"] or "custom"
    layer["output_shape"] = clean_shape(value.get("output_shape"))
    wrapped = value.get("wrapped")
    layer["wrapped"] = clean_layer(wrapped, depth + 1) if wrapped is not None else None
    return layer


def clean_sums(value: object) -> list[float] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(s, (int, float)) and not isinstance(s, bool) for s in value):
        raise MalformedReport("step_sums")
    return [float(s) for s in value[:MAX_STEPS]]


def facts_from_report(report: dict) -> ModelFacts:
    outputs = report.get("outputs")
    layers = report.get("layers")
    if not isinstance(outputs, list) or not outputs or not isinstance(layers, list):
        raise MalformedReport("outputs/layers")
    shapes = [clean_shape(o) for o in outputs[:MAX_DIMS]]
    return ModelFacts(
        output_shape=shapes[0] if len(shapes) == 1 else None,
        outputs=shapes,
        layers=[clean_layer(layer) for layer in layers[:MAX_LAYERS]],
        step_sums=clean_sums(report.get("step_sums")),
    )
