"""Unroll's grading library: runs a Keras submission in a sandbox and judges it from plain data.

It does not import Django, so it can be tested and reused alone; the Celery task and the
`grade` management command are thin adapters around `grade()`. See grader/README.md.
"""

from grader.grading import VERDICTS, GradeResult, grade
from grader.limits import DEFAULT_LIMITS, Limits
from grader.run_mode import RunResult, run_code
from grader.runner import EngineFailure, Runner, RunOutcome
from grader.spec import ExerciseSpec, SpecError
from grader.variants import ExerciseTemplate, VariantError, render_text, variant_spec

__all__ = [
    "DEFAULT_LIMITS",
    "VERDICTS",
    "EngineFailure",
    "ExerciseSpec",
    "ExerciseTemplate",
    "GradeResult",
    "Limits",
    "RunOutcome",
    "RunResult",
    "Runner",
    "SpecError",
    "VariantError",
    "grade",
    "render_text",
    "run_code",
    "variant_spec",
]
