"""Course fixtures: charlie's course (alice joined it), and dave, an instructor of ANOTHER course.

With the personas of tests/conftest.py: alice (a learner of the course), bob (another learner, not
in it) and dave (staff, teaching only his own course) must each be refused what is not theirs.
"""

import pytest
from course_factories import make_course, make_quiz
from django.contrib.auth.models import User


@pytest.fixture
def dave(db):
    """An instructor of another course: staff, but not an instructor of charlie's course."""
    return User.objects.create_user("dave", "dave@example.com", "dave-password-1", is_staff=True)


@pytest.fixture
def quiz(db):
    return make_quiz("rnn-shapes", "RNN shapes", topic="return_sequences")


@pytest.fixture
def course(charlie, alice, exercises, quiz):
    """charlie teaches it; alice joined it; two exercises then a quiz."""
    return make_course(
        charlie,
        "Recurrent layers",
        items=[exercises["single-output"], exercises["multiple-output"], quiz],
        learners=[alice],
    )


@pytest.fixture
def daves_course(dave, bob, exercises):
    """dave teaches it; bob joined it; it holds the same first exercise as charlie's course."""
    return make_course(dave, "Dave's course", items=[exercises["single-output"]], learners=[bob])
