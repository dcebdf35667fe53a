"""The world the permission matrix (tests/test_permission_matrix.py) is crawled over: seven personas and
one of every object a URL can name, built through the site's own actions.

    world = build_world()          # inside a test (or a fixture) with database access
    world.users["author"]          # one of PERSONAS (None for "anonymous")

Who is who:
- `learner` joined the course: a graded submission, a run and a quiz attempt of his own;
- `other_learner` is not in the course: he joined the other course and has his own submission;
- `other_instructor` (staff) teaches the other course, which holds the same exercise: he may teach with
  it, yet must not see the learner's work (the learner is not in his course);
- `course_instructor` (staff) teaches the course; he is no author of its exercise or quiz;
- `author` (staff) wrote the exercise and the quiz, and has a draft of each open, and a draft of a new
  exercise and of a new quiz (duplicates); he teaches no course;
- `superuser` may do anything.
"""

from dataclasses import dataclass
from unittest import mock

from django.conf import settings
from django.contrib.auth.models import User

from support import check, graded, published_quiz

PERSONAS = ("anonymous", "learner", "other_learner", "other_instructor", "course_instructor", "author", "superuser")
EXERCISE_SLUG = "single-output"  # one of exercises/: it has hints; its figure and an image are added below
# A 1×1 PNG, as an exercise folder's images/ are stored (base64), so the image's URL has a file to serve.
IMAGE_NAME = "images/dot.png"
IMAGE_DATA = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


@dataclass(frozen=True)
class World:
    users: dict  # persona -> User, None for "anonymous"
    exercise: object  # unroll.catalog.models.Exercise: published, in both courses, written by `author`
    quiz: object  # unroll.quizzes.models.Quiz: published, in the course, written by `author`
    course: object  # unroll.courses.models.Course, taught by `course_instructor`, joined by `learner`
    other_course: object  # taught by `other_instructor`, joined by `other_learner`, holds the same exercise
    exercise_item: object  # the course's CourseItem of the exercise
    other_item: object  # the other course's CourseItem of the exercise
    exercise_draft: object  # `author`'s open draft of the exercise
    quiz_draft: object  # `author`'s open draft of the quiz
    new_exercise_draft: object  # `author`'s draft of a new exercise (a duplicate of the exercise, unpublished)
    new_quiz_draft: object  # `author`'s draft of a new quiz (a duplicate of the quiz)
    submission: object  # the learner's graded submission on the exercise
    other_submission: object  # other_learner's, on the same exercise
    run: object  # the learner's run (Run button) on the exercise
    attempt: object  # the learner's quiz attempt

    def user(self, persona: str) -> User | None:
        return self.users[persona]


def personas() -> dict:
    def account(name: str, **flags) -> User:
        return User.objects.create_user(f"m-{name}", f"{name}@example.com", f"{name}-password-1", **flags)

    return {
        "anonymous": None,
        "learner": account("learner"),
        "other_learner": account("other-learner"),
        "other_instructor": account("other-instructor", is_staff=True),
        "course_instructor": account("course-instructor", is_staff=True),
        "author": account("author", is_staff=True),
        "superuser": account("superuser", is_staff=True, is_superuser=True),
    }


def synced_exercise():
    from unroll.catalog.models import Exercise
    from unroll.catalog.sync import sync_exercises

    report = sync_exercises(settings.EXERCISES_DIR)
    assert report.ok, report.errors
    # The URLs of its picture and of its images answer 404 unless it has them: given, so the URLs are reached.
    Exercise.objects.filter(slug=EXERCISE_SLUG).update(show_figure=True, images={IMAGE_NAME: IMAGE_DATA})
    return Exercise.objects.get(slug=EXERCISE_SLUG)


def queued_run(learner, exercise):
    """A run of the learner's, through the Run button's own action; nothing reaches the grading queue."""
    from unroll.submissions import runs

    with mock.patch.object(runs, "send_for_running", return_value=False):
        return runs.request_run(learner, exercise, exercise.starter_code)


def build_world() -> World:
    from unroll.catalog.drafts import draft_for_exercise, duplicate_exercise
    from unroll.courses.actions import add_item, create_course, join_course
    from unroll.quizzes.actions import submit_attempt
    from unroll.quizzes.drafts import draft_for_quiz, duplicate_quiz

    users = personas()
    learner, other_learner, author = users["learner"], users["other_learner"], users["author"]
    exercise, quiz = synced_exercise(), published_quiz()
    exercise.authors.add(author)
    quiz.authors.add(author)

    course = create_course(users["course_instructor"], "The matrix's course")
    exercise_item = add_item(course, exercise=exercise)
    add_item(course, quiz=quiz)
    join_course(learner, course.join_code)
    other_course = create_course(users["other_instructor"], "Another course, with the same exercise")
    other_item = add_item(other_course, exercise=exercise)
    join_course(other_learner, other_course.join_code)

    return World(
        users=users,
        exercise=exercise,
        quiz=quiz,
        course=course,
        other_course=other_course,
        exercise_item=exercise_item,
        other_item=other_item,
        exercise_draft=draft_for_exercise(exercise, author),
        quiz_draft=draft_for_quiz(quiz, author),
        new_exercise_draft=duplicate_exercise(exercise, author),
        new_quiz_draft=duplicate_quiz(quiz, author),
        submission=graded(learner, exercise, "wrong_answer", 0.5, [check("output shape", True), check("units", False)]),
        other_submission=graded(other_learner, exercise, "wrong_answer", 0.25, [check("units", False)]),
        run=queued_run(learner, exercise),
        attempt=submit_attempt(learner, quiz, {"units": "0", "sequence-shape": "(1, 2)"}),
    )
