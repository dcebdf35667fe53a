"""Quiz fixtures: a published quiz of four questions, one warm grading engine for the tests that
compute predict answers."""

import pytest
from quiz_support import publish, quiz_text

from grader.engine import WarmEngine
from unroll.quizzes.models import Quiz


@pytest.fixture
def quiz(db) -> Quiz:
    return publish(quiz_text())


@pytest.fixture(scope="session")
def engine():
    """One warm grading engine (TensorFlow imported once) for the tests that run predict snippets."""
    warm = WarmEngine(slots=2).start()
    yield warm
    warm.close()
