"""Makes the Exercise table match the folders under exercises/ (idempotent, keyed by uuid)."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from unroll.catalog.folders import ExerciseFolder, FolderError, find_folders, load_folder
from unroll.catalog.models import Exercise


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


def sync_exercises(root: Path) -> SyncReport:
    """Upsert every valid folder; a folder with errors is skipped and its live version kept."""
    folders, errors = load_all(root)
    report = SyncReport(errors=errors)
    broken = {e.path for e in errors}
    for folder in folders:
        if folder.path not in broken:
            outcome = upsert(folder)
            getattr(report, outcome).append(folder.slug)
    return report


@transaction.atomic
def upsert(folder: ExerciseFolder) -> str:
    record = folder.record()
    exercise = Exercise.objects.select_for_update().filter(uuid=folder.uuid).first()
    if exercise is None:
        Exercise.objects.create(uuid=folder.uuid, **record)
        return "created"
    if exercise.content_hash == record["content_hash"]:
        return "unchanged"
    for name, value in record.items():
        setattr(exercise, name, value)
    exercise.save()
    return "updated"
