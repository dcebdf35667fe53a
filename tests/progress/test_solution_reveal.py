"""The reference solution (of the learner's own variant) is shown after solving, or after the exercise's
number of attempts not accepted (`reveal_solution_after`, 5 by default); never sent to a learner who has
not earned it, in the page or in the verdict JSON. The folder field is validated by sync."""

import shutil

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from support import graded
from unroll.catalog.export import folder_files
from unroll.catalog.folders import DEFAULT_REVEAL_SOLUTION_AFTER, FolderError, load_files, load_folder
from unroll.catalog.variants import learner_variant
from unroll.content.rendering import render_markdown


def page_of(client, exercise) -> str:
    return client.get(exercise.get_absolute_url()).content.decode()


def status_of(client, submission) -> dict:
    return client.get(reverse("submissions:status", args=[submission.pk])).json()


def own_solution(learner, exercise) -> str:
    return learner_variant(learner, exercise).render(exercise.solution_code)


def test_the_solution_is_revealed_only_after_the_set_number_of_failed_attempts(client, alice, exercises):
    exercise = exercises["gru-encoder"]  # with parameters: alice gets her own variant's solution
    assert exercise.reveal_solution_after == DEFAULT_REVEAL_SOLUTION_AFTER == 5
    solution = own_solution(alice, exercise)
    assert solution != exercise.solution_code  # rendered for her numbers
    client.force_login(alice)
    assert escape(solution) not in page_of(client, exercise)
    assert "after 5 attempts that are not accepted" in page_of(client, exercise)

    for _ in range(4):
        failed = graded(alice, exercise, "wrong_answer", 0.0)
    assert escape(solution) not in page_of(client, exercise)
    assert status_of(client, failed)["reveal"] is None

    fifth = graded(alice, exercise, "runtime_error", 0.0)
    reveal = status_of(client, fifth)["reveal"]
    assert reveal["code"] == solution and reveal["reason"] == "attempts"
    explanation = learner_variant(alice, exercise).render(exercise.explanation)
    assert reveal["explanation_html"] == render_markdown(explanation)  # the point comes with it
    page = page_of(client, exercise)
    assert escape(solution) in page and reveal["explanation_html"] in page


def test_solving_reveals_the_solution_at_once(client, alice, exercises):
    exercise = exercises["single-output"]
    client.force_login(alice)
    accepted = graded(alice, exercise, "accepted", 1.0)
    reveal = status_of(client, accepted)["reveal"]
    assert reveal["code"] == exercise.solution_code and reveal["reason"] == "solved"
    assert reveal["explanation_html"] == ""  # the accepted verdict already shows the explanation
    assert escape(exercise.solution_code) in page_of(client, exercise)


def test_our_own_failures_do_not_earn_the_solution(client, alice, exercises):
    exercise = exercises["single-output"]
    client.force_login(alice)
    for _ in range(DEFAULT_REVEAL_SOLUTION_AFTER):
        graded(alice, exercise, "internal_error", 0.0)
    assert escape(exercise.solution_code) not in page_of(client, exercise)


def test_an_exercise_may_reveal_it_sooner(client, alice, exercises):
    exercise = exercises["single-output"]
    exercise.reveal_solution_after = 1
    exercise.save(update_fields=["reveal_solution_after"])
    client.force_login(alice)
    assert "after 1 attempt that" in page_of(client, exercise)
    failed = graded(alice, exercise, "wrong_answer", 0.0)
    assert status_of(client, failed)["reveal"]["code"] == exercise.solution_code


def test_one_learner_earning_it_reveals_nothing_to_another(client, alice, bob, exercises):
    exercise = exercises["single-output"]
    accepted = graded(alice, exercise, "accepted", 1.0)
    client.force_login(bob)
    assert escape(exercise.solution_code) not in page_of(client, exercise)
    assert client.get(reverse("submissions:status", args=[accepted.pk])).status_code == 404


def test_an_instructor_reading_a_learners_verdict_gets_no_solution_through_it(client, alice, charlie, exercises):
    from unroll.courses.actions import add_item, create_course
    from unroll.courses.models import Enrollment

    exercise = exercises["single-output"]
    course = create_course(charlie, "Recurrent layers")
    add_item(course, exercise=exercise)
    Enrollment.objects.create(course=course, learner=alice)
    accepted = graded(alice, exercise, "accepted", 1.0)
    client.force_login(charlie)
    data = status_of(client, accepted)
    assert data["verdict"] == "accepted" and "reveal" not in data  # his own progress is not hers


def test_the_page_offers_the_starter_code_of_the_learners_variant_for_reset(client, alice, exercises):
    exercise = exercises["gru-encoder"]
    client.force_login(alice)
    graded(alice, exercise, "wrong_answer", 0.0, code="model = None  # my own try\n")
    page = page_of(client, exercise)
    assert 'id="reset-code"' in page
    starter = learner_variant(alice, exercise).render(exercise.starter_code)
    script = page.split('<script id="starter-code" type="application/json">', 1)[1].split("</script>", 1)[0]
    import json

    assert json.loads(script) == starter


# The folder's field, validated by sync with errors that name it.


def folder_with(tmp_path, line: str):
    copy = shutil.copytree(settings.EXERCISES_DIR / "single-output", tmp_path / "single-output")
    metadata = copy / "exercise.yaml"
    metadata.write_text(metadata.read_text() + line + "\n")
    return copy


def test_the_field_defaults_when_absent_and_keeps_the_content_hash(tmp_path):
    original = load_folder(settings.EXERCISES_DIR / "single-output")
    assert original.reveal_solution_after == DEFAULT_REVEAL_SOLUTION_AFTER
    explicit_default = load_folder(folder_with(tmp_path, f"reveal_solution_after: {DEFAULT_REVEAL_SOLUTION_AFTER}"))
    assert explicit_default.record()["content_hash"] == original.record()["content_hash"]


def test_a_set_value_is_stored_hashed_and_exported_back(tmp_path, exercises):
    folder = load_folder(folder_with(tmp_path, "reveal_solution_after: 2"))
    assert folder.reveal_solution_after == 2 and folder.record()["reveal_solution_after"] == 2
    assert (
        folder.record()["content_hash"]
        != load_folder(settings.EXERCISES_DIR / "single-output").record()["content_hash"]
    )
    exercise = exercises["single-output"]
    exercise.reveal_solution_after = 2
    assert load_files("export", folder_files(exercise)).reveal_solution_after == 2


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("reveal_solution_after: 0", "must be a number of attempts, 1 or more, got 0"),
        ("reveal_solution_after: -3", "must be a number of attempts, 1 or more, got -3"),
        ("reveal_solution_after: three", "must be a int, got 'three'"),
        ("reveal_solution_after: true", "must be a int, got True"),
    ],
)
def test_sync_refuses_a_value_that_is_not_a_number_of_attempts(tmp_path, line, message):
    with pytest.raises(FolderError) as refused:
        load_folder(folder_with(tmp_path, line))
    assert "exercise.yaml: reveal_solution_after" in str(refused.value) and message in str(refused.value)
