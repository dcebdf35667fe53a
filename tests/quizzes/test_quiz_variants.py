"""Each learner's own numbers in predict questions: stable for a learner, a quiz and a question,
spread across learners, and always one of the question's computed combinations."""

import uuid

from quiz_support import predict_question, quiz_text

from unroll.quizzes.files import load_source
from unroll.quizzes.variants import learner_seed, learner_values

QUESTIONS = (
    "questions:\n"
    + predict_question("first")
    + predict_question("second")
    + """\
  - key: plain
    type: numeric
    prompt: "Seven?"
    answer: 7
    explanation: "Seven."
"""
)
QUIZ = load_source("q", quiz_text(questions=QUESTIONS))
FIRST, SECOND, PLAIN = QUIZ.questions


def test_a_learner_always_gets_the_same_numbers():
    assert learner_values(7, QUIZ.uuid, FIRST) == learner_values(7, QUIZ.uuid, FIRST)
    assert learner_seed(7, QUIZ.uuid, FIRST) == learner_seed(7, str(QUIZ.uuid), FIRST)


def test_learners_get_different_numbers_each_a_computed_combination():
    drawn = [learner_values(learner, QUIZ.uuid, FIRST) for learner in range(1, 41)]
    assert len({tuple(sorted(values.items())) for values in drawn}) >= 6  # of 12 combinations
    assert all(values in FIRST.combinations() for values in drawn)


def test_the_draw_depends_on_the_question_and_the_quiz():
    learners = range(1, 21)
    assert [learner_values(n, QUIZ.uuid, FIRST) for n in learners] != [
        learner_values(n, QUIZ.uuid, SECOND) for n in learners
    ]
    other_quiz = uuid.uuid4()
    assert [learner_values(n, QUIZ.uuid, FIRST) for n in learners] != [
        learner_values(n, other_quiz, FIRST) for n in learners
    ]


def test_a_question_without_parameters_has_no_numbers():
    assert learner_values(7, QUIZ.uuid, PLAIN) == {} and learner_seed(7, QUIZ.uuid, PLAIN) == 0
