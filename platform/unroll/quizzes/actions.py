"""Writes that touch attempts, answers and progress together: submitting an attempt, in one transaction.

Answers are read and judged before anything is written: an answer that cannot be read refuses
the whole submission, so a typo in a shape never costs the learner an attempt.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from unroll.quizzes.answers import AnswerError
from unroll.quizzes.models import Quiz, QuizAnswer, QuizAttempt, QuizProgress, QuizVersion
from unroll.quizzes.questions import Question, RawAnswer
from unroll.quizzes.variants import learner_values


class AnswersRefused(ValueError):
    """Some answers cannot be read; nothing was recorded and no attempt was used."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(f"{len(errors)} answer(s) cannot be read")
        self.errors = errors  # question key -> what is wrong, for the learner


class NoAttemptsLeft(ValueError):
    """The learner has used every attempt the quiz allows."""


@dataclass(frozen=True)
class JudgedAnswer:
    position: int
    question: Question
    raw: str
    parsed: object
    expected: object
    values: dict[str, int]
    is_right: bool


def raw_text(raw: RawAnswer) -> str:
    return raw if isinstance(raw, str) else ",".join(raw)


def judge_answers(learner, quiz: Quiz, raw_answers: Mapping[str, RawAnswer]) -> list[JudgedAnswer]:
    """Every answer read and judged against the learner's variant; raises AnswersRefused listing
    each question whose answer cannot be read (blank ones included)."""
    judged, errors = [], {}
    for position, question in enumerate(quiz.question_list()):
        raw = raw_answers.get(question.key, "")
        try:
            parsed = question.parse(raw)
        except AnswerError as exc:
            errors[question.key] = str(exc)
            continue
        values = learner_values(learner.pk, quiz.uuid, question)
        expected = question.expected(values)
        right = question.is_right(parsed, expected)
        judged.append(JudgedAnswer(position, question, raw_text(raw), parsed, expected, values, right))
    if errors:
        raise AnswersRefused(errors)
    return judged


def refuse_when_used_up(quiz: Quiz, used: int) -> None:
    if quiz.attempts_left(used) == 0:
        raise NoAttemptsLeft(
            f"You have used all {quiz.attempts_allowed} attempts at this quiz, so it takes no more answers. "
            "Your best score stays recorded."
        )


def submit_attempt(learner, quiz: Quiz, raw_answers: Mapping[str, RawAnswer]) -> QuizAttempt:
    """Score an attempt at once and record it with its answers and the learner's progress, in one transaction."""
    used = QuizProgress.objects.filter(learner=learner, quiz=quiz).values_list("attempts", flat=True).first() or 0
    refuse_when_used_up(quiz, used)  # said first: no point reading answers that cannot be taken
    judged = judge_answers(learner, quiz, raw_answers)
    with transaction.atomic():
        # The progress row's lock serializes one learner's submits: two quick ones cannot both
        # slip under the cap or take the same attempt number.
        progress, _ = QuizProgress.objects.select_for_update().get_or_create(learner=learner, quiz=quiz)
        refuse_when_used_up(quiz, progress.attempts)
        attempt = record_attempt(learner, quiz, progress.attempts + 1, judged)
        progress.count_attempt(attempt)
        progress.save()
    return attempt


def record_attempt(learner, quiz: Quiz, number: int, judged: list[JudgedAnswer]) -> QuizAttempt:
    right = sum(answer.is_right for answer in judged)
    multiplier = quiz.multiplier(number)
    attempt = QuizAttempt.objects.create(
        learner=learner,
        quiz=quiz,
        version=QuizVersion.objects.get(quiz=quiz, number=quiz.version),
        number=number,
        right_count=right,
        question_count=len(judged),
        multiplier=multiplier,
        score=round(right / len(judged) * multiplier, 4) if judged else 0.0,
        submitted_at=timezone.now(),
    )
    QuizAnswer.objects.bulk_create(
        QuizAnswer(
            attempt=attempt,
            position=answer.position,
            question_key=answer.question.key,
            raw=answer.raw,
            parsed=answer.parsed,
            expected=answer.expected,
            values=answer.values,
            is_right=answer.is_right,
        )
        for answer in judged
    )
    return attempt
