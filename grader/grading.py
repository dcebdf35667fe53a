"""`grade()`: refuse bad input, run the submission, and compute the verdict from plain data."""

import atexit
import logging
import secrets
import signal
import time
from dataclasses import dataclass, field, replace

from grader import diagnosis, numeric
from grader.checks import CheckResult, feedback_from, run_checks, underived
from grader.facts import ModelFacts
from grader.limits import Limits
from grader.reports import MAX_REPORT_DEPTH, REFUSED_STATUS, TOO_DEEP, depth_within, refused_report
from grader.runner import Runner, RunOutcome, Usage
from grader.spec import ExerciseSpec
from grader.structure import StructureError, facts_from_config
from grader.wording import check_name, without_internals

logger = logging.getLogger(__name__)

VERDICTS = (
    "accepted",
    "wrong_answer",
    "syntax_error",
    "runtime_error",
    "time_limit",
    "memory_limit",
    "output_limit",
    "rejected",
    "internal_error",
)
# A run that the machine (not the learner) ended is run again this many times, then internal_error.
MACHINE_RETRIES = 2
# What TensorFlow and C++ print when a thread cannot be created (pthread_create's EAGAIN).
THREAD_START_FAILURES = ("creation via pthread_create() failed", "what():  Resource temporarily unavailable")
MEMORY_SIGNS = ("MemoryError", "bad_alloc", "ResourceExhausted", "Cannot allocate memory", "OOM")


@dataclass
class GradeResult:
    verdict: str
    score: float
    checks: list[dict]
    feedback: list[str]
    output_shape: list[int] | None = None
    usage: Usage = field(default_factory=Usage)
    stdout: str = ""
    timings: dict = field(default_factory=dict)
    # What the trusted side read from the model, for callers that derive expectations from it
    # (grader.variants); not part of the stored JSON contract, so as_dict leaves it out.
    facts: ModelFacts | None = field(default=None, repr=False, compare=False)

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "score": self.score,
            "checks": self.checks,
            "feedback": self.feedback,
            "output_shape": self.output_shape,
            "usage": self.usage.as_dict(),
            "stdout": self.stdout,
            "timings": self.timings,
        }


def not_run_checks(spec: ExerciseSpec, reason: str) -> list[dict]:
    return [{"name": check_name(check), "passed": False, "message": reason} for check in spec.checks]


def refusal(code: str | bytes, limits: Limits) -> str | None:
    """Why the input cannot be run at all, or None when it can."""
    if isinstance(code, bytes):
        try:
            code = code.decode("utf-8")
        except UnicodeDecodeError:
            return "Your file is not UTF-8 text. Save it as UTF-8 and submit it again."
    if "\x00" in code:
        return "Your code contains a NUL byte, which Python source cannot contain. Remove it and submit again."
    size = len(code.encode("utf-8"))
    if size > limits.code_kb * 1024:
        return f"Your code is {size // 1024} KB, larger than {limits.code_kb} KB: submissions are limited to {limits.code_kb} KB."
    if not code.strip():
        return "Your submission is empty: write the code that builds `model`."
    return None


@dataclass(frozen=True)
class NumericRun:
    """One grading's numeric calls (grader/numeric.py) and the reference solution's results for them
    (None when the reference was not run: then no numeric check can pass)."""

    calls: list[numeric.Call]
    expected: list[numeric.Reported] | None = None


def grade(
    spec: ExerciseSpec,
    code: str | bytes,
    limits: Limits | None = None,
    runner: Runner | None = None,
    nonce: str | None = None,
) -> GradeResult:
    """Grade one submission against one exercise. Never raises for anything the learner wrote.

    `nonce` seeds the inputs of numeric checks together with the variant; a fresh one is drawn per
    grading unless given (the tests give one to grade twice on the same inputs)."""
    limits = limits or spec.limits
    started = time.monotonic()
    reason = refusal(code, limits)
    if reason:
        return GradeResult("rejected", 0.0, not_run_checks(spec, "Not run: the submission was refused."), [reason])
    if isinstance(code, bytes):
        code = code.decode("utf-8")
    runner = runner or default_engine()
    calls = numeric.draw_calls(spec.slug, spec.checks, nonce or secrets.token_hex(16))
    request = {"code": code, "model_variable": spec.model_variable}
    if calls or not spec.needs_model:
        request.update(calls=[call.request() for call in calls], needs_model=spec.needs_model)
    outcome = run_past_machine_faults(runner, request, limits)
    if machine_fault(outcome):
        result = internal_error(spec)
    else:
        result = judged_with_reference(spec, outcome, limits, code, calls, runner)
    result.usage = outcome.usage
    result.stdout = outcome.stdout
    result.timings = {"grade_ms": int((time.monotonic() - started) * 1000)}
    return result


