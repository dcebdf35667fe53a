"""What `sync_exercises` and `sync_quizzes` share: the report of a sync, the check that no two files
claim one identity, and how a command prints the report."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.management.base import CommandError


@dataclass
class SyncReport:
    """What a sync did, by slug; `errors` name the file, the field and the reason."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def load_each(paths: Iterable, load: Callable, invalid: type[Exception], errors_of: Callable) -> tuple[list, list]:
    """Every file `load` reads without raising `invalid`, and the errors of the others (`errors_of(exc)`)."""
    items, errors = [], []
    for path in paths:
        try:
            items.append(load(path))
        except invalid as exc:
            errors += errors_of(exc)
    return items, errors


def start_sync(items: list, errors: list) -> tuple[SyncReport, list]:
    """A report holding the loading errors, and the items that loaded without one."""
    broken = {error.path for error in errors}
    return SyncReport(errors=errors), [item for item in items if item.path not in broken]


def shared_identities(items: Iterable) -> Iterator[tuple[object, str, str]]:
    """(item, "uuid" or "slug", message) for each item whose uuid or slug an earlier item already has."""
    seen = {}
    for item in items:
        for key, value in (("uuid", str(item.uuid)), ("slug", item.slug)):
            other = seen.setdefault((key, value), item.path)
            if other != item.path:
                yield item, key, f"{value} is also used by {other}"


def write_report(command, report: SyncReport, things: str) -> None:
    """One line per outcome, errors on stderr; raises CommandError (a non-zero exit) when anything
    could not be published."""
    for label in ("created", "updated", "unchanged"):
        slugs = getattr(report, label)
        if slugs:
            command.stdout.write(f"{label}: {', '.join(slugs)}")
    for error in report.errors:
        command.stderr.write(command.style.ERROR(str(error)))
    if not report.ok:
        raise CommandError(f"{len(report.errors)} error(s) in {things}; what has errors was not published")
    total = len(report.created) + len(report.updated) + len(report.unchanged)
    command.stdout.write(command.style.SUCCESS(f"{total} {things} in sync"))
