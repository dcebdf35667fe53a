"""Builders for course tests: courses with items and learners, graded submissions, quiz progress."""

from datetime import datetime

from django.utils import timezone

from grader import GradeResult
from unroll.courses.actions import add_item, create_course
from unroll.courses.models import Course, Enrollment
from unroll.quizzes.models import Quiz, QuizProgress
from unroll.submissions.actions import record_verdict, submit_attempt
from unroll.submissions.models import Submission


def make_quiz(slug: str, title: str, topic: str = "quizzes", order: int = 0) -> Quiz:
    return Quiz.objects.create(slug=slug, title=title, topic=topic, order=order)


def make_course(instructor, title: str, items=(), learners=()) -> Course:
    """A course by `instructor` holding `items` (Exercise or Quiz objects, in order) and joined by `learners`."""
    course = create_course(instructor, title)
    for content in items:
        kind = "quiz" if isinstance(content, Quiz) else "exercise"
        add_item(course, **{kind: content})
    for learner in learners:
        Enrollment.objects.create(course=course, learner=learner)
    return course


def check(name: str, passed: bool) -> dict:
    return {"name": name, "passed": passed, "message": "" if passed else f"{name} is wrong"}


def graded(learner, exercise, verdict: str, score: float, checks=(), code: str | None = None) -> Submission:
    """A submission graded through the real action functions (so Progress is what the worker would leave)."""
    submission = submit_attempt(learner, exercise, code or f"model = {score!r}  # {verdict}\n")
    return record_verdict(submission.pk, GradeResult(verdict, score, list(checks), [], None))


def quiz_progress(learner, quiz, attempts: int, best_score: float, solved: bool, at: datetime | None = None):
    at = at or timezone.now()
    return QuizProgress.objects.create(
        learner=learner,
        quiz=quiz,
        attempts=attempts,
        best_score=best_score,
        first_solved_at=at if solved else None,
        last_attempt_at=at,
    )


def item_of(course: Course, content):
    """The course's item holding this exercise or quiz."""
    kind = "quiz" if isinstance(content, Quiz) else "exercise"
    return course.items.get(**{kind: content})
