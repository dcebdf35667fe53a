"""`manage.py sync_exercises`: make the database match the exercise folders."""

from pathlib import Path

from django.conf import settings

from unroll.catalog.sync import sync_exercises
from unroll.content.commands import SyncCommand


class Command(SyncCommand):
    help = (
        "Load every folder under exercises/ into the database (idempotent; keyed by uuid). New and changed "
        "folders are first graded through the sandbox: reference accepted, starter and known wrong answers "
        "rejected as declared; a folder that fails is not published and its previous version stays live."
    )
    folder_of = "exercises"
    things = "exercise folders"
    default_root_help = "EXERCISES_DIR"

    def default_root(self) -> Path:
        return settings.EXERCISES_DIR

    def sync(self, root: Path, runner_factory, **options):
        return sync_exercises(root, runner_factory=runner_factory)
