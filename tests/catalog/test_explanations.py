"""The optional explanation.md of an exercise folder: read, checked for placeholders, stored with each
version, exported back and edited in the browser; a folder without one keeps its content hash."""

import hashlib
import json
import re
import shutil

import pytest
from django.conf import settings

from unroll.catalog.drafts import draft_for_exercise, files_from_form, form_initial
from unroll.catalog.export import folder_files
from unroll.catalog.folders import EXPLANATION_FILE, FolderError, find_folders, load_files, load_folder
from unroll.catalog.forms import ExerciseForm, WrongAnswerFormSet
from unroll.catalog.models import Exercise, ExerciseVersion
from unroll.catalog.sync import sync_exercises
from unroll.catalog.variants import variant_of

FOLDERS = find_folders(settings.EXERCISES_DIR)


def hash_before_explanations(folder) -> str:
    """The content hash as folders had it before explanation.md existed."""
    data = {
        k: v
        for k, v in folder.record().items()
        if k not in ("content_hash", "show_figure", "explanation", "reveal_solution_after", "images")
    }
    hashed = {**data, "show_figure": True} if folder.show_figure else data
    return hashlib.sha256(json.dumps(hashed, sort_keys=True).encode()).hexdigest()


@pytest.mark.parametrize("path", FOLDERS, ids=[path.name for path in FOLDERS])
def test_every_exercise_explains_its_point_in_a_few_sentences(path):
    folder = load_folder(path)
    text = folder.explanation.strip()
    sentences = re.findall(r"[.!?](?:\s|$)", text)
    assert 2 <= len(sentences) <= 4, text


def test_a_folder_without_an_explanation_keeps_its_content_hash(tmp_path):
    for path in FOLDERS:
        copy = shutil.copytree(path, tmp_path / path.name)
        (copy / EXPLANATION_FILE).unlink()
        without = load_folder(copy)
        assert without.explanation == "" and without.record()["explanation"] == ""
        assert without.record()["content_hash"] == hash_before_explanations(without)
        assert load_folder(path).record()["content_hash"] != without.record()["content_hash"]


def test_an_explanation_may_use_only_declared_placeholders():
    files = folder_files_of("gru-encoder")
    files[EXPLANATION_FILE] = "A GRU of {{ units }} units over {{ words }} words."
    with pytest.raises(FolderError) as error:
        load_files("draft:gru-encoder", files)
    assert error.value.where == EXPLANATION_FILE and "{{ words }}" in error.value.problem


def folder_files_of(slug: str) -> dict[str, str]:
    root = settings.EXERCISES_DIR / slug
    return {str(p.relative_to(root)): p.read_text() for p in root.rglob("*") if p.is_file()}


def test_the_explanation_is_stored_with_each_version_and_exported_back(exercises, tmp_path):
    exercise = exercises["gru-encoder"]
    folder = load_folder(settings.EXERCISES_DIR / "gru-encoder")
    assert exercise.explanation == folder.explanation and "{{ units }}" in exercise.explanation
    assert ExerciseVersion.objects.get(exercise=exercise, number=exercise.version).explanation == folder.explanation

    files = folder_files(exercise)
    assert files[EXPLANATION_FILE] == folder.explanation
    copy = shutil.copytree(settings.EXERCISES_DIR / "gru-encoder", tmp_path / "gru-encoder")
    (copy / EXPLANATION_FILE).write_text("A new point, with {{ units }} units. It is shorter.")
    assert sync_exercises(tmp_path).updated == ["gru-encoder"]
    exercise.refresh_from_db()
    assert exercise.version == 2 and exercise.explanation.startswith("A new point")
    versions = dict(ExerciseVersion.objects.filter(exercise=exercise).values_list("number", "explanation"))
    assert versions[1] == folder.explanation and versions[2] == exercise.explanation


