"""`manage.py grade SLUG FILE --json [--seed N]`: grade one file as the Celery task would, minus the database write."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from grader import ExerciseSpec
from unroll.catalog.folders import FolderError, load_folder
from unroll.catalog.models import Exercise
from unroll.submissions.grading import grade_code


def find_spec(slug: str) -> ExerciseSpec:
    """The published exercise from the database, else the folder of that slug under exercises/."""
    try:
        exercise = Exercise.objects.published().filter(slug=slug).first()
    except DatabaseError:
        exercise = None  # no database yet (a fresh clone): the folder is the source of truth
    if exercise is not None:
        return exercise.grader_spec()
    path = settings.EXERCISES_DIR / slug
    if not path.is_dir():
        raise CommandError(f"no exercise with slug {slug!r} (not in the database, no folder {path})")
    try:
        return load_folder(path).spec
    except FolderError as exc:
        raise CommandError(str(exc)) from exc


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
            help="grade the learner variant N; exercises without parameters have only the canonical variant",
        )

    def handle(self, *args, slug: str, file: Path, as_json: bool, seed: int | None, **options):
        spec = find_spec(slug)
        try:
            code = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from exc
        result = grade_code(spec, code).as_dict()
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(human_readable(result))


def human_readable(result: dict) -> str:
    lines = [f"verdict: {result['verdict']}  score: {result['score']}"]
    lines += [f"  [{'x' if c['passed'] else ' '}] {c['name']}: {c['message']}" for c in result["checks"]]
    lines += [f"- {message}" for message in result["feedback"]]
    return "\n".join(lines)
