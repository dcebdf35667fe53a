"""Instructors write and edit exercises in the browser: the form is the folder, validated by the
folder loader, proven by the real grader (through a Celery worker) before it can be published; learners
get 403 on every authoring URL, the exercises' and the quizzes'."""

import pytest
from django.conf import settings
from django.urls import reverse

from support import THROUGH_A_WORKER, published_quiz, wait_until_done
from unroll.catalog.drafts import draft_for_exercise, files_from_form, form_initial
from unroll.catalog.folders import find_folders, load_files
from unroll.catalog.forms import ExerciseForm, WrongAnswerFormSet
from unroll.catalog.models import Exercise, ExerciseDraft, ExerciseVersion
from unroll.progress.models import Progress
from unroll.quizzes.drafts import draft_for_quiz
from unroll.quizzes.models import Quiz, QuizDraft

IMPORTS = "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import GRU\n"
SOLUTION = IMPORTS + "model = Sequential()\nmodel.add(GRU(5, input_shape=(4, 3)))\n"
STARTER = IMPORTS + "model = Sequential()\n"
WRONG_UNITS = IMPORTS + "model = Sequential()\nmodel.add(GRU(2, input_shape=(4, 3)))\n"


def exercise_form(**overrides) -> dict:
    """A complete, valid POST of the authoring form, with one known wrong answer."""
    data = {
        "title": "A GRU's last hidden state",
        "slug": "gru-last-state",
        "topic": "GRU",
        "order": "50",
        "difficulty": "1",
        "statement": "# One GRU\n\nBuild a `GRU` with **5 units** reading 4 steps of 3 features.\n",
        "input_shape": "[1, 4, 3]",
        "model_variable": "model",
        "checks": "- kind: output_shape\n  expected: [1, 5]\n- kind: layer\n  type: GRU\n  units: 5\n",
        "parameters": "",
        "limits": "",
        "hints": "A GRU returns its last hidden state by default.\nUse GRU(5, input_shape=(4, 3)).",
        "starter_code": STARTER,
        "solution_code": SOLUTION,
        "wrong-TOTAL_FORMS": "1",
        "wrong-INITIAL_FORMS": "0",
        "wrong-MIN_NUM_FORMS": "0",
        "wrong-MAX_NUM_FORMS": "30",
        "wrong-0-name": "two_units",
        "wrong-0-verdict": "wrong_answer",
        "wrong-0-feedback": "has units=2 instead of 5",
        "wrong-0-code": WRONG_UNITS,
        "action": "save",
    }
    data.update(overrides)
    return data


def new_draft(client, **overrides):
    return client.post(reverse("catalog:new_exercise"), exercise_form(**overrides))


