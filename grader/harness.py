"""Runs inside the sandboxed process: executes one submission and describes what it built.

It only *reports*, as bounded JSON on the report descriptor: a syntax error, an exception
(type, message, the learner's line), a missing `model`, or the model's Keras config. The
verdict is never decided here: the parent derives every fact from that config
(grader.structure), so anything the learner's code does to this process cannot make a
wrong model pass.
"""

import json
import os
import sys
import traceback

SUBMISSION_FILENAME = "submission.py"
MAX_TEXT = 2000
MAX_MODEL_BYTES = 256 * 1024
MAX_SUMMARY = 16 * 1024  # characters of model.summary() a run reports


def learner_line(exc: BaseException) -> int | None:
    """The line of the submission where the exception surfaced, or None."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == SUBMISSION_FILENAME:
            line = frame.lineno
    return line


def describe_exception(exc: BaseException, phase: str) -> dict:
    if isinstance(exc, MemoryError):
        return {"status": "memory_error", "phase": phase}
    return {
        "status": "exception",
        "phase": phase,
        "type": type(exc).__name__[:100],
        "message": str(exc)[:MAX_TEXT],
        "name": getattr(exc, "name", None) if isinstance(exc, NameError) else None,
        "line": learner_line(exc),
    }


def describe_syntax_error(exc: SyntaxError) -> dict:
    return {
        "status": "syntax_error",
        "message": str(exc.msg)[:MAX_TEXT],
        "line": exc.lineno,
        "column": exc.offset,
        "text": (exc.text or "").rstrip("\n")[:MAX_TEXT],
    }


def describe_model(model, keras) -> dict:
    try:
        config = keras.saving.serialize_keras_object(model)
        data = json.dumps(config)
    except BaseException as exc:  # noqa: BLE001 - custom layers may not serialize at all
        return {"status": "unserializable", "type": type(model).__name__[:100], "message": str(exc)[:MAX_TEXT]}
    if len(data) > MAX_MODEL_BYTES:
        return {"status": "model_too_large"}
    return {"status": "ok", "model": json.loads(data)}


def run_submission(request: dict, report_fd: int) -> dict:
    os.write(report_fd, STARTED)  # from here on, whatever happens may be the learner's doing
    try:
        compiled = compile(request["code"], SUBMISSION_FILENAME, "exec", dont_inherit=True)
    except SyntaxError as exc:
        return describe_syntax_error(exc)
    except (ValueError, MemoryError, RecursionError) as exc:
        return describe_exception(exc, "compile")
    import keras

    namespace = {"__name__": "__submission__", "__builtins__": __builtins__}
    try:
        exec(compiled, namespace)  # noqa: S102 - running the submission is this program's purpose
    except BaseException as exc:  # noqa: BLE001 - SystemExit and friends are reported, not obeyed
        return describe_exception(exc, "define")
    calls = call_results(namespace, request.get("calls") or [])
    if not request.get("needs_model", True):  # a numeric exercise: the answer is a function, not a model
        return {"status": "ok", "calls": calls}
    variable = request["model_variable"]
    if variable not in namespace:
        return {"status": "no_model", "variable": variable}
    model = namespace[variable]
    if not isinstance(model, keras.Model):
        return {"status": "not_a_model", "variable": variable, "type": type(model).__name__[:100]}
    report = describe_model(model, keras)
    if calls:
        report["calls"] = calls
    if request.get("mode") == "run":  # the Run button's (grader/run_mode.py): also what summary() says
        report.update(summary_of(model, request.get("input_shape")))
    return report


def call_results(namespace: dict, calls: list) -> list[dict]:
    """Each numeric check's call (grader/numeric.py): the function on its drawn arguments, as plain
    data. Only reported: the trusted side reads these as untrusted and bounds them again."""
    import numpy

    return [call_result(namespace, call, numpy) for call in calls]


def call_result(namespace: dict, call: dict, numpy) -> dict:
    function = namespace.get(call["function"])
    if not callable(function):
        return {"error": {"status": "missing"}}
    arguments = [numpy.asarray(argument, dtype="float64") for argument in call["arguments"]]
    try:
        returned = function(*arguments)
    except BaseException as exc:  # noqa: BLE001 - the learner's function failing is their result
        return {"error": describe_exception(exc, "call")}
    try:
        value = numpy.asarray(returned, dtype="float64")
    except BaseException:  # noqa: BLE001 - e.g. None, a dict, rows of different lengths
        return {"value": f"not numbers: {type(returned).__name__}"[:100]}
    if value.size > MAX_CALL_NUMBERS:
        return {"value": "too_large", "shape": list(value.shape)[:8]}
    return {"value": value.tolist()}


MAX_CALL_NUMBERS = 4096  # as grader.numeric.MAX_ELEMENTS, which the trusted side enforces itself


def summary_of(model, input_shape: object) -> dict:
    """`model.summary()` as text, an unbuilt model first built for the exercise's input (after its
    description was taken, which building would change). Text for the learner to read: no verdict reads it."""
    try:
        if not model.built and isinstance(input_shape, list):
            model.build(tuple(input_shape))
        lines: list[str] = []
        model.summary(print_fn=lambda text, *args, **kwargs: lines.append(str(text)))
        return {"summary": "\n".join(lines)[:MAX_SUMMARY]}
    except BaseException as exc:  # noqa: BLE001 - a model whose summary fails is still reported
        return {"summary_error": f"{type(exc).__name__}: {exc}"[:MAX_TEXT]}


READY = b"R"  # written once the sandbox is in place
STARTED = b"S"  # written just before the learner's code is compiled and run


def run_and_report(request: dict, report_fd: int) -> None:
    """Run, write the report, and leave at once (no interpreter teardown, no atexit handlers)."""
    os.write(report_fd, READY)
    reporter = os.getpid()
    try:
        report = run_submission(request, report_fd)
        data = json.dumps(report).encode()
    except BaseException as exc:  # noqa: BLE001 - e.g. a report made unserializable by the code
        data = json.dumps(describe_exception(exc, "report")).encode()
    if os.getpid() != reporter:
        os._exit(0)  # a process the submission forked: only the original one reports
    try:
        with os.fdopen(report_fd, "wb", closefd=False) as out:
            out.write(data)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
