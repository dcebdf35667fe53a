"""The one place the site calls the grader: the Celery task and `manage.py grade` both come here."""

from grader import ExerciseSpec, GradeResult, grade


def grade_code(spec: ExerciseSpec, code: str | bytes) -> GradeResult:
    return grade(spec, code)
