"""Predict questions: every combination's answer computed by running the snippet in the real grader,
and each learner answering on their own numbers."""

import pytest
from django.core.management import call_command
from quiz_support import PREDICT, quiz_text, write_quiz

from unroll.quizzes.actions import submit_attempt
from unroll.quizzes.models import Quiz
from unroll.quizzes.sync import sync_quizzes
from unroll.quizzes.variants import learner_values

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def sync_with(engine, root):
    return sync_quizzes(root, runner_factory=lambda: engine)


def test_every_combination_is_computed_by_the_grader(engine, tmp_path):
    write_quiz(tmp_path, quiz_text(slug="predict", questions=PREDICT))
    report = sync_with(engine, tmp_path)
    assert report.ok, report.errors
    [question] = Quiz.objects.get(slug="predict").questions
    expected = {f"steps={steps}, units={units}": [1, steps, units] for steps in (3, 5, 9) for units in (2, 3, 4, 5)}
    assert question["answers"] == expected  # what Keras computed, for all 12 combinations


def test_a_snippet_that_fails_in_the_grader_names_the_file_the_question_and_the_combination(engine, tmp_path):
    # Two stacked layers, the first without return_sequences: Keras refuses to build the model.
    broken = PREDICT.replace(", return_sequences=True))", "))\n      model.add(SimpleRNN(2))")
    folder = write_quiz(tmp_path, quiz_text(slug="predict", questions=broken))
    report = sync_with(engine, tmp_path)
    [error] = report.errors
    assert error.where == "questions[0].snippet" and str(error).startswith(f"{folder}/quiz.yaml:")
    assert "(key seq) with steps=3, units=2, the snippet gets runtime_error in the grader" in str(error)
    assert "return_sequences=True" in error.problem  # the grader's own feedback
    assert not Quiz.objects.exists()


def test_a_snippet_that_breaks_an_edit_keeps_the_live_version(engine, tmp_path):
    text = quiz_text(slug="predict", questions=PREDICT)
    folder = write_quiz(tmp_path, text)
    sync_with(engine, tmp_path)
    (folder / "quiz.yaml").write_text(text.replace("SimpleRNN({{ units }}", "SimpleRNN(units={{ units }}, units2="))
    assert not sync_with(engine, tmp_path).ok
    quiz = Quiz.objects.get(slug="predict")
    assert quiz.version == 1 and quiz.source == text


def test_each_learner_answers_on_their_own_numbers(engine, tmp_path, client, alice, bob):
    write_quiz(tmp_path, quiz_text(slug="predict", questions=PREDICT))
    sync_with(engine, tmp_path)
    quiz = Quiz.objects.get(slug="predict")
    [question] = quiz.question_list()
    mine, theirs = learner_values(alice.pk, quiz.uuid, question), learner_values(bob.pk, quiz.uuid, question)

    client.force_login(alice)
    page = client.get(quiz.get_absolute_url()).content.decode()
    assert f"SimpleRNN({mine['units']}, input_shape=({mine['steps']}, 2), return_sequences=True)" in page
    right = f"(None, {mine['steps']}, {mine['units']})"
    assert submit_attempt(alice, quiz, {"seq": right}).all_right
    if mine != theirs:  # the same numbers are a 1-in-12 coincidence; then bob's right answer is alice's too
        assert not submit_attempt(bob, quiz, {"seq": right}).all_right
    result = client.get(quiz.attempts.get(learner=alice).get_absolute_url()).content.decode()
    assert f"{mine['steps']} steps of {mine['units']} units" in result  # the explanation, with her numbers


def test_the_command_computes_the_answers_through_the_workers_engine(tmp_path):
    write_quiz(tmp_path, quiz_text(slug="predict", questions=PREDICT))
    call_command("sync_quizzes", root=tmp_path)
    [question] = Quiz.objects.get(slug="predict").questions
    assert question["answers"]["steps=9, units=5"] == [1, 9, 5]


def test_recompute_corrects_stored_answers_that_no_longer_match_the_grader(engine, tmp_path):
    write_quiz(tmp_path, quiz_text(slug="predict", questions=PREDICT))
    sync_with(engine, tmp_path)
    quiz = Quiz.objects.get(slug="predict")
    right = quiz.questions[0]["answers"]["steps=3, units=4"]
    stale = [{**quiz.questions[0], "answers": {**quiz.questions[0]["answers"], "steps=3, units=4": [1, 3, 99]}}]
    Quiz.objects.filter(pk=quiz.pk).update(questions=stale)  # as if computed by an older grader

    assert sync_with(engine, tmp_path).unchanged == ["predict"]  # the file did not change: nothing recomputed
    report = sync_quizzes(tmp_path, runner_factory=lambda: engine, recompute=True)
    assert report.updated == ["predict"]
    quiz.refresh_from_db()
    assert quiz.questions[0]["answers"]["steps=3, units=4"] == right and quiz.version == 2
    again = sync_quizzes(tmp_path, runner_factory=lambda: engine, recompute=True)
    assert again.unchanged == ["predict"] and Quiz.objects.get(pk=quiz.pk).version == 2