def judged_with_reference(
    spec: ExerciseSpec, outcome: RunOutcome, limits: Limits, code: str, calls: list, runner: Runner
) -> GradeResult:
    """judge(), after running the reference solution on the same calls when the learner's run has results."""
    report = outcome.report if isinstance(outcome.report, dict) else {}
    if not calls or report.get("status") != "ok" or limit_hit(outcome, limits):
        return judge(spec, outcome, limits, code, NumericRun(calls))
    expected = reference_results(spec, calls, runner)
    if isinstance(expected, str):
        return reference_failed(spec, expected)
    return judge(spec, outcome, limits, code, NumericRun(calls, expected))


def reference_results(spec: ExerciseSpec, calls: list, runner: Runner) -> list | str:
    """The reference solution's results for the calls, from a sandboxed run of its own (the learner's run
    could rewrite anything that runs beside it), or why there are none: an exercise bug, never the learner's."""
    if not spec.reference_code:
        return "the exercise's numeric checks were not derived from its reference solution"
    request = {
        "code": spec.reference_code,
        "model_variable": spec.model_variable,
        "calls": numeric.reference_calls(calls, spec.checks),
        "needs_model": False,
    }
    outcome = run_past_machine_faults(runner, request, spec.limits)
    report = outcome.report if isinstance(outcome.report, dict) else {}
    if machine_fault(outcome) or report.get("status") != "ok":
        logger.error("the reference solution of %s ended: %s", spec.slug, outcome.stderr[-1000:])
        return f"the reference solution's run gave {report.get('status') or 'no report'}"
    functions = [entry["function"] for entry in request["calls"]]
    results = numeric.read_results(report, calls, functions)
    for result in results:
        if result.numbers is None:
            return f"the reference solution's results are unusable: {result.refused or result.error}"
    return results


def reference_failed(spec: ExerciseSpec, why: str) -> GradeResult:
    logger.error("numeric checks of %s: %s", spec.slug, why)
    message = (
        f"Grading failed on our side, not yours: {why[:300]}. This is a problem with the exercise; "
        "this attempt does not count."
    )
    return GradeResult("internal_error", 0.0, not_run_checks(spec, "Not run: grading failed."), [message])


def run_past_machine_faults(runner: Runner, request: dict, limits: Limits) -> RunOutcome:
    """Run; a run that the machine ended (not the learner) is run again, up to MACHINE_RETRIES times."""
    for attempt in range(MACHINE_RETRIES + 1):
        outcome = runner.run(request, limits)
        fault = machine_fault(outcome)
        if not fault:
            return outcome
        logger.warning(
            "run %d of %d failed on the machine's side: %s (%s)",
            attempt + 1,
            MACHINE_RETRIES + 1,
            fault,
            outcome.stderr[-300:],
        )
        time.sleep(0.2 * (attempt + 1))
    return outcome


def machine_fault(outcome: RunOutcome) -> str | None:
    """Why this run ended by the machine's doing rather than the learner's, or None.

    A run whose sandbox never started, or that died before the learner's code began, cannot be
    the learner's doing; nor can TensorFlow failing to start a thread while the run was under
    its own process limit (where a control group tells; elsewhere it is presumed the machine's).
    """
    if not outcome.isolated:
        return "the sandbox did not start"
    died = outcome.report is None and not (outcome.wall_timeout or outcome.output_exceeded)
    if died and not outcome.started:
        return "the run died before the learner's code started"
    if died and thread_start_failed(outcome.stderr) and not outcome.processes_limit_hit:
        return "a thread could not be started"
    return None


def thread_start_failed(stderr: str) -> bool:
    return any(sign in stderr for sign in THREAD_START_FAILURES)


def default_engine() -> Runner:
    """One warm engine per process for callers that do not bring their own runner."""
    global _default_engine
    if _default_engine is None:
        from grader.engine import WarmEngine

        _default_engine = WarmEngine(slots=2).start()
        atexit.register(_default_engine.close)
    return _default_engine


_default_engine = None


def internal_error(spec: ExerciseSpec) -> GradeResult:
    message = "Grading failed on our side, not yours. This attempt does not count; please submit again."
    return GradeResult("internal_error", 0.0, not_run_checks(spec, "Not run: grading failed."), [message])


