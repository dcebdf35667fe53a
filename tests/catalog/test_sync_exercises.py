"""`manage.py sync_exercises`: the folders under exercises/ become Exercise rows, idempotently, keyed by uuid.

The command proves each new or changed folder through the real sandbox, so these tests work on
a copy of the guide's five folders (the whole repository is proven by test_grade_command).
"""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from unroll.catalog.models import Exercise
from unroll.catalog.sync import sync_exercises
from unroll.submissions.actions import submit_attempt

GUIDE_SLUGS = {"single-output", "multiple-output", "time-distributed", "stacked-rnn", "sentiment-head"}


pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def root(tmp_path, settings) -> Path:
    """A copy of the guide's exercises that a test may edit; the command reads it by default."""
    copy = tmp_path / "exercises"
    for slug in GUIDE_SLUGS:
        shutil.copytree(settings.EXERCISES_DIR / slug, copy / slug)
    settings.EXERCISES_DIR = copy
    return copy


def sync_command(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("sync_exercises", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def snapshot() -> dict:
    return {e.uuid: (e.pk, e.slug, e.content_hash, e.updated_at) for e in Exercise.objects.all()}


def test_the_command_creates_the_five_guide_exercises(db):
    out, err = sync_command()

    assert set(Exercise.objects.values_list("slug", flat=True)) == GUIDE_SLUGS
    assert Exercise.objects.published().count() == 5
    assert "created: " in out and "5 exercise folders in sync" in out
    assert err == ""
    single = Exercise.objects.get(slug="single-output")
    assert str(single.uuid) == "967d0617-1f4a-4d52-9f39-726c38e1b89c"
    assert single.spec["input_shape"] == [1, 3, 2]
    assert single.starter_code == (settings.EXERCISES_DIR / "single-output" / "starter.py").read_text()
    assert single.content_hash


def test_running_it_twice_changes_nothing(db):
    sync_command()
    before = snapshot()

    out, _ = sync_command()
    report = sync_exercises(settings.EXERCISES_DIR)

    assert snapshot() == before
    assert out.startswith("unchanged: ")
    assert (report.created, report.updated, set(report.unchanged)) == ([], [], GUIDE_SLUGS)


def test_an_edited_folder_updates_its_row_in_place(db, root):
    sync_exercises(root)
    before = Exercise.objects.get(slug="single-output")
    edit(root / "single-output" / "statement.md", "I am Groot", "We are Groot")

    report = sync_exercises(root)

    after = Exercise.objects.get(slug="single-output")
    assert report.updated == ["single-output"]
    assert (after.pk, after.uuid) == (before.pk, before.uuid)
    assert "We are Groot" in after.statement
    assert after.content_hash != before.content_hash


def test_renaming_a_folder_and_its_slug_keeps_the_same_row(db, root, alice):
    sync_exercises(root)
    before = Exercise.objects.get(slug="single-output")
    submission = submit_attempt(alice, before, "model = None\n")
    (root / "single-output").rename(root / "one-vector")
    edit(root / "one-vector" / "exercise.yaml", "slug: single-output", "slug: one-vector")

    report = sync_exercises(root)

    assert report.ok, report.errors
    assert report.updated == ["one-vector"]
    renamed = Exercise.objects.get(slug="one-vector")
    assert (renamed.pk, renamed.uuid) == (before.pk, before.uuid)
    assert not Exercise.objects.filter(slug="single-output").exists()
    assert Exercise.objects.count() == 5
    submission.refresh_from_db()
    assert submission.exercise_id == renamed.pk  # the learner's history follows the rename


BREAKAGES = {
    "missing title": (
        'title: "Single output: one vector for \\"I am Groot\\""\n',
        "",
        "exercise.yaml: title",
        "is required",
    ),
    "unknown check kind": ("kind: output_shape", "kind: output_size", "exercise.yaml", "checks[0].kind 'output_size'"),
}


@pytest.mark.parametrize("breakage", BREAKAGES.values(), ids=BREAKAGES.keys())
def test_a_broken_folder_is_reported_and_its_published_version_stays_live(db, root, breakage):
    old, new, where, problem = breakage
    sync_command("--root", str(root))
    live = Exercise.objects.get(slug="single-output")
    folder = root / "single-output"
    edit(folder / "exercise.yaml", old, new)
    edit(folder / "statement.md", "I am Groot", "a statement that must not go live")

    with pytest.raises(CommandError, match=r"1 error\(s\) in exercise folders"):
        sync_command("--root", str(root))
    report = sync_exercises(root)

    [error] = report.errors
    assert (error.path, error.where) == (folder, where)
    assert problem in error.problem
    assert report.unchanged and "single-output" not in report.unchanged + report.updated
    still = Exercise.objects.get(slug="single-output")
    assert still.is_published
    assert (still.pk, still.title, still.statement, still.spec, still.content_hash) == (
        live.pk,
        live.title,
        live.statement,
        live.spec,
        live.content_hash,
    )


def test_the_command_names_the_broken_file_and_field_on_stderr(db, root):
    edit(root / "stacked-rnn" / "exercise.yaml", "order: 4", "order: fourth")
    err = StringIO()

    with pytest.raises(CommandError):
        call_command("sync_exercises", "--root", str(root), stdout=StringIO(), stderr=err)

    [line] = err.getvalue().splitlines()
    assert line.startswith(f"{root / 'stacked-rnn'}: exercise.yaml: order: ")
    assert "'fourth'" in line
    # The healthy folders were still loaded; only the broken one was left out.
    assert set(Exercise.objects.values_list("slug", flat=True)) == GUIDE_SLUGS - {"stacked-rnn"}


def test_a_new_broken_folder_is_never_loaded(db, root):
    sync_exercises(root)
    copy = root / "a-new-one"
    shutil.copytree(root / "single-output", copy)
    edit(copy / "exercise.yaml", "967d0617-1f4a-4d52-9f39-726c38e1b89c", "0b6f3c1e-8a43-4a8e-9f3e-3b8d2f3c7a10")
    edit(copy / "exercise.yaml", "slug: single-output", "slug: a-new-one")
    edit(copy / "exercise.yaml", "topic: return_sequences\n", "")

    report = sync_exercises(root)

    assert [(e.path, e.where) for e in report.errors] == [(copy, "exercise.yaml: topic")]
    assert not Exercise.objects.filter(slug="a-new-one").exists()
    assert Exercise.objects.count() == 5


def test_two_folders_sharing_a_uuid_are_refused(db, root):
    shutil.copytree(root / "single-output", root / "zz-copy")
    edit(root / "zz-copy" / "exercise.yaml", "slug: single-output", "slug: zz-copy")

    report = sync_exercises(root)

    assert [(e.path, e.where) for e in report.errors] == [(root / "zz-copy", "exercise.yaml: uuid")]
    assert "is also used by" in report.errors[0].problem
    assert not Exercise.objects.filter(slug="zz-copy").exists()
