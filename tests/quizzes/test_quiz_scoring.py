"""Submitting an attempt: scoring with the retry penalty, the attempt cap, the learner's progress,
and answers that cannot be read refusing the submission without using an attempt."""

import threading

import pytest
from django.db import connection
from quiz_support import RIGHT, publish, quiz_text

from unroll.quizzes.actions import AnswersRefused, NoAttemptsLeft, submit_attempt
from unroll.quizzes.models import QuizAnswer, QuizAttempt, QuizProgress

HALF_RIGHT = {**RIGHT, "units": "1", "steps": "8"}  # 2 of 4 right
ALL_WRONG = {"units": "1", "tasks": ["2"], "steps": "1", "sequence-shape": "(1, 4)"}


def progress_of(learner, quiz) -> QuizProgress:
    return QuizProgress.objects.get(learner=learner, quiz=quiz)


def test_the_multiplier_follows_the_penalty_and_its_last_value_repeats(quiz):
    assert [quiz.multiplier(n) for n in (1, 2, 3, 10)] == [1.0, 0.5, 0.5, 0.5]


def test_attempts_left_counts_down_and_zero_allowed_means_unlimited(quiz):
    assert [quiz.attempts_left(used) for used in (0, 2, 3, 5)] == [3, 1, 0, 0]
    quiz.attempts_allowed = 0
    assert quiz.attempts_left(50) is None


def test_a_first_attempt_with_every_answer_right_scores_full_marks_and_solves_the_quiz(alice, quiz):
    attempt = submit_attempt(alice, quiz, RIGHT)
    assert (attempt.number, attempt.right_count, attempt.question_count) == (1, 4, 4)
    assert (attempt.multiplier, attempt.score, attempt.all_right) == (1.0, 1.0, True)
    progress = progress_of(alice, quiz)
    assert (progress.attempts, progress.best_score, progress.state) == (1, 1.0, "solved")
    assert progress.first_solved_at == attempt.submitted_at == progress.last_attempt_at


def test_the_score_is_the_fraction_right_times_the_attempts_multiplier(alice, quiz):
    first = submit_attempt(alice, quiz, HALF_RIGHT)
    assert (first.right_count, first.score) == (2, 0.5)
    assert progress_of(alice, quiz).state == "attempted"
    second = submit_attempt(alice, quiz, RIGHT)
    assert (second.number, second.multiplier, second.score) == (2, 0.5, 0.5)  # all right, at half the marks
    progress = progress_of(alice, quiz)
    assert progress.first_solved_at == second.submitted_at  # solved: every question right, whatever the penalty
    assert progress.best_score == 0.5 and progress.attempts == 2


def test_the_best_score_and_the_first_solve_are_kept_by_a_worse_attempt(alice, quiz):
    best = submit_attempt(alice, quiz, RIGHT)
    worse = submit_attempt(alice, quiz, ALL_WRONG)
    assert worse.score == 0.0
    progress = progress_of(alice, quiz)
    assert (progress.best_score, progress.first_solved_at) == (1.0, best.submitted_at)
    assert progress.last_attempt_at == worse.submitted_at


def test_each_answer_is_stored_as_typed_and_as_read(alice, quiz):
    attempt = submit_attempt(alice, quiz, {**RIGHT, "sequence-shape": " 1x3x4 ", "steps": "7.0"})
    answers = {a.question_key: a for a in attempt.answers.all()}
    assert [a.question_key for a in attempt.answers.all()] == ["units", "tasks", "steps", "sequence-shape"]
    assert (answers["sequence-shape"].raw, answers["sequence-shape"].parsed) == (" 1x3x4 ", [1, 3, 4])
    assert answers["sequence-shape"].expected == [1, 3, 4] and answers["sequence-shape"].is_right
    assert (answers["tasks"].raw, answers["tasks"].parsed, answers["tasks"].expected) == ("0,1", [0, 1], [0, 1])
    assert (answers["steps"].raw, answers["steps"].parsed) == ("7.0", 7.0)
    assert (answers["units"].raw, answers["units"].parsed) == ("0", 0)


