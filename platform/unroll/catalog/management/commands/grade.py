"""`manage.py grade SLUG FILE --json [--seed N]`: grade one file as the Celery task does, minus the database write.

Without --seed the file is graded on the exercise's canonical variant (seed 0: every parameter
at its default, as the statement shows by default); with --seed N, on learner variant N. The
variant's expectations are derived by grading the exercise's reference solution on it (and kept,
as the task keeps them). The file is graded byte for byte as a learner's code: an exercise's own
files with `{{ name }}` placeholders must be rendered for the variant first.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from grader import VariantError
from unroll.catalog.folders import FolderError, load_folder
from unroll.catalog.models import Exercise
from unroll.content.grading import grade_on_variant


def find_exercise(slug: str) -> Exercise:
    """The published exercise from the database, else the folder of that slug under exercises/ (not saved:
    its variants are derived for this grading and not kept)."""
    try:
        exercise = Exercise.objects.published().filter(slug=slug).first()
    except DatabaseError:
        exercise = None  # no database yet (a fresh clone): the folder is the source of truth
    if exercise is not None:
        return exercise
    path = settings.EXERCISES_DIR / slug
    if not path.is_dir():
        raise CommandError(f"no exercise with slug {slug!r} (not in the database, no folder {path})")
    try:
        folder = load_folder(path)
    except FolderError as exc:
        raise CommandError(str(exc)) from exc
    return Exercise(uuid=folder.uuid, **folder.record())


class Command(BaseCommand):
    help = "Grade a file of code against an exercise and print the result (one JSON object with --json)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", dest="as_json", action="store_true", help="print one JSON object on stdout")
        parser.add_argument(
            "--seed",
            type=int,
            default=None,
            help="grade learner variant N (default: the canonical variant, 0); "
            "exercises without parameters have only the canonical variant",
        )

    def handle(self, *args, slug: str, file: Path, as_json: bool, seed: int | None, **options):
        if seed is not None and seed < 0:
            raise CommandError(f"--seed must be 0 (the canonical variant) or a learner variant number, not {seed}")
        exercise = find_exercise(slug)
        try:
            code = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from exc
        try:
            result = grade_on_variant(exercise, seed or 0, code).as_dict()
        except VariantError as exc:
            raise CommandError(f"the exercise cannot derive variant {seed or 0}: {exc}") from exc
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(human_readable(result))


def human_readable(result: dict) -> str:
    lines = [f"verdict: {result['verdict']}  score: {result['score']}"]
    lines += [f"  [{'x' if c['passed'] else ' '}] {c['name']}: {c['message']}" for c in result["checks"]]
    lines += [f"- {message}" for message in result["feedback"]]
    return "\n".join(lines)
