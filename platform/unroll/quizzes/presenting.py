"""What the quiz pages show: each question with the learner's own numbers, its Markdown rendered and
sanitized, and after an attempt, each answer beside the right one and its explanation."""

import random
from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import SafeString

from grader import render_text
from unroll.content.rendering import render_markdown
from unroll.quizzes.models import Quiz, QuizAttempt
from unroll.quizzes.questions import ChoiceQuestion, MultipleChoiceQuestion, PredictQuestion, Question, ShapeAnswer
from unroll.quizzes.variants import learner_values

INPUT_HINTS = {
    "numeric": "a number, e.g. 12",
    "shape": "a shape, e.g. (None, 5, 8)",
    "predict": "a shape, e.g. (None, 5, 8)",
}


def field_name(question: Question) -> str:
    """The form field of a question's answer."""
    return f"answer-{question.key}"


@dataclass(frozen=True)
class ShownQuestion:
    number: int
    question: Question
    values: dict[str, int]
    prompt_html: SafeString
    snippet: str = ""
    choices: list[tuple[int, SafeString]] = field(default_factory=list)

    @property
    def field(self) -> str:
        return field_name(self.question)

    @property
    def input(self) -> str:
        """How the answer is given: "radio", "checkbox" or "text"."""
        if isinstance(self.question, MultipleChoiceQuestion):
            return "checkbox"
        return "radio" if isinstance(self.question, ChoiceQuestion) else "text"

    @property
    def input_hint(self) -> str:
        return INPUT_HINTS.get(self.question.type, "")

    @property
    def asks_for_shape(self) -> bool:
        return isinstance(self.question, ShapeAnswer)


def render_with(text: str, values: dict[str, int]) -> str:
    """The author's text with the learner's numbers in (only predict questions have any)."""
    return render_text(text, values) if values else text


def shown(number: int, question: Question, values: dict[str, int], order_key: str | None = None) -> ShownQuestion:
    """The question as shown; with an `order_key` its choices come in that key's own order.

    Each choice keeps its index as its value, so the order is only what the learner sees.
    """
    choices = []
    if isinstance(question, ChoiceQuestion):
        choices = [(index, render_markdown(choice.text)) for index, choice in enumerate(question.choices)]
        if question.shuffle and order_key:
            random.Random(order_key).shuffle(choices)  # a string seed: the same order in every process
    snippet = question.code_for(values) if isinstance(question, PredictQuestion) else ""
    prompt_html = render_markdown(render_with(question.prompt, values))
    return ShownQuestion(number, question, values, prompt_html, snippet, choices)


def shown_questions(quiz: Quiz, learner) -> list[ShownQuestion]:
    """The quiz's questions as this learner sees them, with their own numbers."""
    return [
        shown(
            number,
            question,
            learner_values(learner.pk, quiz.uuid, question),
            f"{quiz.uuid}:{question.key}:{learner.pk}",
        )
        for number, question in enumerate(quiz.question_list(), start=1)
    ]


def answer_html(question: Question, answer: object) -> SafeString:
    """An answer as the result page shows it: the choices' Markdown, or a number or shape as code."""
    if isinstance(question, ChoiceQuestion):
        return render_markdown(question.show(answer))
    return format_html("<code>{}</code>", question.show(answer))


@dataclass(frozen=True)
class ShownResult:
    shown: ShownQuestion
    raw: str
    given: str
    given_html: SafeString
    expected_html: SafeString
    is_right: bool
    advice: str
    explanation_html: SafeString


def attempt_results(attempt: QuizAttempt) -> list[ShownResult]:
    """Each question of the attempt as it was asked (its version, the learner's numbers then), the
    answer given, the right one and the explanation."""
    questions = {question.key: question for question in attempt.version.question_list()}
    results = []
    for number, answer in enumerate(attempt.answers.all(), start=1):
        question = questions[answer.question_key]
        results.append(
            ShownResult(
                shown=shown(number, question, answer.values),
                raw=answer.raw,
                given=question.show(answer.parsed),
                given_html=answer_html(question, answer.parsed),
                expected_html=answer_html(question, answer.expected),
                is_right=answer.is_right,
                advice="" if answer.is_right else question.advice(answer.parsed, answer.expected),
                explanation_html=render_markdown(render_with(question.explanation, answer.values)),
            )
        )
    return results
