"""Helpers for the quiz tests: quiz files written on the fly, and quizzes published without the grader
(none of their questions is a predict question)."""

import textwrap
import uuid
from pathlib import Path

import yaml

from support import published_quiz
from unroll.quizzes.models import Quiz

QUESTIONS = """\
questions:
  - key: units
    type: single
    prompt: What does the 4 in `SimpleRNN(4)` set?
    choices:
      - {text: "The units", correct: true}
      - {text: "The time steps"}
    explanation: The first argument is `units`, the size of the hidden state.
  - key: tasks
    type: multiple
    prompt: When do you need `return_sequences=True`?
    choices:
      - {text: "A recurrent layer is stacked on top", correct: true}
      - {text: "Each word gets a label", correct: true}
      - {text: "One score per sentence"}
    explanation: When what comes next works per step.
  - key: steps
    type: numeric
    prompt: How many steps for 7 words?
    answer: 7
    explanation: One per word.
  - key: sequence-shape
    type: shape
    prompt: What does `SimpleRNN(4, return_sequences=True)` return for `(1, 3, 2)`?
    answer: [1, 3, 4]
    explanation: One vector of 4 per step.
"""


def quiz_text(
    slug: str = "basics",
    quiz_uuid: str | None = None,
    attempts: int = 3,
    penalty: str = "[1.0, 0.5]",
    questions: str = QUESTIONS,
) -> str:
    """A complete quiz.yaml (four questions, one of each type that needs no grader)."""
    header = f"""\
uuid: "{quiz_uuid or uuid.uuid4()}"
slug: {slug}
title: Quiz {slug}
topic: shapes
order: 1
attempts_allowed: {attempts}
penalty: {penalty}
"""
    return header + textwrap.dedent(questions)


def predict_question(key: str = "seq") -> str:
    """A predict question of 12 combinations (steps 3, 5 or 9 × units 2 to 5), as a quiz.yaml list item."""
    return f"""\
  - key: {key}
    type: predict
    prompt: "`x` has shape `(1, {{{{ steps }}}}, 2)`. What shape does `model(x)` have?"
    parameters:
      steps: {{choices: [3, 5, 9], default: 3}}
      units: {{min: 2, max: 5, default: 4}}
    input_shape: [1, "{{{{ steps }}}}", 2]
    snippet: |
      from tensorflow.keras.models import Sequential
      from tensorflow.keras.layers import SimpleRNN

      model = Sequential()
      model.add(SimpleRNN({{{{ units }}}}, input_shape=({{{{ steps }}}}, 2), return_sequences=True))
    explanation: "{{{{ steps }}}} steps of {{{{ units }}}} units: `(1, {{{{ steps }}}}, {{{{ units }}}})`."
"""


PREDICT = "questions:\n" + predict_question()

# The right answers of QUESTIONS, as a form posts them.
RIGHT = {"units": "0", "tasks": ["0", "1"], "steps": "7", "sequence-shape": "(None, 3, 4)"}


def write_quiz(root: Path, text: str, folder: str | None = None) -> Path:
    slug = folder or yaml.safe_load(text)["slug"]
    path = root / slug
    path.mkdir(parents=True, exist_ok=True)
    (path / "quiz.yaml").write_text(text)
    return path


def publish(text: str, **fields) -> Quiz:
    """Publish a quiz without predict questions, as sync_quizzes would (no grader needed), then set `fields`."""
    quiz = published_quiz(text)
    if fields:
        Quiz.objects.filter(pk=quiz.pk).update(**fields)
        quiz.refresh_from_db()
    return quiz
