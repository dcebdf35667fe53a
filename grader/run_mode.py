"""The Run button's mode: run a learner's code in the grading sandbox and show what it did, without a verdict.

`run_code(spec, code)` goes through the same refusal, warm engine, limits and machine-fault retries as
`grade()`, and returns plain bounded data for the page: what the code printed, `model.summary()` (text
the sandboxed run computed: shown, never judged), each layer's output shape for the exercise's input and
the drawing of the model (both derived here, on the trusted side, from the model's description, as the
feedback's are), or, when the code failed, why in the learner's words. No verdict, no score.
"""

import time
from dataclasses import asdict, dataclass, field

from grader import diagnosis
from grader.drawing import draw_model
from grader.grading import (
    REPORTED_ERRORS,
    default_engine,
    limit_hit,
    machine_fault,
    refusal,
    reported_error,
    run_past_machine_faults,
    with_readable_report,
)
from grader.limits import Limits
from grader.reports import REFUSED_STATUS
from grader.runner import Runner, RunOutcome, Usage
from grader.spec import ExerciseSpec
from grader.structure import StructureError, facts_from_config
from grader.wording import format_shape, without_internals

# Characters of each stream shown to the learner; the runner already stops a run past limits.output_kb.
SHOWN_OUTPUT_CHARS = 16 * 1024
SHOWN_SUMMARY_CHARS = 16 * 1024
MACHINE_FAILURE = "Running failed on our side, not yours. Click Run again in a moment."
DRAWING_LABEL = "Your model"
RUN_STATUSES = ("ok", "error", "internal_error")


@dataclass
class RunResult:
    """What one run showed. `status`: "ok" (the code ran and built its model), "error" (it did not, or hit
    a limit: `error` says why in the learner's words) or "internal_error" (our fault)."""

    status: str
    error: str | None = None
    stdout: str = ""
    stderr: str = ""
    summary: str | None = None
    layers: list[dict] = field(default_factory=list)  # [{"name", "class", "output_shape": "(1, 3, 4)"}]
    drawing: dict | None = None  # grader.drawing's Drawing as a dict: svg (or None), text, table, steps
    usage: Usage = field(default_factory=Usage)
    timings: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {**asdict(self), "usage": self.usage.as_dict()}


def run_code(
    spec: ExerciseSpec, code: str | bytes, limits: Limits | None = None, runner: Runner | None = None
) -> RunResult:
    """Run the code once in the sandbox, as grading does, and say what it did. Never raises for the learner's code."""
    limits = limits or spec.limits
    started = time.monotonic()
    reason = refusal(code, limits)
    if reason:
        return RunResult("error", error=reason)
    if isinstance(code, bytes):
        code = code.decode("utf-8")
    request = {
        "code": code,
        "model_variable": spec.model_variable,
        "mode": "run",
        "input_shape": list(spec.input_shape),
        "needs_model": spec.needs_model,  # an exercise whose answer is a function: the code runs, nothing more
    }
    outcome = run_past_machine_faults(runner or default_engine(), request, limits)
    result = (
        RunResult("internal_error", error=MACHINE_FAILURE)
        if machine_fault(outcome)
        else shown(spec, outcome, limits, code)
    )
    result.stdout = bounded_text(outcome.stdout, SHOWN_OUTPUT_CHARS)
    result.stderr = bounded_text(outcome.stderr, SHOWN_OUTPUT_CHARS)
    result.usage = outcome.usage
    result.timings = {"run_ms": int((time.monotonic() - started) * 1000)}
    return result


def bounded_text(text: str, limit: int) -> str:
    """The text, cut at `limit` characters with a note saying how much was left out."""
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n… cut here: {len(text) - limit} more characters not shown."


def shown(spec: ExerciseSpec, outcome: RunOutcome, limits: Limits, code: str) -> RunResult:
    """What the page shows of one run that the sandbox ran: the limit it hit, its error, or its model."""
    outcome = with_readable_report(outcome)
    limit = limit_message(outcome, limits)
    if limit:
        return RunResult("error", error=limit)
    report = outcome.report
    if report is None:
        how = f"exit code {outcome.exit_code}" if outcome.exit_code is not None else f"signal {outcome.signal}"
        return RunResult("error", error=f"Your program ended ({how}) before its model could be shown.")
    status = report.get("status")
    if status == "ok" and not spec.needs_model:
        return RunResult("ok")  # no model to show: what the code printed is the run's whole output
    if status == "ok":
        return model_shown(spec, report)
    if status == REFUSED_STATUS:
        return RunResult("error", error=without_internals(diagnosis.refused_report_advice(report.get("reason"))))
    if isinstance(status, str) and status in REPORTED_ERRORS:
        return RunResult("error", error=reported_error(spec, status, report, code).feedback[0])
    return RunResult("error", error="Your program ended before its model could be shown.")


def limit_message(outcome: RunOutcome, limits: Limits) -> str | None:
    """The limit a run hit (the same limits as grading, found by grading's own `limit_hit`), said as the Run button's."""
    messages = {
        "output": f"Your run printed more than {limits.output_kb} KB and was stopped there. Remove the prints in loops.",
        "wall": f"Your run passed the wall limit of {limits.wall_seconds} s and was stopped.",
        "cpu": f"Your run used more than {limits.cpu_seconds} s of CPU time and was stopped.",
        "memory": f"Your run needed more than {limits.memory_mb} MB of memory and was stopped.",
    }
    hit = limit_hit(outcome, limits)
    return messages[hit] if hit else None


def model_shown(spec: ExerciseSpec, report: dict) -> RunResult:
    """The model's layers, shapes and drawing, derived from its description; summary() as the run wrote it."""
    summary = report.get("summary")
    summary = bounded_text(summary, SHOWN_SUMMARY_CHARS) if isinstance(summary, str) else None
    if summary is None and isinstance(report.get("summary_error"), str):
        summary = "model.summary() failed: " + bounded_text(report["summary_error"], 2000)
    try:
        facts = facts_from_config(report.get("model"), spec.input_shape)
    except StructureError as exc:
        return RunResult("error", error=diagnosis.structure_advice(exc, spec)[1], summary=summary)
    except Exception:  # noqa: BLE001 - as judge_model: any description gets an answer
        return RunResult("error", error=diagnosis.unreadable_model_advice(), summary=summary)
    drawing = draw_model(list(facts.layers), list(spec.input_shape), label=DRAWING_LABEL)
    return RunResult(
        "ok", summary=summary, layers=[layer_row(layer) for layer in facts.layers], drawing=asdict(drawing)
    )


def layer_row(layer: dict) -> dict:
    shapes = layer.get("output_shapes") or [layer.get("output_shape")]
    return {
        "name": layer.get("name") or "",
        "class": layer.get("class") or "",
        "output_shape": ", ".join(format_shape(shape) for shape in shapes),
    }
