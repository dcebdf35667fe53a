"""Each learner's own numbers in a quiz's predict questions: stable for a learner, a quiz and a question.

The pattern of unroll.catalog.variants: a seed from a hash of the learner and the question, then
grader.variants.values_for, so every process draws the same numbers for the same learner.
"""

import hashlib

from grader.variants import values_for
from unroll.quizzes.questions import Question

LEARNER_SEEDS = 9999  # seeds 1..9999; 0 would be every parameter at its default


def question_scope(quiz_uuid, question: Question) -> str:
    """What a question's draws are keyed by: its quiz's uuid and its own key, so renaming a folder
    or reordering questions keeps every learner's numbers."""
    return f"{quiz_uuid}:{question.key}"


def learner_seed(learner_id: int, quiz_uuid, question: Question) -> int:
    """The learner's variant of the question: 0 (the defaults) when it has no parameters."""
    if not question.parameters:
        return 0
    digest = hashlib.sha256(f"{learner_id}:{question_scope(quiz_uuid, question)}".encode()).hexdigest()
    return 1 + int(digest, 16) % LEARNER_SEEDS


def learner_values(learner_id: int, quiz_uuid, question: Question) -> dict[str, int]:
    """The learner's parameter values for the question ({} for a question without parameters)."""
    if not question.parameters:
        return {}
    seed = learner_seed(learner_id, quiz_uuid, question)
    return values_for(question.parameters, question_scope(quiz_uuid, question), seed)
