"""The trusted half of grading: model facts derived from the model's *description*, in plain Python.

The sandboxed run sends back the Keras config of the learner's model (JSON). Nothing in it
is executed or deserialized into objects here: this module reads its fields, refuses any
layer outside Keras's own vocabulary, and infers every layer's output shape for the
exercise's input with Keras's shape rules. Whatever the learner's code did inside its
process (printing, monkeypatching Keras, custom layers posing as recurrent ones), the
facts the checks see are those of the architecture it described.
"""

import math
import re
from collections.abc import Callable

from grader.facts import ModelFacts
from grader.reports import MAX_REPORT_DEPTH, depth_within
from grader.spec import RECURRENT_TYPES as RECURRENT  # one list: the exercises' checks name them too

MAX_LAYERS = 64
MAX_DEPTH = 6
# Bounds on every shape, declared or inferred: a per-sample dimension of 2**31 or a rank above
# 32 is beyond any tensor the memory limit allows, and refusing them keeps every product and
# every message about a shape small.
MAX_RANK = 32
MAX_DIMENSION = 2**31
MAX_UNITS = 2**20
# The layers that give back their input's shape: activations, regularisers (which the drawing's
# comparison looks at last), and Masking.
ACTIVATION_LAYERS = ("Activation", "Softmax", "ReLU", "LeakyReLU", "ELU")
REGULARISERS = (
    "Dropout",
    "SpatialDropout1D",
    "GaussianNoise",
    "GaussianDropout",
    "LayerNormalization",
    "BatchNormalization",
)
IDENTITY = (*ACTIVATION_LAYERS, *REGULARISERS, "Masking")
MERGES = ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum")
POOLINGS = ("GlobalAveragePooling1D", "GlobalMaxPooling1D")
OPERATION = "(operation)"  # an entry of keras.ops, not a layer


class StructureError(ValueError):
    """The described model cannot be what the exercise asks; `kind` selects the advice."""

    def __init__(self, kind: str, message: str, **details):
        super().__init__(message)
        self.kind, self.details = kind, details


Shape = list[int]


def text(value: object, limit: int = 100) -> str | None:
    return value[:limit] if isinstance(value, str) else None


# --- reading the config: any value of the wrong type is a StructureError, never a TypeError --


def is_integer(value: object) -> bool:
    """An int that is not a bool (JSON's true would otherwise count as 1)."""
    return isinstance(value, int) and not isinstance(value, bool)


def mapping(value: object, what: str) -> dict:
    if not isinstance(value, dict):
        raise StructureError("malformed", f"{what} must be a mapping")
    return value


def dimension(value: object) -> int:
    """One size of a shape the config declares (a Reshape target, an input's batch_shape)."""
    if not is_integer(value) or not 0 < value < MAX_DIMENSION:
        raise StructureError("malformed", "a dimension must be a positive integer")
    return value


def bounded(shapes: list[Shape], layer: str) -> list[Shape]:
    """A layer's inferred output shapes, refused when beyond any model an exercise could ask for."""
    for shape in shapes:
        if len(shape) > MAX_RANK or any(not 0 < d < MAX_DIMENSION for d in shape):
            raise StructureError("too_large", "an output beyond the bounds", layer=layer)
    return shapes


def tensor_key(reference: object) -> tuple[str, int, int]:
    """[layer name, node index, tensor index], as keras_history and output_layers write it."""
    if (
        isinstance(reference, list)
        and len(reference) == 3
        and isinstance(reference[0], str)
        and is_integer(reference[1])
        and is_integer(reference[2])
    ):
        return (reference[0], reference[1], reference[2])
    raise StructureError("malformed", "a tensor reference must be [layer name, node index, tensor index]")


def wrapped_layer(config: dict) -> dict:
    """The layer a wrapper (TimeDistributed, Bidirectional) holds."""
    return mapping(config.get("layer"), "a wrapper's layer")


# TensorFlow's functions that are Keras's activations under another name: `tf.nn.softmax` is
# serialized by its Python name, softmax_v2, and computes exactly Keras's softmax.
ACTIVATION_ALIASES = {"softmax_v2": "softmax", "log_softmax_v2": "log_softmax"}
VERSION_SUFFIX = re.compile(r"_v\d+$")


