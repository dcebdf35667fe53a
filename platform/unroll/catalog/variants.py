"""Which variant of an exercise a learner gets, the exercise's texts for that variant, and the
variant's spec with its expectations derived from the reference solution (cached per content).

Only what the exercise's author wrote is rendered (statement, starter code, hints): a learner's
code is graded exactly as they sent it.
"""

import hashlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from grader import ExerciseSpec, Runner, render_text, variant_spec
from grader.variants import describe_values
from unroll.catalog.models import Exercise, VariantSpec

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


def resolved_spec(exercise: Exercise, seed: int, runner: Runner) -> ExerciseSpec:
    """The spec a submission on variant `seed` is graded against; raises VariantError if the
    reference cannot derive it (an exercise bug: the proof at publishing makes it rare)."""
    cached = VariantSpec.objects.filter(exercise=exercise, content_hash=exercise.content_hash, seed=seed).first()
    if cached is not None:
        return ExerciseSpec.from_dict(cached.spec)
    template = exercise.template()
    values = template.values(str(exercise.uuid), seed)
    spec = variant_spec(template, values, exercise.solution_code, runner)
    if template.spec_for(values).needs_reference:  # only a derived spec is worth keeping
        try:
            with transaction.atomic():
                VariantSpec.objects.create(
                    exercise=exercise, content_hash=exercise.content_hash, seed=seed, spec=spec.as_dict()
                )
        except IntegrityError:
            pass  # another worker derived the same variant at the same moment
    return spec
