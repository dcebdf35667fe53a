"""Unroll's grading library: runs a Keras submission in isolation and judges it from plain data.

It does not import Django, so it can be tested and reused alone; the Celery task and the
`grade` management command are thin adapters around `grade()`.
"""

from grader.grading import VERDICTS, GradeResult, grade
from grader.limits import DEFAULT_LIMITS, Limits
from grader.runner import Runner, RunOutcome, SubprocessRunner
from grader.spec import ExerciseSpec, SpecError

__all__ = [
    "DEFAULT_LIMITS",
    "VERDICTS",
    "ExerciseSpec",
    "GradeResult",
    "Limits",
    "RunOutcome",
    "Runner",
    "SpecError",
    "SubprocessRunner",
    "grade",
]