def activation_name(value: object) -> str | None:
    """'softmax', or a serialized function {'config': 'softmax', ...}, by Keras's name for what it
    computes; anything else is custom."""
    if isinstance(value, str):
        name = value[:50]
    elif isinstance(value, dict) and isinstance(value.get("config"), str):
        name = value["config"][:50]
    else:
        return None if value is None else "custom"
    name = ACTIVATION_ALIASES.get(name, name)
    return VERSION_SUFFIX.sub("", name)  # any other TensorFlow function's versioned Python name


def is_operation(entry: dict) -> bool:
    """A node of a Keras operation (keras.ops), not a layer: Keras 3's functional config records the
    ops a layer's mask is computed with (Masking's NotEqual and Any) beside the layers."""
    module = entry.get("module")
    return isinstance(module, str) and module.startswith(("keras.src.ops.", "keras.ops."))


def layer_class(entry: dict) -> str:
    """The Keras class of a serialized layer; refuses anything not from Keras itself."""
    name = entry.get("class_name")
    module = entry.get("module")
    registered = entry.get("registered_name")
    if not isinstance(name, str) or not isinstance(module, str) or not module.startswith("keras"):
        raise StructureError("custom_layer", "custom layer", name=text(name) or "?")
    if registered not in (None, name) and not (isinstance(registered, str) and registered.startswith("keras")):
        raise StructureError("custom_layer", "custom layer", name=text(registered) or name)
    if is_operation(entry):  # an operation where a layer belongs: its name is Keras's own, never shown
        raise StructureError("operation", "an operation where a layer belongs", name=name[:100])
    if name not in SHAPE_RULES and name not in ("InputLayer", "Sequential", "Functional", "RNN"):
        raise StructureError("unsupported_layer", "unsupported layer", name=name[:100])
    return name


def config_of(entry: dict) -> dict:
    config = entry.get("config")
    if not isinstance(config, dict):
        raise StructureError("malformed", "a layer without a config")
    return config


# RNN(SimpleRNNCell(4)) is SimpleRNN(4): Keras's SimpleRNN *is* an RNN over a SimpleRNNCell, so the
# cell's weights and the RNN's options (return_sequences, go_backwards...) make the same layer.
CELLS = {f"{name}Cell": name for name in RECURRENT}
RNN_OPTIONS = ("name", "return_sequences", "return_state", "go_backwards", "stateful", "unroll")


def layer_of(entry: dict) -> tuple[str, dict]:
    """(Keras class, config) of a serialized layer, an RNN over one cell read as the layer it is."""
    name, config = layer_class(entry), config_of(entry)
    if name != "RNN":
        return name, config
    cell = config.get("cell")
    if isinstance(cell, list) or (isinstance(cell, dict) and cell.get("class_name") == "StackedRNNCells"):
        raise StructureError("stacked_cells", "an RNN over several cells")
    cell = mapping(cell, "an RNN's cell")
    cell_name, module = cell.get("class_name"), cell.get("module")
    if cell_name not in CELLS or not isinstance(module, str) or not module.startswith("keras"):
        raise StructureError("custom_layer", "custom cell", name=text(cell_name) or "?")
    if cell.get("registered_name") not in (None, cell_name):
        raise StructureError("custom_layer", "custom cell", name=text(cell.get("registered_name")) or cell_name)
    options = {key: config[key] for key in RNN_OPTIONS if key in config}
    return CELLS[cell_name], {**config_of(cell), **options, "cell": cell_name}


def positive_int(config: dict, key: str) -> int:
    value = config.get(key)
    if not is_integer(value) or not 0 < value < MAX_UNITS:
        raise StructureError("malformed", f"{key} must be a positive integer")
    return value


def optional_units(config: dict) -> int | None:
    """`units` for the facts: only a plausible count, never an arbitrary value of the config."""
    units = config.get("units")
    return units if is_integer(units) and 0 < units < MAX_UNITS else None


# --- shape rules: (config, input shapes) -> output shapes ---------------------------------


def need_ndim(shape: Shape, ndim: int, layer: str, at_least: bool = False) -> None:
    if len(shape) == ndim or (at_least and len(shape) >= ndim):
        return
    raise StructureError("ndim", "wrong input rank", layer=layer, expected=ndim, found=len(shape), shape=shape)


def recurrent_shapes(config: dict, inputs: list[Shape], name: str = "SimpleRNN") -> list[Shape]:
    shape = inputs[0]  # initial states, when given, are further inputs
    need_ndim(shape, 3, name)
    units = positive_int(config, "units")
    output = [shape[0], shape[1], units] if config.get("return_sequences") else [shape[0], units]
    states = [[shape[0], units]] * (2 if name == "LSTM" else 1)
    return [output, *states] if config.get("return_state") else [output]


