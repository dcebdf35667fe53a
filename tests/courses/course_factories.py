"""Builders for course tests: courses with items and learners, quiz progress (graded submissions: support.graded)."""

from datetime import datetime

from django.utils import timezone

from unroll.courses.actions import add_item, create_course
from unroll.courses.models import Course, Enrollment
from unroll.quizzes.models import Quiz, QuizProgress


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
