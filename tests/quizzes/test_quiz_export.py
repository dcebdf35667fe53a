"""A quiz exported as its folder (zip) is imported back by sync_quizzes identically."""

import io
import zipfile

import pytest
from django.urls import reverse
from quiz_support import quiz_text, write_quiz

from unroll.quizzes.files import load_quiz
from unroll.quizzes.models import Quiz, QuizDraft
from unroll.quizzes.sync import sync_quizzes

pytestmark = pytest.mark.django_db


def no_grader():
    raise AssertionError("an unchanged quiz needs no grader")


def export(client, charlie, quiz: Quiz) -> zipfile.ZipFile:
    client.force_login(charlie)
    response = client.get(reverse("quizzes:export", args=[quiz.slug]))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="{quiz.slug}.zip"'
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_a_synced_quiz_round_trips_through_its_zip(client, charlie, tmp_path):
    text = "# a comment that survives\n" + quiz_text(slug="basics")
    write_quiz(tmp_path / "repo", text)
    sync_quizzes(tmp_path / "repo", runner_factory=no_grader)
    quiz = Quiz.objects.get(slug="basics")
    archive = export(client, charlie, quiz)
    assert archive.namelist() == ["basics/quiz.yaml"]
    archive.extractall(tmp_path / "back")
    assert (tmp_path / "back" / "basics" / "quiz.yaml").read_text() == text
    again = load_quiz(tmp_path / "back" / "basics")
    assert (again.uuid, again.content_hash) == (quiz.uuid, quiz.content_hash)
    assert sync_quizzes(tmp_path / "back", runner_factory=no_grader).unchanged == ["basics"]


def test_a_quiz_written_in_the_browser_exports_to_a_folder_sync_accepts(client, charlie, tmp_path):
    client.force_login(charlie)
    client.post(reverse("quizzes:new_quiz"), {"source": quiz_text(slug="browser-made")})
    client.post(reverse("quizzes:publish_draft", args=[QuizDraft.objects.get().pk]))
    quiz = Quiz.objects.get(slug="browser-made")
    export(client, charlie, quiz).extractall(tmp_path)
    Quiz.objects.all().delete()  # a fresh site, importing the exported folder
    report = sync_quizzes(tmp_path, runner_factory=no_grader)
    assert report.created == ["browser-made"]
    imported = Quiz.objects.get()
    assert (imported.uuid, imported.content_hash, imported.questions) == (quiz.uuid, quiz.content_hash, quiz.questions)