def dense_shapes(config: dict, inputs: list[Shape]) -> list[Shape]:
    shape = inputs[0]
    if len(shape) < 2:
        raise StructureError("ndim", "wrong input rank", layer="Dense", expected=2, found=len(shape), shape=shape)
    return [[*shape[:-1], positive_int(config, "units")]]


def time_distributed_shapes(config: dict, inputs: list[Shape]) -> list[Shape]:
    shape = inputs[0]
    if len(shape) < 3:
        raise StructureError("time_distributed_ndim", "TimeDistributed needs a sequence", shape=shape)
    step = apply_layer(*layer_of(wrapped_layer(config)), [[shape[0], *shape[2:]]])
    return [[s[0], shape[1], *s[1:]] for s in step]


def bidirectional_shapes(config: dict, inputs: list[Shape]) -> list[Shape]:
    inner_name, inner_config = layer_of(wrapped_layer(config))
    if inner_name not in RECURRENT:
        raise StructureError("malformed", "Bidirectional wraps a recurrent layer")
    forward = apply_layer(inner_name, inner_config, inputs)
    merge = config.get("merge_mode", "concat")
    output = forward[0]
    if merge == "concat":
        merged = [[*output[:-1], output[-1] * 2]]
    elif merge in ("sum", "mul", "ave"):
        merged = [output]
    else:
        merged = [output, output]
    states = forward[1:] * 2 if forward[1:] else []
    return merged + states


def flatten_shapes(config: dict, inputs: list[Shape]) -> list[Shape]:
    shape = inputs[0]
    return [[shape[0], math.prod(shape[1:])]]


def global_pooling_shapes(config: dict, inputs: list[Shape], name: str) -> list[Shape]:
    """GlobalAveragePooling1D / GlobalMaxPooling1D: one value per feature over the steps (channels_last)."""
    shape = inputs[0]
    need_ndim(shape, 3, name)
    steps_axis = 2 if config.get("data_format") == "channels_first" else 1
    if config.get("keepdims"):
        return [[d if i != steps_axis else 1 for i, d in enumerate(shape)]]
    return [[d for i, d in enumerate(shape) if i != steps_axis]]


def repeat_vector_shapes(config: dict, inputs: list[Shape]) -> list[Shape]:
    shape = inputs[0]
    need_ndim(shape, 2, "RepeatVector")
    return [[shape[0], positive_int(config, "n"), shape[1]]]


