"""Writes to a learner's progress that are not gradings: revealing hints."""

from django.db import transaction

from unroll.progress.models import Progress


class NoHintLeft(ValueError):
    """Every hint of the exercise is already revealed."""


def reveal_hint(learner, exercise) -> list[str]:
    """Reveal the next hint, one at a time, and record it; returns every hint revealed so far."""
    with transaction.atomic():
        progress, _ = Progress.objects.select_for_update().get_or_create(learner=learner, exercise=exercise)
        if progress.hints_revealed >= len(exercise.hints):
            raise NoHintLeft("You have seen every hint of this exercise.")
        progress.hints_revealed += 1
        progress.save(update_fields=["hints_revealed", "updated_at"])
    return exercise.hints[: progress.hints_revealed]
