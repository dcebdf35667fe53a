"""sync_quizzes: the database matches the quiz files, idempotently, keyed by uuid; a quiz with a
problem is reported with its file and field, exits non-zero, and is not published."""

import uuid

import pytest
from django.core.management import CommandError, call_command
from quiz_support import RIGHT, quiz_text, write_quiz

from unroll.quizzes.actions import submit_attempt
from unroll.quizzes.models import Quiz, QuizProgress, QuizVersion
from unroll.quizzes.sync import sync_quizzes

pytestmark = pytest.mark.django_db


def no_grader():
    raise AssertionError("no quiz here has a predict question: the grader must not be started")


def sync(root):
    return sync_quizzes(root, runner_factory=no_grader)


def test_a_new_quiz_is_created_then_left_unchanged(tmp_path):
    write_quiz(tmp_path, quiz_text(slug="basics"))
    first = sync(tmp_path)
    assert (first.created, first.errors) == (["basics"], [])
    again = sync(tmp_path)
    assert (again.created, again.updated, again.unchanged) == ([], [], ["basics"])
    quiz = Quiz.objects.get(slug="basics")
    assert (quiz.version, QuizVersion.objects.filter(quiz=quiz).count()) == (1, 1)
    assert [q["key"] for q in quiz.questions] == ["units", "tasks", "steps", "sequence-shape"]
    assert quiz.source == (tmp_path / "basics" / "quiz.yaml").read_text()


def test_a_changed_file_makes_a_new_version_and_keeps_progress(tmp_path, alice):
    quiz_uuid = str(uuid.uuid4())
    folder = write_quiz(tmp_path, quiz_text(slug="basics", quiz_uuid=quiz_uuid))
    sync(tmp_path)
    submit_attempt(alice, Quiz.objects.get(slug="basics"), RIGHT)
    (folder / "quiz.yaml").write_text(quiz_text(slug="renamed", quiz_uuid=quiz_uuid, attempts=5))
    assert sync(tmp_path).updated == ["renamed"]
    quiz = Quiz.objects.get(uuid=quiz_uuid)
    assert (quiz.slug, quiz.attempts_allowed, quiz.version) == ("renamed", 5, 2)
    assert QuizProgress.objects.get(learner=alice, quiz=quiz).attempts == 1
    assert quiz.attempts.get().version.number == 1  # the attempt still shows what it answered


def test_a_broken_edit_is_reported_and_the_live_version_stays(tmp_path):
    quiz_uuid = str(uuid.uuid4())
    folder = write_quiz(tmp_path, quiz_text(slug="basics", quiz_uuid=quiz_uuid))
    sync(tmp_path)
    live = Quiz.objects.get(slug="basics").source
    (folder / "quiz.yaml").write_text(quiz_text(slug="basics", quiz_uuid=quiz_uuid).replace("answer: 7", "answer: x"))
    report = sync(tmp_path)
    assert not report.ok and report.created == report.updated == []
    [error] = report.errors
    assert str(error).startswith(f"{folder}/quiz.yaml:") and "questions[2].answer: must be a number" in str(error)
    quiz = Quiz.objects.get(slug="basics")
    assert quiz.source == live and quiz.version == 1 and quiz.is_published


def test_an_invalid_new_quiz_is_not_published_and_the_others_are(tmp_path):
    write_quiz(tmp_path, quiz_text(slug="good"))
    write_quiz(tmp_path, quiz_text(slug="bad").replace("type: multiple", "type: essay"))
    report = sync(tmp_path)
    assert report.created == ["good"] and [e.where for e in report.errors] == ["questions[1].type"]
    assert list(Quiz.objects.values_list("slug", flat=True)) == ["good"]


def test_two_files_with_one_uuid_or_slug_are_errors(tmp_path):
    shared = str(uuid.uuid4())
    write_quiz(tmp_path, quiz_text(slug="one", quiz_uuid=shared))
    write_quiz(tmp_path, quiz_text(slug="two", quiz_uuid=shared))
    write_quiz(tmp_path, quiz_text(slug="one"), folder="one-again")
    errors = {(e.path.name, e.where) for e in sync(tmp_path).errors}
    assert ("two", "uuid") in errors and ("one-again", "slug") in errors


def test_the_command_reports_the_file_and_field_and_exits_non_zero(tmp_path, capsys):
    write_quiz(tmp_path, quiz_text(slug="bad").replace("penalty: [1.0, 0.5]", "penalty: [2]"))
    with pytest.raises(CommandError, match="not published"):
        call_command("sync_quizzes", root=tmp_path)
    assert f"{tmp_path}/bad/quiz.yaml:7: penalty[0]: must be a number from 0 to 1" in capsys.readouterr().err
    assert not Quiz.objects.exists()


def test_the_command_refuses_a_missing_folder(tmp_path):
    with pytest.raises(CommandError, match="is not a folder of quizzes"):
        call_command("sync_quizzes", root=tmp_path / "nowhere")


def test_an_unpublished_quiz_stays_unpublished_when_its_file_changes(tmp_path):
    quiz_uuid = str(uuid.uuid4())
    folder = write_quiz(tmp_path, quiz_text(slug="basics", quiz_uuid=quiz_uuid))
    sync(tmp_path)
    Quiz.objects.update(is_published=False)
    (folder / "quiz.yaml").write_text(quiz_text(slug="basics", quiz_uuid=quiz_uuid, attempts=4))
    sync(tmp_path)
    assert not Quiz.objects.get().is_published
