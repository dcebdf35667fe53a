"""Makes the Quiz table match the files quizzes/<slug>/quiz.yaml (idempotent, keyed by uuid).

A new or changed quiz is published only once it is valid and the real grader has computed the
answer of every predict question for every combination of its parameters. A quiz that fails is
reported with its file, field and reason, and its previously published version, if any, stays live.
"""

from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from grader import Runner
from unroll.content.actions import is_unchanged as content_is_unchanged
from unroll.content.actions import publish_version
from unroll.content.sync import SyncReport, load_each, shared_identities, start_sync
from unroll.quizzes.files import QuizError, QuizFile, QuizInvalid, find_quiz_folders, load_quiz
from unroll.quizzes.models import Quiz, QuizVersion
from unroll.quizzes.predict import computed_questions
from unroll.quizzes.questions import stored_questions


def quizzes_root() -> Path:
    return Path(settings.QUIZZES_DIR)


def load_all(root: Path) -> tuple[list[QuizFile], list[QuizError]]:
    quizzes, errors = load_each(find_quiz_folders(root), load_quiz, QuizInvalid, lambda invalid: invalid.errors)
    return quizzes, errors + duplicate_errors(quizzes)


def duplicate_errors(quizzes: list[QuizFile]) -> list[QuizError]:
    return [QuizError(quiz.path, key, why) for quiz, key, why in shared_identities(quizzes)]


def sync_quizzes(root: Path, runner_factory: Callable[[], Runner], recompute: bool = False) -> SyncReport:
    """Upsert every valid quiz; the runner (started only if a changed quiz has predict questions)
    computes their answers. With `recompute`, unchanged quizzes' predict answers are computed again
    (after a grader or Keras upgrade) and a quiz whose answers moved is published as a new version."""
    report, quizzes = start_sync(*load_all(root))
    runner = None
    for quiz in quizzes:
        unchanged = is_unchanged(quiz)
        if unchanged and not (recompute and quiz.predict_questions):
            report.unchanged.append(quiz.slug)
            continue
        clash = slug_clash(quiz)
        if clash:
            report.errors.append(QuizError(quiz.path, "slug", f"{quiz.slug} is used by “{clash.title}” ({clash.uuid})"))
            continue
        if quiz.predict_questions:
            runner = runner or runner_factory()
        try:
            questions = computed_questions(quiz, runner) if quiz.predict_questions else stored_questions(quiz.questions)
        except QuizInvalid as exc:
            report.errors += exc.errors
            continue
        if unchanged and stored_answers_are(quiz, questions):
            report.unchanged.append(quiz.slug)
            continue
        getattr(report, upsert(quiz, questions)).append(quiz.slug)
    return report


def stored_answers_are(quiz: QuizFile, questions: list[dict]) -> bool:
    return Quiz.objects.filter(uuid=quiz.uuid).values_list("questions", flat=True).first() == questions


def is_unchanged(quiz: QuizFile) -> bool:
    return content_is_unchanged(Quiz, quiz.uuid, quiz.content_hash)


def slug_clash(quiz: QuizFile) -> Quiz | None:
    """Another quiz (another uuid) already published under this slug, e.g. one written in the browser."""
    return Quiz.objects.filter(slug=quiz.slug).exclude(uuid=quiz.uuid).first()


def upsert(quiz: QuizFile, questions: list[dict]) -> str:
    """Publish the quiz's content as its next version; "created", "updated" or "unchanged"."""
    return publish_version(QuizVersion, quiz.uuid, {**quiz.record(), "questions": questions})


def publish_file(quiz: QuizFile, questions: list[dict]) -> None:
    """Publish the quiz unless it already holds exactly this text."""
    if not is_unchanged(quiz):
        upsert(quiz, questions)
