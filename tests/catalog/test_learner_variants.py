"""Per-learner variants on the platform: each learner gets their own numbers, rendered into the
statement, starter code and hints; their submissions are graded on their variant, whose expected
shapes come from the reference solution; `manage.py grade --seed N` grades variant N."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse

from grader import render_text
from support import wait_for_verdict
from unroll.catalog.folders import FolderError, load_folder
from unroll.catalog.models import Exercise, VariantSpec
from unroll.catalog.variants import learner_seed, learner_variant
from unroll.submissions.actions import submit_attempt

REPO = Path(__file__).resolve().parents[2]
SLUG = "lstm-sequence"  # parameters: timesteps, features, units
CANONICAL = (
    "from tensorflow.keras.layers import LSTM\nfrom tensorflow.keras.models import Sequential\n"
    "model = Sequential()\nmodel.add(LSTM(4, input_shape=(3, 2), return_sequences=True))\n"
)


def learners_with_other_numbers(exercise, count: int = 2) -> list[User]:
    """Learners whose variants differ from the canonical one and from each other."""
    found, seen = [], {tuple(sorted(exercise.template().defaults.items()))}
    for index in range(50):
        learner = User.objects.create_user(f"learner{index}", password="x-password-1")
        values = tuple(sorted(learner_variant(learner, exercise).values.items()))
        if values not in seen:
            seen.add(values)
            found.append(learner)
        if len(found) == count:
            return found
    raise AssertionError("50 learners all got the same variant")


def test_a_learners_seed_is_stable_and_exercises_without_parameters_have_one_variant(exercises, alice):
    exercise = exercises[SLUG]
    assert learner_seed(alice.pk, exercise) == learner_seed(alice.pk, exercise) >= 1
    assert learner_seed(alice.pk, exercise) != learner_seed(alice.pk, exercises["gru-encoder"])
    assert learner_seed(alice.pk, exercises["single-output"]) == 0


def test_each_learner_sees_their_own_numbers_in_statement_starter_and_hints(client, exercises):
    exercise = exercises[SLUG]
    pages = []
    for learner in learners_with_other_numbers(exercise):
        values = learner_variant(learner, exercise).values
        client.force_login(learner)
        client.post(reverse("progress:next_hint", args=[SLUG]))
        client.post(reverse("progress:next_hint", args=[SLUG]))
        hints = client.post(reverse("progress:next_hint", args=[SLUG])).json()["hints"]
        page = client.get(reverse("catalog:exercise_detail", args=[SLUG])).content.decode()
        shape = f"(1, {values['timesteps']}, {values['units']})"
        assert shape in page  # the statement's expected output
        starter_call = f"LSTM({values['units']}, input_shape=({values['timesteps']}, {values['features']}))"
        assert starter_call in page  # the starter code in the editor
        assert f"LSTM({values['units']}, input_shape=({values['timesteps']}, {values['features']})" in hints[2]
        assert "{{" not in page and not any("{{" in hint for hint in hints)
        pages.append(page)
    assert pages[0] != pages[1]


def test_an_undeclared_placeholder_is_refused_naming_its_file(tmp_path):
    shutil.copytree(settings.EXERCISES_DIR / SLUG, tmp_path / SLUG)
    statement = tmp_path / SLUG / "statement.md"
    statement.write_text(statement.read_text() + "\nYou have {{ batch }} sentences.\n")
    with pytest.raises(FolderError) as raised:
        load_folder(tmp_path / SLUG)
    assert raised.value.where == "statement.md" and "{{ batch }} is not a declared parameter" in str(raised.value)


def test_parameters_with_a_bad_range_are_refused_naming_the_field(tmp_path):
    shutil.copytree(settings.EXERCISES_DIR / SLUG, tmp_path / SLUG)
    metadata = tmp_path / SLUG / "exercise.yaml"
    metadata.write_text(metadata.read_text().replace("{min: 2, max: 8, default: 3}", "{min: 9, max: 8, default: 3}"))
    with pytest.raises(FolderError, match="parameters.timesteps"):
        load_folder(tmp_path / SLUG)


@pytest.mark.slow
@pytest.mark.django_db
def test_sync_proves_the_reference_on_the_extreme_variants_too(tmp_path, capsys):
    """A reference that hard-codes one number passes on the canonical variant and fails elsewhere."""
    shutil.copytree(settings.EXERCISES_DIR / SLUG, tmp_path / SLUG)
    solution = tmp_path / SLUG / "solution.py"
    solution.write_text(solution.read_text().replace("{{ features }}", "2"))
    with pytest.raises(CommandError, match="not published"):
        call_command("sync_exercises", root=tmp_path)
    errors = capsys.readouterr().err
    assert "solution.py (minimum: features=1, timesteps=2, units=4)" in errors
    assert "solution.py (maximum: features=6, timesteps=8, units=8)" in errors
    assert not Exercise.objects.filter(slug=SLUG).exists()


@pytest.mark.worker
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_submission_is_graded_on_the_learners_variant(grading_worker, exercises):
    exercise = exercises[SLUG]
    (learner,) = learners_with_other_numbers(exercise, count=1)
    variant = learner_variant(learner, exercise)

    copied = wait_for_verdict(submit_attempt(learner, exercise, CANONICAL))  # a classmate's answer
    assert copied.variant_seed == variant.seed and copied.verdict == "wrong_answer"
    own = wait_for_verdict(submit_attempt(learner, exercise, variant.render(exercise.solution_code)))
    assert own.verdict == "accepted", own.feedback
    assert own.output_shape == [1, variant.values["timesteps"], variant.values["units"]]
    cached = VariantSpec.objects.get(exercise=exercise, seed=variant.seed)  # the reference ran once
    assert cached.spec["checks"][0]["expected"] == own.output_shape


def grade_cli(tmp: Path, code_path: Path, *seed: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBUG": "true", "SECRET_KEY": "cli", "DATABASE_URL": f"sqlite:///{tmp / 'empty.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "manage.py", "grade", SLUG, str(code_path), "--json", *seed]
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=180)


@pytest.mark.slow
def test_the_grade_command_grades_variant_n_and_the_canonical_one_without_seed(tmp_path):
    canonical = tmp_path / "canonical.py"
    canonical.write_text(CANONICAL)
    folder = load_folder(REPO / "exercises" / SLUG)
    other_seed = next(
        seed for seed in range(1, 50) if folder.template.values(str(folder.uuid), seed) != folder.template.defaults
    )
    values = folder.template.values(str(folder.uuid), other_seed)
    solution = tmp_path / "solution.py"  # as the learner with that variant would write it: placeholders filled
    solution.write_text(render_text(folder.solution_code, values))

    results = {
        "canonical, no seed": grade_cli(tmp_path, canonical),
        "canonical, seed 0": grade_cli(tmp_path, canonical, "--seed", "0"),
        "canonical, other seed": grade_cli(tmp_path, canonical, "--seed", str(other_seed)),
        "reference, other seed": grade_cli(tmp_path, solution, "--seed", str(other_seed)),
        # as the task does, the command grades the file byte for byte: it never fills placeholders in
        "unrendered reference": grade_cli(tmp_path, REPO / "exercises" / SLUG / "solution.py"),
    }
    verdicts = {}
    for name, completed in results.items():
        assert completed.returncode == 0, completed.stderr[-2000:]
        verdicts[name] = json.loads(completed.stdout)
    assert verdicts["canonical, no seed"]["verdict"] == verdicts["canonical, seed 0"]["verdict"] == "accepted"
    assert verdicts["canonical, other seed"]["verdict"] == "wrong_answer"
    assert verdicts["reference, other seed"]["verdict"] == "accepted"
    assert verdicts["reference, other seed"]["output_shape"] == [1, values["timesteps"], values["units"]]
    assert verdicts["unrendered reference"]["verdict"] != "accepted"

    refused = grade_cli(tmp_path, canonical, "--seed", "-3")
    assert refused.returncode != 0 and "--seed must be 0" in refused.stderr