def reshape_shapes(config: dict, inputs: list[Shape]) -> list[Shape]:
    shape, target = inputs[0], config.get("target_shape")
    if not isinstance(target, list) or len(target) > MAX_RANK or target.count(-1) > 1:
        raise StructureError("malformed", "Reshape needs a target_shape")
    target = [-1 if d == -1 and is_integer(d) else dimension(d) for d in target]  # -1: inferred
    size, known = math.prod(shape[1:]), math.prod(d for d in target if d != -1)
    resolved = [size // known if d == -1 and known else d for d in target]
    if math.prod(resolved) != size:
        raise StructureError("reshape", "Reshape cannot change the number of values", shape=shape, target=target)
    return [[shape[0], *resolved]]


def permute_shapes(config: dict, inputs: list[Shape]) -> list[Shape]:
    shape, dims = inputs[0], config.get("dims")
    if not isinstance(dims, list) or not all(map(is_integer, dims)) or sorted(dims) != list(range(1, len(shape))):
        raise StructureError("malformed", "Permute needs a permutation of the non-batch axes")
    return [[shape[0], *(shape[d] for d in dims)]]


def embedding_shapes(config: dict, inputs: list[Shape]) -> list[Shape]:
    return [[*inputs[0], positive_int(config, "output_dim")]]


def concatenate_shapes(config: dict, inputs: list[Shape]) -> list[Shape]:
    axis = config.get("axis", -1)
    if len(inputs) < 2 or not is_integer(axis) or len({len(s) for s in inputs}) != 1:
        raise StructureError("merge", "Concatenate needs inputs of the same rank", shapes=inputs)
    rank = len(inputs[0])
    axis = axis % rank
    merged = list(inputs[0])
    merged[axis] = sum(s[axis] for s in inputs)
    return [merged]


def same_shape_merge(config: dict, inputs: list[Shape]) -> list[Shape]:
    if len(inputs) < 2 or any(s != inputs[0] for s in inputs):
        raise StructureError("merge", "merged inputs must have the same shape", shapes=inputs)
    return [inputs[0]]


def identity(config: dict, inputs: list[Shape]) -> list[Shape]:
    return [inputs[0]]


SHAPE_RULES: dict[str, Callable[[dict, list[Shape]], list[Shape]]] = {
    **{name: (lambda c, i, n=name: recurrent_shapes(c, i, n)) for name in RECURRENT},
    "Dense": dense_shapes,
    "TimeDistributed": time_distributed_shapes,
    "Bidirectional": bidirectional_shapes,
    "Flatten": flatten_shapes,
    **{name: (lambda c, i, n=name: global_pooling_shapes(c, i, n)) for name in POOLINGS},
    "RepeatVector": repeat_vector_shapes,
    "Reshape": reshape_shapes,
    "Permute": permute_shapes,
    "Embedding": embedding_shapes,
    "Concatenate": concatenate_shapes,
    **{name: same_shape_merge for name in MERGES},
    **{name: identity for name in IDENTITY},
}


def apply_layer(name: str, config: dict, inputs: list[Shape]) -> list[Shape]:
    rule = SHAPE_RULES.get(name)
    if rule is None:  # a model used as a layer, or an InputLayer inside a wrapper
        raise StructureError("unsupported_layer", "unsupported layer", name=name)
    return bounded(rule(config, inputs), name)


# --- parameter counts: (config, input shapes) -> trainable and non-trainable weights -------


def bias(config: dict) -> int:
    return 1 if config.get("use_bias", True) else 0


def recurrent_parameters(name: str, config: dict, inputs: list[Shape]) -> int:
    units, features = positive_int(config, "units"), inputs[0][-1]
    if name == "SimpleRNN":
        return units * (features + units + bias(config))
    if name == "LSTM":
        return 4 * units * (features + units + bias(config))
    biases = (2 if config.get("reset_after", True) else 1) * bias(config)  # GRU
    return 3 * units * (features + units + biases)


def parameter_count(name: str, config: dict, inputs: list[Shape]) -> int:
    """Keras's count_params() for one layer, from its config and input shape."""
    if name in RECURRENT:
        return recurrent_parameters(name, config, inputs)
    if name == "Dense":
        return (inputs[0][-1] + bias(config)) * positive_int(config, "units")
    if name == "Embedding":
        return positive_int(config, "input_dim") * positive_int(config, "output_dim")
    if name == "Bidirectional":
        return 2 * parameter_count(*layer_of(wrapped_layer(config)), inputs)
    if name == "TimeDistributed":
        shape = inputs[0]
        return parameter_count(*layer_of(wrapped_layer(config)), [[shape[0], *shape[2:]]])
    if name == "LayerNormalization":
        return 2 * inputs[0][-1]
    if name == "BatchNormalization":
        return 4 * inputs[0][-1]
    return 0


# --- layer facts ---------------------------------------------------------------------------


def layer_activation(name: str, config: dict) -> str | None:
    if name == "Softmax":
        return "softmax"
    if name == "ReLU":
        return "relu"
    return activation_name(config.get("activation"))


def describe(name: str, config: dict, outputs: list[Shape] | None, inputs: list[Shape] | None = None) -> dict:
    """One layer's facts; `outputs` is None for a layer inside a wrapper (its wrapper has the shapes)."""
    wrapped = None
    inner = config.get("layer")
    if name in ("TimeDistributed", "Bidirectional") and isinstance(inner, dict):
        wrapped = describe(*layer_of(inner), None)
    return {
        "class": name,
        "custom_class": None,
        "name": text(config.get("name")),
        "units": optional_units(config),
        "return_sequences": bool(config.get("return_sequences")) if name in RECURRENT else None,
        "return_state": bool(config.get("return_state")) if name in RECURRENT else None,
        "go_backwards": bool(config.get("go_backwards")) if name in RECURRENT else None,
        "merge_mode": text(config.get("merge_mode", "concat"), 20) if name == "Bidirectional" else None,
        "activation": layer_activation(name, config),
        "input_shapes": inputs,
        "output_shape": outputs[0] if outputs else None,
        "output_shapes": outputs,
        "params": parameter_count(name, config, inputs) if inputs else None,
        "wrapped": wrapped,
        "as_written": written_flags(config) if name in RECURRENT else {},
        "cell": text(config.get("cell"), 20),
    }


# The options Keras reads as booleans (`if self.return_sequences:`): a string there is truthy.
FLAGS = ("return_sequences", "return_state", "go_backwards")


def written_flags(config: dict) -> dict:
    """The flags written as something else than a boolean, as short scalars: feedback quotes them."""
    written = {}
    for key in FLAGS:
        value = config.get(key)
        if isinstance(value, str):
            written[key] = value[:40]
        elif isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            written[key] = value
    return written


def output_activation(layers: list[dict]) -> str | None:
    """The activation that produces the model's output, looking through shape-preserving layers."""
    for layer in reversed(layers):
        if layer["class"] in ("Activation", "Softmax"):
            return layer["activation"]
        if layer["class"] in IDENTITY:
            continue
        if layer["class"] == "TimeDistributed" and layer["wrapped"]:
            return layer["wrapped"]["activation"]
        return layer["activation"]
    return None


# --- whole models --------------------------------------------------------------------------


def declared_input(layers: list[dict], input_shape: Shape) -> Shape | None:
    """The InputLayer's shape as the exercise's input meets it, if the model declares one.

    A None dimension takes any size: the batch, and also a time axis left open
    (`input_shape=(None, 2)`), read as the size the exercise feeds there. When the ranks differ,
    no size can match: a None is then shown as the batch (first) or 0.
    """
    if layers and mapping(layers[0], "a layer").get("class_name") == "InputLayer":
        batch_shape = config_of(layers[0]).get("batch_shape")
        if batch_shape is None:
            return None
        if not isinstance(batch_shape, list) or len(batch_shape) > MAX_RANK:
            raise StructureError("malformed", "an InputLayer's batch_shape must be a shape")
        if len(batch_shape) == len(input_shape):
            return [fed if d is None else dimension(d) for d, fed in zip(batch_shape, input_shape)]
        return [(input_shape[0] if i == 0 else 0) if d is None else dimension(d) for i, d in enumerate(batch_shape)]
    return None


def applied(name: str, config: dict, inputs: list[Shape], layers_so_far: list[dict]) -> list[Shape]:
    """apply_layer, with a refusal saying how many recurrent layers came before (for the advice)."""
    try:
        return apply_layer(name, config, inputs)
    except StructureError as exc:
        exc.details.setdefault("recurrent_before", sum(1 for layer in layers_so_far if is_recurrent(layer)))
        exc.details.setdefault("after", layers_so_far[-1]["class"] if layers_so_far else None)
        raise


def is_recurrent(layer: dict) -> bool:
    return layer["class"] in RECURRENT or (layer["class"] == "Bidirectional" and bool(layer.get("wrapped")))


def sequential_facts(config: dict, input_shape: Shape) -> ModelFacts:
    entries = config.get("layers")
    if not isinstance(entries, list) or len(entries) > MAX_LAYERS:
        raise StructureError("malformed", "layers")
    entries = [mapping(entry, "a layer") for entry in entries]
    declared = declared_input(entries, input_shape)
    if declared is not None and declared != input_shape:
        raise StructureError("input_mismatch", "declared input differs", declared=declared)
    body = [e for e in entries if e.get("class_name") != "InputLayer"]
    if not body:
        raise StructureError("empty_model", "no layers")
    shape, layers, outputs = list(input_shape), [], [list(input_shape)]
    for entry in body:
        if len(outputs) != 1:  # Sequential passes one tensor on: Keras refuses to build this
            raise StructureError("multiple_outputs", "several tensors inside Sequential", **several(layers[-1]))
        name, layer_config = layer_of(entry)
        outputs = applied(name, layer_config, [shape], layers)
        layers.append(describe(name, layer_config, outputs, [shape]))
        shape = outputs[0]
    # The last layer's tensors are the model's outputs, as Keras makes them (return_state=True).
    return ModelFacts(
        output_shape=shape if len(outputs) == 1 else None,
        outputs=outputs,
        layers=layers,
        output_activation=output_activation(layers),
    )


def several(layer: dict) -> dict:
    """Why a layer gives several tensors, for the advice: its states, or Bidirectional's merge_mode=None."""
    inner = layer.get("wrapped") or layer
    return {
        "layer": inner["class"],
        "count": len(layer["output_shapes"] or []),
        "return_state": bool(inner.get("return_state")),
        "bidirectional": layer["class"] == "Bidirectional",
    }


class Operation:
    """The output of an operation node: the judge reads layers only, so only a mask may come from one."""

    def __init__(self, name: str):
        self.name = name


def node_inputs(node: object, tensors: dict) -> list[Shape]:
    """Shapes of the tensors a functional node consumes (its args, nested lists included; a mask,
    passed as a keyword, is not an input)."""
    found = []

    def walk(value: object, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            return
        if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
            key = tensor_key(mapping(value.get("config"), "a tensor").get("keras_history"))
            if key not in tensors:
                raise StructureError("malformed", "a tensor from nowhere")
            if isinstance(tensors[key], Operation):
                raise StructureError("operation", "an operation's output feeds a layer", name=tensors[key].name)
            found.append(tensors[key])
        elif isinstance(value, list):
            for item in value:
                walk(item, depth + 1)

    if isinstance(node, dict):
        walk(node.get("args"))
    return found


def functional_facts(config: dict, input_shape: Shape) -> ModelFacts:
    entries = config.get("layers")
    if not isinstance(entries, list) or len(entries) > MAX_LAYERS:
        raise StructureError("malformed", "layers")
    tensors: dict[tuple, Shape] = {}
    layers = []
    for entry in [mapping(entry, "a layer") for entry in entries]:
        name, layer_config = (OPERATION, config_of(entry)) if is_operation(entry) else layer_of(entry)
        layer_name = entry.get("name") or layer_config.get("name")
        if not isinstance(layer_name, str):
            raise StructureError("malformed", "a layer without a name")
        if name == OPERATION:
            tensors[(layer_name, 0, 0)] = Operation(text(entry.get("class_name")) or "?")
            continue
        if name == "InputLayer":
            declared = declared_input([entry], input_shape)
            if declared is not None and declared != input_shape:
                raise StructureError("input_mismatch", "declared input differs", declared=declared)
            tensors[(layer_name, 0, 0)] = list(input_shape)
            continue
        nodes = entry.get("inbound_nodes") or []
        if not isinstance(nodes, list):
            raise StructureError("malformed", "inbound_nodes must be a list")
        for node_index, node in enumerate(nodes[:8]):
            inputs = node_inputs(node, tensors)
            if not inputs:
                raise StructureError("malformed", "a layer called on nothing")
            outputs = applied(name, layer_config, inputs, layers)
            for tensor_index, shape in enumerate(outputs):
                tensors[(layer_name, node_index, tensor_index)] = shape
            layers.append(describe(name, layer_config, outputs, inputs))
    outputs = [tensors.get(key) for key in output_keys(config.get("output_layers"))]
    if not outputs or any(o is None for o in outputs):
        raise StructureError("malformed", "outputs")
    operation = next((o for o in outputs if isinstance(o, Operation)), None)
    if operation is not None:
        raise StructureError("operation", "the model's output is an operation's", name=operation.name)
    return ModelFacts(
        output_shape=outputs[0] if len(outputs) == 1 else None,
        outputs=outputs,
        layers=layers,
        output_activation=output_activation(layers),
    )


def output_keys(refs: object) -> list[tuple[str, int, int]]:
    """The model's outputs: one reference [name, node, tensor], or a list of them."""
    refs = refs or []
    if not isinstance(refs, list):
        raise StructureError("malformed", "output_layers must be a list")
    if len(refs) == 3 and isinstance(refs[0], str):
        refs = [refs]  # a single output is written as one reference, not a list of them
    return [tensor_key(ref) for ref in refs]


def facts_from_config(model: object, input_shape: tuple[int, ...]) -> ModelFacts:
    """Facts of the described model for this input; StructureError says why there are none."""
    if not isinstance(model, dict):
        raise StructureError("malformed", "model")
    if not depth_within(model, MAX_REPORT_DEPTH):  # before anything below recurses into it
        raise StructureError("too_deep", "a description nested too deeply")
    kind = model.get("class_name")
    module = model.get("module")
    if kind not in ("Sequential", "Functional") or not isinstance(module, str) or not module.startswith("keras"):
        raise StructureError("custom_model", "custom model", name=text(kind) or "?")
    config = config_of(model)
    if kind == "Sequential":
        return sequential_facts(config, list(input_shape))
    return functional_facts(config, list(input_shape))
