"""`manage.py sync_quizzes`: make the database match the quiz files."""

from pathlib import Path

from unroll.content.commands import SyncCommand
from unroll.quizzes.sync import quizzes_root, sync_quizzes


class Command(SyncCommand):
    help = (
        "Load every quizzes/<slug>/quiz.yaml into the database (idempotent; keyed by uuid). The answers of predict "
        "questions are computed by running their snippets through the sandboxed grader; a quiz with an error is "
        "not published and its previous version stays live."
    )
    folder_of = "quizzes"
    things = "quizzes"
    default_root_help = "quizzes/"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--recompute",
            action="store_true",
            help="compute the answers of unchanged quizzes' predict questions again (after upgrading the grader "
            "or Keras); a quiz whose answers moved is published as a new version",
        )

    def default_root(self) -> Path:
        return quizzes_root()

    def sync(self, root: Path, runner_factory, recompute: bool = False, **options):
        return sync_quizzes(root, runner_factory=runner_factory, recompute=recompute)