def limit_hit(outcome: RunOutcome, limits: Limits) -> str | None:
    """Which limit ended the run ("output", "wall", "cpu", "memory"), checked in that order, or None.

    Grading and the Run button (grader/run_mode.py) both ask this; each says it in its own words.
    """
    if outcome.output_exceeded:
        return "output"
    if outcome.wall_timeout:
        return "wall"
    cpu_exhausted = outcome.usage.cpu_ms >= limits.cpu_seconds * 1000
    if outcome.signal == signal.SIGXCPU or (outcome.signal == signal.SIGKILL and cpu_exhausted):
        return "cpu"
    report = outcome.report or {}
    memory_signs = report.get("status") != "ok" and any(sign in outcome.stderr for sign in MEMORY_SIGNS)
    if report.get("status") == "memory_error" or memory_signs or outcome.memory_oom_kills:
        return "memory"
    return None


def limit_verdict(outcome: RunOutcome, limits: Limits) -> GradeResult | None:
    """Limits first: a run that hit one is judged by that, whatever it reported."""
    verdicts = {
        "output": ("output_limit", f"Your code printed more than {limits.output_kb} KB. Remove the prints in loops."),
        "wall": ("time_limit", f"Your code ran past the wall-clock limit of {limits.wall_seconds} s and was stopped."),
        "cpu": ("time_limit", f"Your code used up the CPU time limit of {limits.cpu_seconds} s and was stopped."),
        "memory": ("memory_limit", f"Your code needed more than {limits.memory_mb} MB of memory and was stopped."),
    }
    hit = limit_hit(outcome, limits)
    return limit_result(*verdicts[hit]) if hit else None


def limit_result(verdict: str, message: str) -> GradeResult:
    return GradeResult(verdict, 0.0, [], [message])


def judge(
    spec: ExerciseSpec, outcome: RunOutcome, limits: Limits, code: str = "", numeric_run: NumericRun | None = None
) -> GradeResult:
    """The verdict of one run, from its outcome alone; one of VERDICTS for any report, never raises.
    `code`, the submission, only chooses the words of an error's advice; `numeric_run` holds the calls
    the run was asked to make and the reference's results for them (plain data, as the report)."""
    if not outcome.isolated:
        logger.error("the sandbox did not start: %s", outcome.stderr[-500:])
        return internal_error(spec)
    outcome = with_readable_report(outcome)
    result = limit_verdict(outcome, limits)
    if result:
        result.checks = not_run_checks(spec, "Not run: the run hit a limit.")
        return result
    report = outcome.report
    if report is None:
        return error_result(spec, "runtime_error", ended_early_advice(outcome, limits))
    status = report.get("status")
    if status == "ok":
        return judge_model(spec, report, numeric_run or NumericRun([]))
    if status == REFUSED_STATUS:
        return error_result(spec, "wrong_answer", diagnosis.refused_report_advice(report.get("reason")))
    if isinstance(status, str) and status in REPORTED_ERRORS:
        return reported_error(spec, status, report, code)
    return error_result(spec, "runtime_error", "Your program ended before its model could be checked.")


def with_readable_report(outcome: RunOutcome) -> RunOutcome:
    """The outcome with a report judge() may walk: a mapping within the depth bound.

    runner.parse_report already gives nothing else; this keeps judge() total for an outcome
    built any other way. Deeper: refused, as parse_report refuses it; not a mapping: none.
    """
    report = outcome.report
    if report is None:
        return outcome
    if not depth_within(report, MAX_REPORT_DEPTH):
        return replace(outcome, report=refused_report(TOO_DEEP))
    if not isinstance(report, dict):
        return replace(outcome, report=None)
    return outcome


UNREADABLE_ERROR_REPORT = (
    "Your program stopped before its model could be checked, and what it reported could not be read."
)


def reported_error(spec: ExerciseSpec, status: str, report: dict, code: str = "") -> GradeResult:
    """The verdict a reported error gives, with its advice; a report the advice cannot read still gets it."""
    verdict, advice = REPORTED_ERRORS[status]
    try:
        message = diagnosis.exception_advice(report, spec, code) if status == "exception" else advice(report, spec)
    except Exception:  # noqa: BLE001 - the last line of defence: any report gets a verdict
        logger.exception("the advice for a %s report failed", status)
        message = UNREADABLE_ERROR_REPORT
    return error_result(spec, verdict, message)


def ended_early_advice(outcome: RunOutcome, limits: Limits) -> str:
    """Why a run that left no report ended, as far as the trusted side can tell."""
    if outcome.processes_limit_hit:
        return (
            f"Your program started more threads or processes than a run may hold ({limits.processes}), "
            "so TensorFlow could not start its own and the program ended. Do not start threads or processes."
        )
    how = f"exit code {outcome.exit_code}" if outcome.exit_code is not None else f"signal {outcome.signal}"
    return f"Your program ended ({how}) before its model could be checked."