def test_an_exercise_without_an_explanation_exports_no_file(exercises, tmp_path):
    copy = shutil.copytree(settings.EXERCISES_DIR / "single-output", tmp_path / "single-output")
    (copy / EXPLANATION_FILE).unlink()
    sync_exercises(tmp_path)
    exercise = Exercise.objects.get(slug="single-output")
    assert exercise.explanation == "" and EXPLANATION_FILE not in folder_files(exercise)
    assert load_files("again", folder_files(exercise)).record()["content_hash"] == exercise.content_hash


def authoring_form(files: dict[str, str], **changes) -> tuple[ExerciseForm, WrongAnswerFormSet]:
    initial, wrong = form_initial(files)
    data = {k: v for k, v in {**initial, **changes}.items() if v is not None}
    formset_data = {"wrong-TOTAL_FORMS": str(len(wrong)), "wrong-INITIAL_FORMS": "0"}
    for i, answer in enumerate(wrong):
        formset_data.update({f"wrong-{i}-{key}": value for key, value in answer.items()})
    return ExerciseForm(data=data), WrongAnswerFormSet(data=formset_data, prefix="wrong")


def test_the_authoring_form_edits_the_explanation(exercises, charlie):
    exercise = exercises["gru-encoder"]
    draft = draft_for_exercise(exercise, charlie)
    initial, _ = form_initial(draft.files)
    assert initial["explanation"] == exercise.explanation

    form, formset = authoring_form(draft.files, explanation="A GRU keeps {{ units }} numbers. That is all.\n")
    assert form.is_valid() and formset.is_valid(), (form.errors, formset.errors)
    files = files_from_form(form.cleaned_data, formset.answers(), exercise.uuid)
    assert files[EXPLANATION_FILE] == "A GRU keeps {{ units }} numbers. That is all.\n"
    assert load_files("draft", files).explanation == files[EXPLANATION_FILE]

    form, formset = authoring_form(draft.files, explanation="  \n")
    assert form.is_valid() and formset.is_valid()
    files = files_from_form(form.cleaned_data, formset.answers(), exercise.uuid)
    assert EXPLANATION_FILE not in files  # left empty: no file, and the folder's hash as without one


def test_the_draft_page_shows_the_explanation_field_and_its_errors(client, exercises, charlie):
    client.force_login(charlie)
    exercise = exercises["gru-encoder"]
    exercise.authors.add(charlie)
    draft = draft_for_exercise(exercise, charlie)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'name="explanation"' in page and "Explanation after an accepted answer" in page
    initial, wrong = form_initial(draft.files)
    post = {k: v for k, v in initial.items() if v is not None}
    post.update({"explanation": "Over {{ words }} words.", "action": "save"})
    post.update({"wrong-TOTAL_FORMS": str(len(wrong)), "wrong-INITIAL_FORMS": "0"})
    for i, answer in enumerate(wrong):
        post.update({f"wrong-{i}-{key}": value for key, value in answer.items()})
    response = client.post(draft.get_absolute_url(), post)
    assert response.status_code == 400
    assert "{{ words }} is not a declared parameter" in response.content.decode()


def test_the_explanation_is_rendered_for_the_learners_variant(exercises):
    exercise = exercises["gru-encoder"]
    variant = variant_of(exercise, 7)
    rendered = variant.render(exercise.explanation)
    assert "{{" not in rendered and f"`(1, {variant.values['units']})`" in rendered


def test_no_picture_beside_the_statement_draws_what_the_checks_pin():
    """The task's picture is the reference model unrolled: it shows each recurrent layer's type, its units and
    whether it returns every step, which is what `recurrent_layers` pins. Such an exercise shows the picture
    only once solved, beside the learner's own model (tests/submissions/test_after_solving.py)."""
    folders = [load_folder(path) for path in FOLDERS]
    drawn_answers = [
        folder.slug
        for folder in folders
        if folder.show_figure and any(c["kind"] == "recurrent_layers" for c in folder.template.canonical_spec().checks)
    ]
    assert drawn_answers == []
