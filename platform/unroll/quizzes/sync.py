"""Makes the Quiz table match the files quizzes/<slug>/quiz.yaml (idempotent, keyed by uuid).

A new or changed quiz is published only once it is valid and the real grader has computed the
answer of every predict question for every combination of its parameters. A quiz that fails is
reported with its file, field and reason, and its previously published version, if any, stays live.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from grader import Runner
from unroll.quizzes.files import QuizError, QuizFile, QuizInvalid, find_quiz_folders, load_quiz
from unroll.quizzes.models import Quiz, QuizVersion
from unroll.quizzes.predict import computed_questions
from unroll.quizzes.questions import stored_questions


def quizzes_root() -> Path:
    return Path(settings.QUIZZES_DIR)


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[QuizError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def load_all(root: Path) -> tuple[list[QuizFile], list[QuizError]]:
    quizzes, errors = [], []
    for path in find_quiz_folders(root):
        try:
            quizzes.append(load_quiz(path))
        except QuizInvalid as exc:
            errors += exc.errors
    return quizzes, errors + duplicate_errors(quizzes)


def duplicate_errors(quizzes: list[QuizFile]) -> list[QuizError]:
    errors, seen = [], {}
    for quiz in quizzes:
        for key, value in (("uuid", str(quiz.uuid)), ("slug", quiz.slug)):
            other = seen.setdefault((key, value), quiz.path)
            if other != quiz.path:
                errors.append(QuizError(quiz.path, key, f"{value} is also used by {other}"))
    return errors


def sync_quizzes(root: Path, runner_factory: Callable[[], Runner], recompute: bool = False) -> SyncReport:
    """Upsert every valid quiz; the runner (started only if a changed quiz has predict questions)
    computes their answers. With `recompute`, unchanged quizzes' predict answers are computed again
    (after a grader or Keras upgrade) and a quiz whose answers moved is published as a new version."""
    quizzes, errors = load_all(root)
    report = SyncReport(errors=errors)
    broken = {error.path for error in errors}
    runner = None
    for quiz in quizzes:
        if quiz.path in broken:
            continue
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
    return Quiz.objects.filter(uuid=quiz.uuid, content_hash=quiz.content_hash).exists()


def slug_clash(quiz: QuizFile) -> Quiz | None:
    """Another quiz (another uuid) already published under this slug, e.g. one written in the browser."""
    return Quiz.objects.filter(slug=quiz.slug).exclude(uuid=quiz.uuid).first()


def upsert(quiz: QuizFile, questions: list[dict]) -> str:
    """Publish the quiz's content as its next version; "created", "updated" or "unchanged"."""
    record = {**quiz.record(), "questions": questions}
    try:
        with transaction.atomic():
            existing = Quiz.objects.select_for_update().filter(uuid=quiz.uuid).first()
            if existing is None:
                QuizVersion.snapshot(Quiz.objects.create(uuid=quiz.uuid, **record))
                return "created"
            for name, value in record.items():
                setattr(existing, name, value)
            existing.version += 1  # progress and attempts stay: they point at the quiz, attempts also at their version
            existing.save()
            QuizVersion.snapshot(existing)
            return "updated"
    except IntegrityError:
        return "unchanged"  # another process published the same file at the same moment
