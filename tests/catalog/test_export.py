"""Instructors export an exercise as its folder (zip); sync_exercises imports it back identically."""

import io
import zipfile

import pytest
from django.conf import settings
from django.urls import reverse

from unroll.catalog.folders import find_folders, load_folder
from unroll.catalog.models import Exercise
from unroll.catalog.sync import sync_exercises


def export(client, slug):
    return client.get(reverse("catalog:export", args=[slug]))


@pytest.mark.parametrize("slug", [path.name for path in find_folders(settings.EXERCISES_DIR)])
def test_an_exported_folder_imports_back_identically(client, charlie, exercises, tmp_path, slug):
    client.force_login(charlie)
    response = export(client, slug)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    zipfile.ZipFile(io.BytesIO(response.content)).extractall(tmp_path)

    folder = load_folder(tmp_path / slug)
    exercise = exercises[slug]
    assert folder.uuid == exercise.uuid
    assert folder.record()["content_hash"] == exercise.content_hash
    report = sync_exercises(tmp_path)
    assert report.unchanged == [slug] and report.ok
    assert Exercise.objects.get(slug=slug).version == 1


def test_learners_cannot_export(client, alice, exercises):
    client.force_login(alice)
    assert export(client, "stacked-rnn").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, exercises):
    response = export(client, "stacked-rnn")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
