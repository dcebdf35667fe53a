"""`manage.py grade SLUG FILE --json [--seed N]`: grade one file as the Celery task would, minus the database write.

Without --seed the file is graded on the exercise's canonical variant (seed 0: every parameter
at its default, as the statement shows by default); with --seed N, on learner variant N. The
variant's expectations are derived by grading the exercise's reference solution on it.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from grader import ExerciseSpec, ExerciseTemplate, SpecError, VariantError, render_text, variant_spec
from unroll.catalog.folders import FolderError, load_folder
from unroll.catalog.models import Exercise
from unroll.submissions.grading import get_engine, grade_code


@dataclass(frozen=True)
class Source:
    """What grading needs of an exercise, from the database or from its folder."""

    key: str
    template: ExerciseTemplate
    solution_code: str

    def values(self, seed: int) -> dict[str, int]:
        return self.template.values(self.key, seed)

    def spec(self, seed: int) -> ExerciseSpec:
        try:
            return variant_spec(self.template, self.values(seed), self.solution_code, get_engine())
        except VariantError as exc:
            raise CommandError(f"the exercise cannot derive variant {seed}: {exc}") from exc


def find_source(slug: str) -> Source:
    """The published exercise from the database, else the folder of that slug under exercises/."""
    try:
        exercise = Exercise.objects.published().filter(slug=slug).first()
    except DatabaseError:
        exercise = None  # no database yet (a fresh clone): the folder is the source of truth
    if exercise is not None:
        return Source(str(exercise.uuid), exercise.template(), exercise.solution_code)
    path = settings.EXERCISES_DIR / slug
    if not path.is_dir():
        raise CommandError(f"no exercise with slug {slug!r} (not in the database, no folder {path})")
    try:
        folder = load_folder(path)
    except FolderError as exc:
        raise CommandError(str(exc)) from exc
    return Source(str(folder.uuid), folder.template, folder.solution_code)


def for_variant(code: bytes, values: dict[str, int]) -> bytes:
    """An exercise's own file (its solution, a known wrong answer) holds `{{ name }}` placeholders:
    render them for the variant. A learner's code has none and is graded byte for byte."""
    if not values:
        return code
    try:
        return render_text(code.decode("utf-8"), values).encode("utf-8")
    except (UnicodeDecodeError, SpecError):
        return code  # not UTF-8, or braces that are not ours: the grader judges it as sent


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
        source = find_source(slug)
        try:
            code = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from exc
        seed = seed or 0
        result = grade_code(source.spec(seed), for_variant(code, source.values(seed))).as_dict()
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(human_readable(result))


def human_readable(result: dict) -> str:
    lines = [f"verdict: {result['verdict']}  score: {result['score']}"]
    lines += [f"  [{'x' if c['passed'] else ' '}] {c['name']}: {c['message']}" for c in result["checks"]]
    lines += [f"- {message}" for message in result["feedback"]]
    return "\n".join(lines)
