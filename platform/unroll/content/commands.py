"""The base of `sync_exercises` and `sync_quizzes`: make the database match a folder of content files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from unroll.content.grading import get_engine
from unroll.content.sync import SyncReport, write_report


class SyncCommand(BaseCommand):
    """A subclass says what its folder holds (`folder_of`), how its report counts them (`things`),
    where the folder is by default, and how to sync it with a runner factory."""

    folder_of: str
    things: str
    default_root_help: str

    def add_arguments(self, parser):
        parser.add_argument(
            "--root", type=Path, default=None, help=f"folder of {self.folder_of} (default: {self.default_root_help})"
        )

    def default_root(self) -> Path:
        raise NotImplementedError

    def sync(self, root: Path, runner_factory, **options) -> SyncReport:
        raise NotImplementedError

    def handle(self, *args, root: Path | None, **options):
        root = root or self.default_root()
        if not root.is_dir():
            raise CommandError(f"{root} is not a folder of {self.folder_of}")
        write_report(self, self.sync(root, runner_factory=get_engine, **options), self.things)
