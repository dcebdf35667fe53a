"""Which variant of an exercise a learner gets, and the exercise's texts for that variant.

Only what the exercise's author wrote is rendered (statement, starter code, hints as HTML): a learner's
code is graded exactly as they sent it. The variant's spec, derived from the reference solution,
comes from the grading service (unroll.content.grading).
"""

import hashlib
from dataclasses import dataclass

from django.utils.safestring import SafeString

from grader import render_text
from grader.variants import describe_values
from unroll.catalog.images import image_urls
from unroll.catalog.models import Exercise
from unroll.content.rendering import render_markdown

LEARNER_SEEDS = 9999  # seeds 1..9999; 0 is the canonical variant


@dataclass(frozen=True)
class Variant:
    seed: int
    values: dict[str, int]

    def render(self, text: str) -> str:
        return render_text(text, self.values)

    @property
    def description(self) -> str:
        """e.g. "features=3, timesteps=5", or "" for an exercise without parameters."""
        return describe_values(self.values) if self.values else ""


def learner_seed(learner_id: int, exercise: Exercise) -> int:
    """The learner's variant number: stable for a learner and an exercise, 0 when it has no parameters."""
    if not exercise.spec.get("parameters"):
        return 0
    digest = hashlib.sha256(f"{learner_id}:{exercise.uuid}".encode()).hexdigest()
    return 1 + int(digest, 16) % LEARNER_SEEDS


def variant_of(exercise: Exercise, seed: int) -> Variant:
    return Variant(seed, exercise.template().values(str(exercise.uuid), seed))


def learner_variant(learner, exercise: Exercise) -> Variant:
    return variant_of(exercise, learner_seed(learner.pk, exercise))


def rendered_hints(exercise: Exercise, variant: Variant, count: int | None = None) -> list[SafeString]:
    """The first `count` hints (all by default) for the variant, as safe HTML: hints are Markdown like the
    statement (`code`, *emphasis*), rendered and sanitized by the same function."""
    images = image_urls(exercise)
    return [render_markdown(variant.render(hint), images) for hint in exercise.hints[:count]]
