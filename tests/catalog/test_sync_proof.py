"""sync_exercises publishes a new or changed folder only once the real grader has proven it."""

import shutil

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from unroll.catalog.models import Exercise

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def root(tmp_path):
    shutil.copytree(settings.EXERCISES_DIR / "multiple-output", tmp_path / "multiple-output")
    return tmp_path


def sync(root) -> None:
    call_command("sync_exercises", root=root)


def test_a_proven_folder_is_published(root):
    sync(root)
    assert Exercise.objects.published().filter(slug="multiple-output").exists()


def test_a_reference_that_fails_keeps_the_folder_unpublished(root, capsys):
    folder = root / "multiple-output"
    (folder / "solution.py").write_text((folder / "wrong" / "missing_return_sequences.py").read_text())
    with pytest.raises(CommandError, match="not published"):
        sync(root)
    assert "solution.py: the reference solution gets wrong_answer" in capsys.readouterr().err
    assert not Exercise.objects.filter(slug="multiple-output").exists()


def test_a_wrong_answer_that_gets_other_feedback_is_reported_with_its_file(root, capsys):
    folder = root / "multiple-output"
    metadata = (folder / "exercise.yaml").read_text()
    (folder / "exercise.yaml").write_text(metadata.replace('feedback: "has 3 units"', 'feedback: "has 5 units"'))
    with pytest.raises(CommandError):
        sync(root)
    assert (
        "wrong/units_as_steps.py: expected wrong_answer with feedback containing 'has 5 units'"
        in capsys.readouterr().err
    )


def test_an_accepted_starter_is_refused(root, capsys):
    folder = root / "multiple-output"
    (folder / "starter.py").write_text((folder / "solution.py").read_text())
    with pytest.raises(CommandError):
        sync(root)
    assert "starter.py: the starter code is accepted" in capsys.readouterr().err


def test_a_broken_edit_leaves_the_published_version_live(root):
    sync(root)
    folder = root / "multiple-output"
    live_solution = (folder / "solution.py").read_text()
    (folder / "solution.py").write_text("model = None\n")
    (folder / "statement.md").write_text("A broken edit.")
    with pytest.raises(CommandError):
        sync(root)
    exercise = Exercise.objects.get(slug="multiple-output")
    assert exercise.is_published and exercise.solution_code == live_solution
    assert exercise.statement != "A broken edit."
