"""The answers of predict questions, computed by running each snippet in the real grader, never typed by hand.

Every combination of a question's parameters is run once, when the quiz is published (by
`sync_quizzes` or by a worker for a quiz edited in the browser), and the output shapes are
stored: answering a quiz is then a lookup, and the web process never runs TensorFlow.
"""

from grader import Runner, grade
from unroll.quizzes.files import QuizError, QuizFile, QuizInvalid, line_of
from unroll.quizzes.questions import PredictQuestion, combination_label, stored_questions


class SnippetFailed(ValueError):
    """The grader could not build the snippet's model for some combination of its parameters."""


def computed_questions(quiz: QuizFile, runner: Runner) -> list[dict]:
    """The quiz's questions as stored, each predict question with the output shape of every combination.

    Raises QuizInvalid naming the file, the question and the combination whose snippet fails.
    """
    questions, errors = [], []
    for index, question in enumerate(quiz.questions):
        if isinstance(question, PredictQuestion):
            try:
                question = question.with_answers(answers_of(question, runner))
            except SnippetFailed as exc:
                where = f"questions[{index}].snippet"
                errors.append(QuizError(quiz.path, where, f"(key {question.key}) {exc}", line_of(quiz.source, where)))
        questions.append(question)
    if errors:
        raise QuizInvalid(errors)
    return stored_questions(questions)


def answers_of(question: PredictQuestion, runner: Runner) -> dict[str, list]:
    return {combination_label(values): output_shape_of(question, values, runner) for values in question.combinations()}


def output_shape_of(question: PredictQuestion, values: dict[str, int], runner: Runner) -> list[int]:
    result = grade(question.spec_for(values), question.code_for(values), runner=runner)
    label = combination_label(values)
    if result.verdict != "accepted":
        first = result.feedback[0] if result.feedback else "no feedback"
        raise SnippetFailed(f"with {label}, the snippet gets {result.verdict} in the grader: {first}")
    if result.output_shape is None:
        raise SnippetFailed(f"with {label}, the model has several outputs; a predict question asks for one shape")
    return list(result.output_shape)
