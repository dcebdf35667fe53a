"""`manage.py sync_exercises`: make the database match the exercise folders."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from unroll.catalog.sync import sync_exercises, write_report
from unroll.submissions.grading import get_engine


class Command(BaseCommand):
    help = (
        "Load every folder under exercises/ into the database (idempotent; keyed by uuid). New and changed "
        "folders are first graded through the sandbox: reference accepted, starter and known wrong answers "
        "rejected as declared; a folder that fails is not published and its previous version stays live."
    )

    def add_arguments(self, parser):
        parser.add_argument("--root", type=Path, default=None, help="folder of exercises (default: EXERCISES_DIR)")

    def handle(self, *args, root: Path | None, **options):
        root = root or settings.EXERCISES_DIR
        if not root.is_dir():
            raise CommandError(f"{root} is not a folder of exercises")
        report = sync_exercises(root, runner_factory=get_engine)
        write_report(self, report, "exercise folders")
