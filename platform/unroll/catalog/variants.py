"""Which variant of an exercise a learner gets, the exercise's texts for that variant, and the
variant's spec with its expectations derived from the reference solution (cached per content).

Only what the exercise's author wrote is rendered (statement, starter code, hints): a learner's
code is graded exactly as they sent it.
"""

import hashlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from grader import ExerciseSpec, Runner, render_text
from grader.variants import derive_variant, describe_values
from unroll.catalog.models import Exercise, ExerciseVersion, VariantSpec

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


def rendered_hints(exercise: Exercise, variant: Variant) -> list[str]:
    return [variant.render(hint) for hint in exercise.hints]


@dataclass(frozen=True)
class Derived:
    spec: ExerciseSpec
    reference_layers: list[dict]


def cached_variant(exercise: Exercise, seed: int, version: ExerciseVersion | None = None) -> Derived | None:
    """The variant as a worker derived it for the exercise's current content (or `version`'s), if it has."""
    content_hash = (version or exercise).content_hash
    cached = VariantSpec.objects.filter(exercise=exercise, content_hash=content_hash, seed=seed).first()
    return Derived(ExerciseSpec.from_dict(cached.spec), cached.reference_layers) if cached else None


def derived_variant(exercise: Exercise, seed: int, runner: Runner, version: ExerciseVersion | None = None) -> Derived:
    """The spec a submission on variant `seed` is graded against, and its reference model's layers.

    `version` is the exercise as the learner saw it when submitting (by default, as it is now).
    Derived once per variant and content by grading the reference solution (raises VariantError
    if it cannot: an exercise bug, which the proof at publishing makes rare), then kept.
    """
    cached = cached_variant(exercise, seed, version)
    if cached is not None:
        return cached
    content = version or exercise
    template = content.template()
    values = template.values(str(exercise.uuid), seed)
    derived = derive_variant(template, values, content.solution_code, runner)
    layers = list(derived.reference.layers)
    try:
        with transaction.atomic():
            VariantSpec.objects.create(
                exercise=exercise,
                content_hash=content.content_hash,
                seed=seed,
                spec=derived.spec.as_dict(),
                reference_layers=layers,
            )
    except IntegrityError:
        pass  # another worker derived the same variant at the same moment
    return Derived(derived.spec, layers)
