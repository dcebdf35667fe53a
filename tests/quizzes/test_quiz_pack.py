"""The repository's quizzes on the guide: at least 20 questions in 2 to 4 quizzes, valid, and every
predict question computed by the real grader, its explanation agreeing with the computed answer."""

import zipfile

import pytest
from django.urls import reverse

from grader import render_text
from unroll.quizzes.answers import format_shape
from unroll.quizzes.files import find_quiz_folders, load_quiz
from unroll.quizzes.models import Quiz
from unroll.quizzes.predict import answers_of
from unroll.quizzes.questions import combination_label
from unroll.quizzes.sync import quizzes_root, sync_quizzes

QUIZZES = [load_quiz(path) for path in find_quiz_folders(quizzes_root())]
PREDICT = [(quiz, question) for quiz in QUIZZES for question in quiz.predict_questions]


def test_the_pack_covers_the_guide_in_2_to_4_quizzes_of_at_least_20_questions():
    assert 2 <= len(QUIZZES) <= 4
    assert sum(len(quiz.questions) for quiz in QUIZZES) >= 20
    assert len(PREDICT) >= 4 and all(question.parameters for _, question in PREDICT)
    assert {quiz.slug for quiz in QUIZZES} == {
        "time-steps-and-features",
        "units-and-return-sequences",
        "time-distributed-and-stacking",
    }
    types = {question.type for quiz in QUIZZES for question in quiz.questions}
    assert types == {"single", "multiple", "numeric", "shape", "predict"}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("quiz", "question"), PREDICT, ids=lambda item: getattr(item, "key", getattr(item, "slug", ""))
)
def test_every_predict_question_computes_and_its_explanation_gives_the_computed_shape(engine, quiz, question):
    answers = answers_of(question, engine)
    assert len(answers) == len(question.combinations())
    for values in question.combinations():
        shape = answers[combination_label(values)]
        assert format_shape(shape) in render_text(question.explanation, values), (values, shape)


@pytest.mark.slow
@pytest.mark.django_db
def test_the_pack_syncs_and_round_trips_through_its_zips(engine, client, charlie, tmp_path):
    assert sync_quizzes(quizzes_root(), runner_factory=lambda: engine).created == sorted(q.slug for q in QUIZZES)
    client.force_login(charlie)
    for quiz in Quiz.objects.all():
        zip_path = tmp_path / f"{quiz.slug}.zip"
        zip_path.write_bytes(client.get(reverse("quizzes:export", args=[quiz.slug])).content)
        zipfile.ZipFile(zip_path).extractall(tmp_path / "back")
    report = sync_quizzes(tmp_path / "back", runner_factory=lambda: pytest.fail("nothing changed"))
    assert report.ok and sorted(report.unchanged) == sorted(q.slug for q in QUIZZES)
