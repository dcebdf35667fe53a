"""A quiz back to its folder (quizzes/<slug>/quiz.yaml), zipped for download.

The folder holds the quiz.yaml it was published from, exactly as written (comments included);
the computed answers are not in it, since `sync_quizzes` computes them again. Imported back, it
is the same quiz: same uuid, same content hash, so a sync leaves it unchanged.
"""

from unroll.content.export import folder_zip
from unroll.quizzes.files import QUIZ_FILE
from unroll.quizzes.models import Quiz


def quiz_files(quiz: Quiz) -> dict[str, str]:
    """{relative path: text} of the quiz's folder."""
    return {QUIZ_FILE: quiz.source}


def quiz_zip(quiz: Quiz) -> bytes:
    return folder_zip(quiz.slug, quiz_files(quiz))
