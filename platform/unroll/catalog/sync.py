"""Makes the Exercise table match the folders under exercises/ (idempotent, keyed by uuid).

A new or changed folder is published only once the real grader has proven it: its reference
solution accepted, its starter and every known wrong answer rejected with the verdict and
feedback they declare. A folder that fails is reported with its file and the reason, and the
previously published version, if any, stays live.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction

from grader import Runner, grade
from unroll.catalog.folders import ExerciseFolder, FolderError, find_folders, load_folder
from unroll.catalog.models import Exercise, ExerciseVersion


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[FolderError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def load_all(root: Path) -> tuple[list[ExerciseFolder], list[FolderError]]:
    folders, errors = [], []
    for path in find_folders(root):
        try:
            folders.append(load_folder(path))
        except FolderError as exc:
            errors.append(exc)
    errors += duplicate_errors(folders)
    return folders, errors


def duplicate_errors(folders: list[ExerciseFolder]) -> list[FolderError]:
    errors, seen = [], {}
    for folder in folders:
        for key, value in (("uuid", str(folder.uuid)), ("slug", folder.slug)):
            other = seen.setdefault((key, value), folder.path)
            if other != folder.path:
                errors.append(FolderError(folder.path, f"exercise.yaml: {key}", f"{value} is also used by {other}"))
    return errors


def proof_errors(folder: ExerciseFolder, runner: Runner) -> list[FolderError]:
    """Grade the folder's own answers through the real grader; what disagrees with the folder."""
    errors = []
    solution = grade(folder.spec, folder.solution_code, runner=runner)
    if solution.verdict != "accepted":
        reason = solution.feedback[0] if solution.feedback else ""
        errors.append(
            FolderError(folder.path, "solution.py", f"the reference solution gets {solution.verdict}: {reason}")
        )
    if grade(folder.spec, folder.starter_code, runner=runner).verdict == "accepted":
        errors.append(FolderError(folder.path, "starter.py", "the starter code is accepted; it must leave work to do"))
    for wrong in folder.known_wrong:
        result = grade(folder.spec, wrong.code, runner=runner)
        first = result.feedback[0] if result.feedback else ""
        if result.verdict != wrong.verdict or wrong.feedback not in first:
            errors.append(
                FolderError(
                    folder.path,
                    f"wrong/{wrong.name}.py",
                    f"expected {wrong.verdict} with feedback containing {wrong.feedback!r}, got {result.verdict}: {first!r}",
                )
            )
    return errors


def sync_exercises(root: Path, runner_factory: Callable[[], Runner] | None = None) -> SyncReport:
    """Upsert every valid folder. With a runner, new and changed folders must first pass their proof.

    Without one (the test suite's fixtures, for speed) folders are loaded unproven; the
    management command always proves them.
    """
    folders, errors = load_all(root)
    report = SyncReport(errors=errors)
    broken = {e.path for e in errors}
    runner = None
    for folder in folders:
        if folder.path in broken:
            continue
        if is_unchanged(folder):
            report.unchanged.append(folder.slug)
            continue
        if runner_factory is not None:
            runner = runner or runner_factory()
            problems = proof_errors(folder, runner)
            if problems:
                report.errors += problems
                continue
        getattr(report, upsert(folder)).append(folder.slug)
    return report


def is_unchanged(folder: ExerciseFolder) -> bool:
    record = folder.record()
    return Exercise.objects.filter(uuid=folder.uuid, content_hash=record["content_hash"]).exists()


def upsert(folder: ExerciseFolder) -> str:
    record = folder.record()
    try:
        with transaction.atomic():
            exercise = Exercise.objects.select_for_update().filter(uuid=folder.uuid).first()
            if exercise is None:
                ExerciseVersion.snapshot(Exercise.objects.create(uuid=folder.uuid, **record))
                return "created"
            for name, value in record.items():
                setattr(exercise, name, value)
            exercise.version += 1  # learners' progress stays: it points at the exercise, not a version
            exercise.save()
            ExerciseVersion.snapshot(exercise)
            return "updated"
    except IntegrityError:
        return "unchanged"  # another worker published the same folder at the same moment
