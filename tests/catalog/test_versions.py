"""Editing a published exercise makes a new version; submissions record the version they were graded
against; learners' progress survives the edit."""

import shutil

import pytest
from django.conf import settings
from django.utils import timezone

from grader import GradeResult
from unroll.catalog.models import Exercise
from unroll.catalog.sync import sync_exercises
from unroll.progress.models import Progress
from unroll.submissions.actions import record_verdict, start_grading, submit_attempt
from unroll.submissions.models import Submission
from unroll.submissions.tasks import grade_submission


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


def change_units(root, units: int) -> None:
    """A new version whose answer differs: the old reference solution is wrong under it."""
    for name in ("exercise.yaml", "solution.py", "statement.md"):
        path = root / "single-output" / name
        path.write_text(
            path.read_text()
            .replace("SimpleRNN(4", f"SimpleRNN({units}")
            .replace("[1, 4]", f"[1, {units}]")
            .replace("units: 4", f"units: {units}")
        )


@pytest.mark.slow
def test_a_submission_waiting_through_a_new_version_is_graded_against_the_one_its_learner_saw(db, tmp_path, alice):
    root = copy_of_guide(tmp_path)
    sync_exercises(root)
    exercise = Exercise.objects.get(slug="single-output")
    old_reference = exercise.solution_code
    waiting = submit_attempt(alice, exercise, old_reference)
    # As if sent: no worker's sweeper takes it while this test grades it itself.
    Submission.objects.filter(pk=waiting.pk).update(sent_at=timezone.now(), sends=1)
    change_units(root, 5)
    sync_exercises(root)
    exercise.refresh_from_db()
    assert exercise.version == 2

    grade_submission.apply(args=[waiting.pk])  # the task's own path, in this process
    afterwards = submit_attempt(alice, exercise, old_reference)
    Submission.objects.filter(pk=afterwards.pk).update(sent_at=timezone.now(), sends=1)
    grade_submission.apply(args=[afterwards.pk])

    waiting.refresh_from_db()
    afterwards.refresh_from_db()
    assert (waiting.exercise_version.number, waiting.verdict) == (1, "accepted")
    assert (afterwards.exercise_version.number, afterwards.verdict) == (2, "wrong_answer")
