"""Quizzes written in the browser: a draft is the quiz's quiz.yaml text held in the database.

It is validated by the loader of the files, its predict answers are computed on a worker by the
code `sync_quizzes` uses, and it is published by the same upsert: a quiz made in the browser and
one made as a file obey exactly one set of rules. The web process never runs the grader.
"""

import uuid

from unroll.content.actions import (
    DraftNotPublishable,
    duplicate_as_draft,
    finish_job,
    open_draft,
    save_draft,
    with_identity,
)
from unroll.content.actions import publish_draft as publish_and_close
from unroll.quizzes.files import QuizError, QuizFile, QuizInvalid, line_of, load_source
from unroll.quizzes.models import Quiz, QuizDraft
from unroll.quizzes.questions import stored_questions
from unroll.quizzes.sync import publish_file

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
    return open_draft(QuizDraft, quiz, author, lambda: {"source": quiz.source})


def duplicate_quiz(quiz: Quiz, author) -> QuizDraft:
    """A new quiz's draft holding the quiz's text under a new identity (content.actions)."""
    return duplicate_as_draft(
        QuizDraft, quiz, author, lambda identity: {"source": with_identity(quiz.source, identity)}
    )


def save_source(draft: QuizDraft, quiz_file: QuizFile) -> None:
    """Store a validated text and compute its answers: at once when no question needs the grader,
    otherwise on a worker (the web process never runs TensorFlow)."""
    if quiz_file.predict_questions:
        save_draft(draft, enqueue_computation, source=quiz_file.source)
        return
    save_draft(draft, source=quiz_file.source)
    finish_job(
        QuizDraft, draft.pk, draft.job_input_hash, computed_questions=stored_questions(quiz_file.questions), errors=[]
    )


def enqueue_computation(draft_id: int) -> None:
    from unroll.quizzes.tasks import compute_draft_answers  # the tasks build on this module

    compute_draft_answers.delay(draft_id)


def publish_draft(draft: QuizDraft) -> Quiz:
    """Make the computed draft the live quiz (a new version when it edits one) and close the draft."""
    return publish_and_close(draft, lambda: publishing_of(draft))


def publishing_of(draft: QuizDraft) -> tuple:
    try:
        quiz_file = validate(draft, draft.source)
    except QuizInvalid as exc:
        raise DraftNotPublishable(
            f"The quiz cannot be published: {exc.errors[0].where}: {exc.errors[0].problem}"
        ) from exc
    return quiz_file.uuid, lambda: publish_file(quiz_file, draft.computed_questions)