def test_an_instructor_saves_a_new_exercise_as_a_draft_that_is_its_folder(client, charlie, db):
    client.force_login(charlie)
    response = new_draft(client)
    draft = ExerciseDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    folder = load_files("draft", draft.files)
    assert (folder.slug, folder.title, folder.uuid) == ("gru-last-state", "A GRU's last hidden state", draft.uuid)
    assert folder.hints == ["A GRU returns its last hidden state by default.", "Use GRU(5, input_shape=(4, 3))."]
    assert [(w.name, w.verdict, w.feedback) for w in folder.known_wrong] == [
        ("two_units", "wrong_answer", "has units=2 instead of 5")
    ]
    assert not Exercise.objects.filter(slug="gru-last-state").exists()  # learners see nothing yet

    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Save and run the reference" in page and 'id="publish"' in page
    assert 'id="publish" class="primary" disabled' in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("checks", "- kind: output_shape\n  expected: [1, 5", "not valid YAML (line"),
        ("checks", "- kind: shape_of_things\n", "is not one of"),
        ("checks", "kind: output_shape", "Write a YAML list"),
        ("input_shape", "[1, -4, 3]", "input_shape must be a list of positive integers"),
        ("limits", "wall_seconds: lots", "limits"),
        ("slug", "manage", "is a page of the site"),
        ("slug", "Not A Slug", "Enter a valid"),
        ("order", "-1", "greater than or equal to 0"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(client, charlie, db, field, value, message):
    client.force_login(charlie)
    response = new_draft(client, **{field: value})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert ExerciseDraft.objects.count() == 0
    assert value in response.content.decode() or field == "checks"  # the instructor's text is kept


def test_a_slug_taken_by_another_exercise_is_refused(client, charlie, exercises):
    client.force_login(charlie)
    response = new_draft(client, slug="stacked-rnn")
    assert response.status_code == 400
    assert "already uses this slug" in " ".join(response.context["form"].errors["slug"])


def test_two_wrong_answers_with_one_name_are_refused(client, charlie, db):
    client.force_login(charlie)
    second = {
        "wrong-TOTAL_FORMS": "2",
        "wrong-1-name": "two_units",
        "wrong-1-verdict": "wrong_answer",
        "wrong-1-feedback": "x",
    }
    response = new_draft(client, **second, **{"wrong-1-code": WRONG_UNITS})
    assert response.status_code == 400
    assert "names must differ" in str(response.context["formset"].non_form_errors())


def test_an_unproven_draft_cannot_be_published(client, charlie, db):
    client.force_login(charlie)
    new_draft(client)
    draft = ExerciseDraft.objects.get()
    response = client.post(reverse("catalog:publish_draft", args=[draft.pk]), follow=True)
    assert "Run the reference first" in response.content.decode()
    assert not Exercise.objects.filter(slug="gru-last-state").exists()


def test_the_statement_preview_is_sanitized_like_the_learners_page(client, charlie, db):
    client.force_login(charlie)
    hostile = "**bold** <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))"
    html = client.post(reverse("catalog:preview_statement"), {"statement": hostile}).json()["html"]
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html


@pytest.mark.parametrize("slug", [path.name for path in find_folders(settings.EXERCISES_DIR)])
def test_every_exercise_survives_the_form_unchanged(exercises, charlie, slug):
    """Editing an exercise opens a form holding exactly its folder; saving it untouched changes nothing."""
    exercise = exercises[slug]
    draft = draft_for_exercise(exercise, charlie)
    initial, wrong = form_initial(draft.files)
    form = ExerciseForm(data={k: v for k, v in initial.items() if v is not None})
    formset = WrongAnswerFormSet(data=formset_data(wrong), prefix="wrong")
    assert form.is_valid() and formset.is_valid(), (form.errors, formset.errors)
    files = files_from_form(form.cleaned_data, formset.answers(), exercise.uuid)
    assert load_files("again", files).record()["content_hash"] == exercise.content_hash


def test_the_form_keeps_reveal_solution_after_and_refuses_zero(exercises, charlie):
    exercise = exercises["single-output"]
    exercise.reveal_solution_after = 2
    exercise.save(update_fields=["reveal_solution_after"])
    initial, wrong = form_initial(draft_for_exercise(exercise, charlie).files)
    assert initial["reveal_solution_after"] == 2
    formset = WrongAnswerFormSet(data=formset_data(wrong), prefix="wrong")
    form = ExerciseForm(data={k: v for k, v in initial.items() if v is not None})
    assert form.is_valid() and formset.is_valid(), (form.errors, formset.errors)
    files = files_from_form(form.cleaned_data, formset.answers(), exercise.uuid)
    assert load_files("again", files).reveal_solution_after == 2  # editing in the browser loses nothing

    refused = ExerciseForm(data={**{k: v for k, v in initial.items() if v is not None}, "reveal_solution_after": 0})
    assert not refused.is_valid() and "reveal_solution_after" in refused.errors


# Every authoring URL, of exercises and of quizzes, by the argument it takes (in capitals: filled in by the test).
AUTHORING_URLS = {
    None: ["catalog:new_exercise", "catalog:preview_statement", "quizzes:authoring_list", "quizzes:new_quiz"],
    "stacked-rnn": ["catalog:edit_exercise"],
    "EXERCISE_DRAFT": ["catalog:draft", "catalog:draft_proof", "catalog:publish_draft", "catalog:discard_draft"],
    "QUIZ": ["quizzes:edit_quiz", "quizzes:export", "quizzes:set_published"],
    "QUIZ_DRAFT": ["quizzes:draft", "quizzes:draft_status", "quizzes:publish_draft", "quizzes:discard_draft"],
}


@pytest.mark.parametrize(("name", "arg"), [(name, arg) for arg, names in AUTHORING_URLS.items() for name in names])
@pytest.mark.parametrize("method", ["get", "post"])
def test_learners_get_403_on_every_authoring_url(client, alice, charlie, exercises, name, arg, method):
    """Posted a valid exercise form and quiz text (and an unpublish), every authoring URL refuses a learner."""
    exercise_draft = draft_for_exercise(exercises["stacked-rnn"], charlie)
    quiz = published_quiz()
    quiz_draft = draft_for_quiz(quiz, charlie)
    filled = {"EXERCISE_DRAFT": exercise_draft.pk, "QUIZ": quiz.slug, "QUIZ_DRAFT": quiz_draft.pk}
    url = reverse(name, args=[] if arg is None else [filled.get(arg, arg)])
    client.force_login(alice)
    edited_quiz = quiz.source.replace("attempts_allowed: 2", "attempts_allowed: 5")
    assert edited_quiz != quiz.source
    posted = {**exercise_form(), "source": edited_quiz, "published": "0"}
    assert getattr(client, method)(url, posted).status_code == 403
    # and nothing changed
    assert ExerciseDraft.objects.get().files == exercise_draft.files
    assert QuizDraft.objects.get().source == quiz_draft.source and Quiz.objects.get().is_published


def wait_for_proof(draft: ExerciseDraft) -> ExerciseDraft:
    return wait_until_done(draft, 120, f"the proof of draft {draft.pk}")


class TestProofThroughTheWorker:
    pytestmark = THROUGH_A_WORKER

    def test_a_proven_draft_is_published_and_learners_can_open_it(self, client, charlie, alice, grading_worker):
        client.force_login(charlie)
        new_draft(client, action="prove")
        draft = wait_for_proof(ExerciseDraft.objects.get())
        results = {r["file"]: r for r in draft.proof_results}
        assert results["solution.py"]["verdict"] == "accepted" and results["solution.py"]["ok"]
        assert results["starter.py"]["ok"] and results["starter.py"]["verdict"] != "accepted"
        assert results["wrong/two_units.py"]["ok"], results["wrong/two_units.py"]
        assert client.get(reverse("catalog:draft_proof", args=[draft.pk])).json()["proven"] is True

        response = client.post(reverse("catalog:publish_draft", args=[draft.pk]))
        assert response.status_code == 302
        exercise = Exercise.objects.get(slug="gru-last-state")
        assert exercise.is_published and exercise.version == 1 and exercise.uuid == draft.uuid
        assert not ExerciseDraft.objects.exists()
        client.force_login(alice)
        assert "<strong>5 units</strong>" in client.get(exercise.get_absolute_url()).content.decode()

    def test_a_wrong_answer_that_is_accepted_blocks_publishing(self, client, charlie, grading_worker):
        client.force_login(charlie)
        new_draft(client, action="prove", **{"wrong-0-code": SOLUTION})
        draft = wait_for_proof(ExerciseDraft.objects.get())
        failing = [r for r in draft.proof_results if not r["ok"]]
        assert [r["file"] for r in failing] == ["wrong/two_units.py"]
        assert "got accepted" in failing[0]["problem"]
        client.post(reverse("catalog:publish_draft", args=[draft.pk]))
        assert not Exercise.objects.filter(slug="gru-last-state").exists()

    def test_an_edit_after_the_proof_needs_a_new_proof(self, client, charlie, grading_worker):
        client.force_login(charlie)
        new_draft(client, action="prove")
        draft = wait_for_proof(ExerciseDraft.objects.get())
        assert draft.publishable
        client.post(draft.get_absolute_url(), exercise_form(statement="# Changed\n"))
        draft.refresh_from_db()
        assert not draft.publishable
        client.post(reverse("catalog:publish_draft", args=[draft.pk]))
        assert not Exercise.objects.filter(slug="gru-last-state").exists()

    def test_editing_a_published_exercise_makes_a_new_version_and_keeps_progress(
        self, client, charlie, alice, exercises, grading_worker
    ):
        exercise = exercises["single-output"]
        exercise.authors.add(charlie)  # its author
        Progress.objects.create(learner=alice, exercise=exercise, attempts=2)
        client.force_login(charlie)
        draft = ExerciseDraft.objects.get(
            pk=client.post(reverse("catalog:edit_exercise", args=[exercise.slug])).url.split("/")[-2]
        )
        initial, wrong = form_initial(draft.files)
        data = {k: v for k, v in initial.items() if v is not None}
        data["statement"] = initial["statement"] + "\nOne more sentence.\n"
        data.update(formset_data(wrong))
        client.post(draft.get_absolute_url(), {**data, "action": "prove"})
        exercise.refresh_from_db()
        assert exercise.version == 1 and "One more sentence" not in exercise.statement  # still live as it was

        assert wait_for_proof(draft).publishable, draft.proof_results
        client.post(reverse("catalog:publish_draft", args=[draft.pk]))
        exercise.refresh_from_db()
        assert exercise.version == 2 and "One more sentence" in exercise.statement
        assert ExerciseVersion.objects.filter(exercise=exercise).count() == 2
        assert Progress.objects.get(learner=alice, exercise=exercise).attempts == 2


def formset_data(wrong: list[dict]) -> dict:
    data = {
        "wrong-TOTAL_FORMS": str(len(wrong)),
        "wrong-INITIAL_FORMS": str(len(wrong)),
        "wrong-MIN_NUM_FORMS": "0",
        "wrong-MAX_NUM_FORMS": "30",
    }
    for index, answer in enumerate(wrong):
        data.update({f"wrong-{index}-{key}": value for key, value in answer.items()})
    return data
