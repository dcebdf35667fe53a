"""`manage.py sync_quizzes`: make the database match the quiz files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from unroll.catalog.sync import write_report
from unroll.quizzes.sync import quizzes_root, sync_quizzes
from unroll.submissions.grading import get_engine


class Command(BaseCommand):
    help = (
        "Load every quizzes/<slug>/quiz.yaml into the database (idempotent; keyed by uuid). The answers of predict "
        "questions are computed by running their snippets through the sandboxed grader; a quiz with an error is "
        "not published and its previous version stays live."
    )

    def add_arguments(self, parser):
        parser.add_argument("--root", type=Path, default=None, help="folder of quizzes (default: quizzes/)")
        parser.add_argument(
            "--recompute",
            action="store_true",
            help="compute the answers of unchanged quizzes' predict questions again (after upgrading the grader "
            "or Keras); a quiz whose answers moved is published as a new version",
        )

    def handle(self, *args, root: Path | None, recompute: bool, **options):
        root = root or quizzes_root()
        if not root.is_dir():
            raise CommandError(f"{root} is not a folder of quizzes")
        report = sync_quizzes(root, runner_factory=get_engine, recompute=recompute)
        write_report(self, report, "quizzes")
