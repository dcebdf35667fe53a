"""Editing a published exercise makes a new version; submissions record the version they were graded
against; learners' progress survives the edit."""

import shutil

from django.conf import settings

from grader import GradeResult
from unroll.catalog.models import Exercise
from unroll.catalog.sync import sync_exercises
from unroll.progress.models import Progress
from unroll.submissions.actions import record_verdict, start_grading, submit_attempt


def copy_of_guide(tmp_path):
    shutil.copytree(settings.EXERCISES_DIR / "single-output", tmp_path / "single-output")
    return tmp_path


def edit_statement(root, text: str) -> None:
    (root / "single-output" / "statement.md").write_text(text)


def grade_now(learner, exercise, verdict="accepted"):
    submission = submit_attempt(learner, exercise, "model = None\n")
    start_grading(submission.pk)
    record_verdict(submission.pk, GradeResult(verdict, 1.0 if verdict == "accepted" else 0.0, [], []))
    submission.refresh_from_db()
    return submission


def test_a_new_exercise_is_version_one_with_its_snapshot(db, tmp_path):
    sync_exercises(copy_of_guide(tmp_path))
    exercise = Exercise.objects.get(slug="single-output")
    assert exercise.version == 1
    assert [v.number for v in exercise.versions.all()] == [1]


def test_an_edit_makes_a_new_version_and_keeps_the_old_one(db, tmp_path):
    root = copy_of_guide(tmp_path)
    sync_exercises(root)
    edit_statement(root, "A clearer statement.")
    sync_exercises(root)
    exercise = Exercise.objects.get(slug="single-output")
    assert exercise.version == 2
    assert [v.number for v in exercise.versions.all()] == [2, 1]
    assert exercise.versions.get(number=2).statement == "A clearer statement."
    assert exercise.versions.get(number=1).statement != "A clearer statement."


def test_submissions_record_their_version_and_progress_survives(db, tmp_path, alice):
    root = copy_of_guide(tmp_path)
    sync_exercises(root)
    exercise = Exercise.objects.get(slug="single-output")
    before = grade_now(alice, exercise)
    edit_statement(root, "Edited after alice solved it.")
    sync_exercises(root)
    exercise.refresh_from_db()
    after = grade_now(alice, exercise, verdict="wrong_answer")

    assert (before.exercise_version.number, after.exercise_version.number) == (1, 2)
    assert after.as_json()["exercise_version"] == 2
    progress = Progress.objects.get(learner=alice, exercise=exercise)
    assert (progress.attempts, progress.best_score) == (2, 1.0)
    assert progress.first_solved_at == before.graded_at
