"""Quizzes written in the browser: a draft is the quiz's quiz.yaml text held in the database.

It is validated by the loader of the files, its predict answers are computed on a worker by the
code `sync_quizzes` uses, and it is published by the same upsert: a quiz made in the browser and
one made as a file obey exactly one set of rules. The web process never runs the grader.
"""

import uuid

from django.db import transaction
from django.utils import timezone

from unroll.quizzes.files import QuizError, QuizFile, QuizInvalid, line_of, load_source
from unroll.quizzes.models import Quiz, QuizDraft
from unroll.quizzes.questions import stored_questions
from unroll.quizzes.sync import is_unchanged, upsert

NEW_QUIZ = """\
uuid: "NEW-UUID"
slug: my-new-quiz
title: A new quiz
topic: return_sequences
order: 100
attempts_allowed: 3          # 0: unlimited
penalty: [1.0, 0.75, 0.5]    # share of the marks per attempt; the last one repeats
questions:
  - key: last-step-only
    type: single
    prompt: What does `SimpleRNN(4)` return for a batch of shape `(1, 3, 2)`?
    choices:
      - {text: "`(1, 4)`: the hidden state after the last step", correct: true}
      - {text: "`(1, 3, 4)`: one hidden state per step"}
    explanation: Without `return_sequences=True`, a recurrent layer returns only its last hidden state.
  - key: output-shape
    type: predict
    prompt: What shape does `model` output for a batch of shape `(1, {{ steps }}, 2)`?
    parameters:
      steps: {choices: [3, 5, 7], default: 3}
    input_shape: [1, "{{ steps }}", 2]
    snippet: |
      from tensorflow.keras.models import Sequential
      from tensorflow.keras.layers import SimpleRNN

      model = Sequential()
      model.add(SimpleRNN(4, input_shape=({{ steps }}, 2), return_sequences=True))
    explanation: With `return_sequences=True` the layer returns its 4 units at each of the {{ steps }} steps.
"""


class DraftNotPublishable(ValueError):
    """Publishing needs the answers of exactly the current text, computed without an error."""


def new_quiz_source() -> str:
    """The text a new quiz starts from: one question of two kinds, and a fresh uuid."""
    return NEW_QUIZ.replace("NEW-UUID", str(uuid.uuid4()))


def label_of(draft: QuizDraft) -> str:
    """How errors name a draft: draft:<slug>, like a folder."""
    return f"draft:{draft.quiz.slug if draft.quiz_id else draft.pk or 'new'}"


def validate(draft: QuizDraft, source: str) -> QuizFile:
    """The loader's verdict on the text, plus what only the database knows (the uuid and slug in use);
    raises QuizInvalid listing every problem, each with its field and line."""
    quiz_file = load_source(label_of(draft), source)
    errors = identity_errors(draft, quiz_file)
    if errors:
        raise QuizInvalid(errors)
    return quiz_file


def identity_errors(draft: QuizDraft, quiz_file: QuizFile) -> list[QuizError]:
    def error(where: str, message: str) -> QuizError:
        return QuizError(quiz_file.path, where, message, line_of(quiz_file.source, where))

    errors = []
    if draft.quiz_id and quiz_file.uuid != draft.quiz.uuid:
        errors.append(error("uuid", f"names this quiz for good (attempts point at it): keep {draft.quiz.uuid}"))
    owner = Quiz.objects.filter(uuid=quiz_file.uuid).exclude(pk=draft.quiz_id).first()
    if owner:
        errors.append(error("uuid", f"is the uuid of “{owner.title}”: edit that quiz instead, or use a new uuid"))
    clash = Quiz.objects.filter(slug=quiz_file.slug).exclude(uuid=quiz_file.uuid).first()
    if clash:
        errors.append(error("slug", f"“{clash.title}” already uses the slug {quiz_file.slug}; choose another"))
    return errors


def draft_for_quiz(quiz: Quiz, author) -> QuizDraft:
    """The quiz's open draft, or a new one holding exactly its published quiz.yaml."""
    draft = QuizDraft.objects.filter(quiz=quiz).first()
    if draft is None:
        draft = QuizDraft.objects.create(quiz=quiz, author=author, source=quiz.source)
    return draft


def save_source(draft: QuizDraft, quiz_file: QuizFile) -> None:
    """Store a validated text and compute its answers: at once when no question needs the grader,
    otherwise on a worker (the web process never runs TensorFlow)."""
    draft.source = quiz_file.source
    if quiz_file.predict_questions:
        draft.status = QuizDraft.Status.QUEUED
        draft.save()
        transaction.on_commit(lambda: enqueue_computation(draft.pk))
        return
    draft.save()
    finish_computation(draft.pk, draft.source_hash, stored_questions(quiz_file.questions), [])


def enqueue_computation(draft_id: int) -> None:
    from unroll.quizzes.tasks import compute_draft_answers

    compute_draft_answers.delay(draft_id)


def start_computation(draft_id: int) -> tuple[str, str, str] | None:
    """Claim a queued computation: the text to compute, its hash and label; None when the draft is gone."""
    with transaction.atomic():
        draft = QuizDraft.objects.select_for_update(of=("self",)).select_related("quiz").filter(pk=draft_id).first()
        if draft is None:
            return None
        draft.status = QuizDraft.Status.RUNNING
        draft.save(update_fields=["status", "updated_at"])
        return draft.source, draft.source_hash, label_of(draft)


def finish_computation(draft_id: int, source_hash: str, questions: list[dict], errors: list[dict]) -> None:
    """Record what the computation found, for the text it read (which may have been edited since)."""
    with transaction.atomic():
        draft = QuizDraft.objects.select_for_update().filter(pk=draft_id).first()
        if draft is None:
            return
        draft.status = QuizDraft.Status.DONE
        draft.computed_hash = source_hash
        draft.computed_questions = questions
        draft.errors = errors
        draft.computed_at = timezone.now()
        draft.save()


def publish_draft(draft: QuizDraft) -> Quiz:
    """Make the computed draft the live quiz (a new version when it edits one) and close the draft."""
    if not draft.publishable:
        raise DraftNotPublishable(
            "The answers of this exact text are not computed yet (or a snippet failed): save it, wait for the "
            "grader to compute every predict answer, then publish."
        )
    try:
        quiz_file = validate(draft, draft.source)
    except QuizInvalid as exc:
        raise DraftNotPublishable(
            f"The quiz cannot be published: {exc.errors[0].where}: {exc.errors[0].problem}"
        ) from exc
    with transaction.atomic():
        if not is_unchanged(quiz_file):
            upsert(quiz_file, draft.computed_questions)
        quiz = Quiz.objects.get(uuid=quiz_file.uuid)
        quiz.is_published = True
        quiz.save(update_fields=["is_published", "updated_at"])
        draft.delete()
    return quiz