# What the sandboxed run may report instead of a model. These are claims of the untrusted
# side, which can only make its own verdict worse; "ok" is never taken on its word.
REPORTED_ERRORS = {
    "syntax_error": ("syntax_error", lambda report, spec: diagnosis.syntax_error_advice(report)),
    "exception": ("runtime_error", diagnosis.exception_advice),
    "no_model": ("runtime_error", lambda report, spec: diagnosis.no_model_advice(report)),
    "not_a_model": ("runtime_error", lambda report, spec: diagnosis.not_a_model_advice(report)),
    "unserializable": ("wrong_answer", lambda report, spec: diagnosis.unserializable_advice(report)),
    "model_too_large": ("wrong_answer", lambda report, spec: diagnosis.too_large_advice()),
}

NOT_RUN_REASONS = {
    "syntax_error": "Not run: the code has a syntax error.",
    "runtime_error": "Not run: the code stopped with an error before its model could be checked.",
    "wrong_answer": "Not run: the model cannot be checked as it is.",
}


def error_result(spec: ExerciseSpec, verdict: str, message: str) -> GradeResult:
    return GradeResult(verdict, 0.0, not_run_checks(spec, NOT_RUN_REASONS[verdict]), [without_internals(message)])


def judge_model(spec: ExerciseSpec, report: dict, numeric_run: NumericRun) -> GradeResult:
    """The trusted half: facts from the model's description, the numeric results, then the declared checks.

    structure.py turns every description it cannot read into a StructureError; should one
    still raise anything else, the learner gets wrong_answer and the log gets the traceback.
    """
    try:
        return judged_model(spec, report, numeric_run)
    except Exception:  # noqa: BLE001 - the last line of defence: any description gets a verdict
        logger.exception("judging a model's description failed")
        return error_result(spec, "wrong_answer", diagnosis.unreadable_model_advice())


def judged_model(spec: ExerciseSpec, report: dict, numeric_run: NumericRun) -> GradeResult:
    facts = None
    if spec.needs_model:
        try:
            facts = facts_from_config(report.get("model"), spec.input_shape)
        except StructureError as exc:
            verdict, message = diagnosis.structure_advice(exc, spec)
            return error_result(spec, verdict, message)
    model_checks = replace(spec, checks=tuple(c for c in spec.checks if c["kind"] != numeric.KIND))
    by_model = iter(run_checks(facts, model_checks) if facts is not None else [])
    by_numbers = numeric_results(spec, report, numeric_run)
    results: list[CheckResult] = [
        by_numbers[index] if check["kind"] == numeric.KIND else next(by_model)
        for index, check in enumerate(spec.checks)
    ]
    passed = sum(r.passed for r in results)
    accepted = passed == len(results)
    return GradeResult(
        verdict="accepted" if accepted else failing_verdict(results),
        score=1.0 if accepted else round(passed / len(results), 2),
        checks=[r.as_dict() for r in results],
        feedback=[without_internals(m) for m in feedback_from(results)] if not accepted else [],
        output_shape=facts.output_shape if facts is not None else None,
        facts=facts,
    )


def numeric_results(spec: ExerciseSpec, report: dict, numeric_run: NumericRun) -> dict[int, CheckResult]:
    """Each numeric check's result, by its index among the checks: the learner's reported results
    (untrusted, read as bounded arrays of finite numbers) against the reference's for the same calls."""
    checks = numeric.numeric_checks(spec.checks)
    calls, expected = numeric_run.calls, numeric_run.expected
    if expected is None or len(expected) != len(calls) or {c.check_index for c in calls} != {i for i, _ in checks}:
        return {index: underived(check) for index, check in checks}
    learner = numeric.read_results(report, calls, [call.function for call in calls])
    found = {}
    for index, check in checks:
        mine = [at for at, call in enumerate(calls) if call.check_index == index]
        found[index] = numeric.check_numeric(
            check, [calls[at] for at in mine], [learner[at] for at in mine], [expected[at] for at in mine]
        )
    return found


def failing_verdict(results: list[CheckResult]) -> str:
    """wrong_answer, or runtime_error when the first advice is that the learner's function raised."""
    ranked = sorted((a for r in results for a in r.advice), key=lambda a: a.priority)
    return "runtime_error" if ranked and ranked[0].key.startswith(numeric.ERROR_KEY) else "wrong_answer"
