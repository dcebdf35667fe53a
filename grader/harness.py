"""The program that runs inside the sandboxed child: it runs one submission and describes its model.

It is sent to the child as source text (``python -I -c``) so the child needs no path to
the project, and it imports nothing but the standard library, NumPy and Keras. It only
*describes* what happened, as plain JSON written to the report file descriptor; every
judgement (verdict, checks, feedback) is made by the parent from that data.
"""

import json
import os
import sys
import traceback
import warnings

SUBMISSION_FILENAME = "submission.py"
# Layer classes the parent may treat as real Keras layers. Anything else is reported as
# custom, so a learner's own class named "SimpleRNN" is never mistaken for the real one.
BUILTIN_LAYERS = (
    "SimpleRNN",
    "GRU",
    "LSTM",
    "RNN",
    "Dense",
    "TimeDistributed",
    "Bidirectional",
    "Activation",
    "Softmax",
    "Dropout",
    "Embedding",
    "Masking",
    "Flatten",
    "Reshape",
    "InputLayer",
    "Concatenate",
    "Add",
    "RepeatVector",
    "Permute",
    "Lambda",
)
MAX_LAYERS = 64
MAX_STEPS_REPORTED = 512
MAX_TEXT = 2000


def write_report(report, fd):
    data = json.dumps(report).encode()
    with os.fdopen(fd, "wb", closefd=True) as out:
        out.write(data)


def learner_line(exc):
    """The line of the submission where the exception surfaced, or None."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == SUBMISSION_FILENAME:
            line = frame.lineno
    return line


def describe_exception(exc, phase):
    if isinstance(exc, MemoryError):
        return {"status": "memory_error", "phase": phase}
    return {
        "status": "exception",
        "phase": phase,
        "type": type(exc).__name__,
        "message": str(exc)[:MAX_TEXT],
        "name": getattr(exc, "name", None) if isinstance(exc, NameError) else None,
        "module": getattr(exc, "name", None) if isinstance(exc, ImportError) else None,
        "line": learner_line(exc),
    }


def describe_syntax_error(exc):
    return {
        "status": "syntax_error",
        "type": type(exc).__name__,
        "message": str(exc.msg)[:MAX_TEXT],
        "line": exc.lineno,
        "column": exc.offset,
        "text": (exc.text or "").rstrip("\n")[:MAX_TEXT],
    }


def shape_list(shape, batch_size):
    dims = []
    for dim in tuple(shape):
        dims.append(batch_size if dim is None else int(dim))
    return dims


def builtin_class_name(layer, keras):
    for name in BUILTIN_LAYERS:
        cls = getattr(keras.layers, name, None)
        if cls is not None and type(layer) is cls:
            return name
    return None


def truthy_or_none(value):
    return None if value is None else bool(value)


def declared_input_shape(model, batch_size):
    """The input shape the model was built for, or None when it was not declared."""
    try:
        return shape_list(model.inputs[0].shape, batch_size)
    except Exception:  # noqa: BLE001 - models built lazily have no declared inputs
        return None


def describe_layer(layer, keras, batch_size):
    name = builtin_class_name(layer, keras)
    activation = getattr(layer, "activation", None)
    info = {
        "class": name or "custom",
        "custom_class": None if name else type(layer).__name__[:100],
        "name": str(layer.name)[:100],
        "units": getattr(layer, "units", None),
        # Keras acts on the truthiness of these (a string "False" returns sequences), so report that.
        "return_sequences": truthy_or_none(getattr(layer, "return_sequences", None)),
        "return_state": truthy_or_none(getattr(layer, "return_state", None)),
        "activation": getattr(activation, "__name__", None) if activation else None,
        "output_shape": None,
        "wrapped": None,
    }
    if name == "TimeDistributed":
        info["wrapped"] = describe_layer(layer.layer, keras, batch_size)
    elif name == "Bidirectional":
        info["wrapped"] = describe_layer(layer.forward_layer, keras, batch_size)
    try:
        info["output_shape"] = shape_list(layer.output.shape, batch_size)
    except Exception:  # noqa: BLE001, S110 - a layer without a symbolic output simply has no shape to report
        pass
    return info


def step_sums(output):
    """For a (batch, steps, features) output, the sum of each step's features."""
    import numpy as np

    values = np.asarray(output)
    if values.ndim != 3:
        return None
    sums = values[0].sum(axis=-1)[:MAX_STEPS_REPORTED]
    return [float(s) for s in sums]


def probe_model(model, request, keras):
    import numpy as np

    batch_size = request["input_shape"][0]
    if not model.layers:
        return {"status": "empty_model"}
    declared = declared_input_shape(model, batch_size)
    if declared is not None and declared != list(request["input_shape"]):
        return {"status": "input_mismatch", "declared": declared}
    x = np.random.default_rng(0).normal(size=request["input_shape"]).astype("float32")
    try:
        outputs = model(x, training=False)
    except BaseException as exc:  # noqa: BLE001 - the learner's model may fail in any way
        return describe_exception(exc, "call")
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    layers = [describe_layer(layer, keras, batch_size) for layer in model.layers[:MAX_LAYERS]]
    return {
        "status": "ok",
        "outputs": [shape_list(o.shape, batch_size) for o in outputs[:8]],
        "step_sums": step_sums(outputs[0]),
        "layers": layers,
        "layer_count": len(model.layers),
    }


def run_submission(request):
    try:
        compiled = compile(request["code"], SUBMISSION_FILENAME, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        if isinstance(exc, SyntaxError):
            return describe_syntax_error(exc)
        return describe_exception(exc, "compile")
    import keras

    namespace = {"__name__": "__submission__", "__builtins__": __builtins__}
    try:
        exec(compiled, namespace)  # noqa: S102 - running the submission is this program's purpose
    except BaseException as exc:  # noqa: BLE001 - SystemExit and friends are reported, not obeyed
        return describe_exception(exc, "define")
    variable = request["model_variable"]
    if variable not in namespace:
        return {"status": "no_model", "variable": variable}
    model = namespace[variable]
    if not isinstance(model, keras.Model):
        return {"status": "not_a_model", "variable": variable, "type": type(model).__name__[:100]}
    return probe_model(model, request, keras)


def main():
    request = json.loads(sys.stdin.buffer.read())
    sys.stdin.close()
    # Keras warns about the guide's own `input_shape=` style; the learner gets our feedback instead.
    warnings.filterwarnings("ignore")
    # Import the frameworks before the learner's code runs, so their start-up is not
    # attributed to the submission's own errors.
    import keras  # noqa: F401
    import tensorflow  # noqa: F401

    report = run_submission(request)
    write_report(report, request["report_fd"])
    sys.stdout.flush()
    sys.stderr.flush()
    # Skip interpreter teardown: TensorFlow's is slow and the report is already written.
    os._exit(0)


if __name__ == "__main__":
    main()