def test_a_multiple_choice_answer_must_tick_exactly_the_right_options(alice, quiz):
    attempt = submit_attempt(alice, quiz, {**RIGHT, "tasks": ["0"]})
    assert not attempt.answers.get(question_key="tasks").is_right
    assert attempt.right_count == 3


def test_after_the_last_allowed_attempt_the_quiz_refuses_more(alice, quiz):
    for _ in range(3):
        submit_attempt(alice, quiz, ALL_WRONG)
    with pytest.raises(NoAttemptsLeft, match="You have used all 3 attempts"):
        submit_attempt(alice, quiz, RIGHT)
    assert QuizAttempt.objects.filter(learner=alice).count() == 3
    assert progress_of(alice, quiz).attempts == 3 and progress_of(alice, quiz).first_solved_at is None


def test_each_learner_has_their_own_attempts(alice, bob, quiz):
    for _ in range(3):
        submit_attempt(alice, quiz, ALL_WRONG)
    assert submit_attempt(bob, quiz, RIGHT).number == 1


def test_an_unlimited_quiz_keeps_taking_attempts_at_the_last_multiplier(alice, db):
    quiz = publish(quiz_text(attempts=0, penalty="[1.0, 0.75, 0.5]"))
    scores = [submit_attempt(alice, quiz, RIGHT).score for _ in range(5)]
    assert scores == [1.0, 0.75, 0.5, 0.5, 0.5]


@pytest.mark.parametrize(
    ("key", "typed", "message"),
    [
        pytest.param("sequence-shape", "(1, 3, 4", "Missing closing parenthesis", id="unclosed shape"),
        pytest.param("sequence-shape", "", "Write a shape", id="empty shape"),
        pytest.param("steps", "seven", "is not a number", id="a word for a number"),
        pytest.param("units", "", "Choose an answer", id="no choice"),
        pytest.param("units", "9", "Choose one of the options shown", id="a choice not shown"),
        pytest.param("units", "²", "Choose one of the options shown", id="a digit-like choice"),
        pytest.param("tasks", [], "Tick every option that is true", id="nothing ticked"),
    ],
)
def test_an_answer_that_cannot_be_read_refuses_the_submission_without_using_an_attempt(
    alice, quiz, key, typed, message
):
    with pytest.raises(AnswersRefused) as refused:
        submit_attempt(alice, quiz, {**RIGHT, key: typed})
    assert list(refused.value.errors) == [key] and message in refused.value.errors[key]
    assert not QuizAttempt.objects.exists() and not QuizAnswer.objects.exists()
    assert not QuizProgress.objects.filter(learner=alice, quiz=quiz, attempts__gt=0).exists()
    assert submit_attempt(alice, quiz, RIGHT).number == 1  # the attempt is still there to use


def test_every_unreadable_answer_is_reported_at_once(alice, quiz):
    with pytest.raises(AnswersRefused) as refused:
        submit_attempt(alice, quiz, {**RIGHT, "steps": "x", "sequence-shape": "((1))"})
    assert set(refused.value.errors) == {"steps", "sequence-shape"}


def test_an_attempt_points_at_the_version_it_answered(alice, quiz):
    attempt = submit_attempt(alice, quiz, RIGHT)
    assert attempt.version.number == quiz.version and attempt.version.questions == quiz.questions


@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_cannot_both_take_the_last_attempt(alice):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    quiz = publish(quiz_text(attempts=1))
    outcomes, start = [], threading.Barrier(2)

    def submit():
        start.wait()
        try:
            outcomes.append(submit_attempt(alice, quiz, RIGHT).number)
        except NoAttemptsLeft:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [1, "refused"]
    assert QuizAttempt.objects.filter(learner=alice, quiz=quiz).count() == 1
