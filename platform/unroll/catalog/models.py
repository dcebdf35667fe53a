"""Exercises: the database index of the folders under exercises/ (and of browser-authored ones)."""

import hashlib
import json
import uuid

import yaml
from django.db import models
from django.urls import reverse

from grader import ExerciseSpec, ExerciseTemplate
from unroll.catalog.folders import DEFAULT_REVEAL_SOLUTION_AFTER
from unroll.content.models import ContentVersion, Draft, PublishedContent


class Exercise(PublishedContent):
    difficulty = models.PositiveSmallIntegerField(default=1)
    statement = models.TextField(help_text="Markdown; sanitized when rendered.")
    starter_code = models.TextField()
    solution_code = models.TextField()
    spec = models.JSONField(help_text="What the grader checks: input shape, checks, limits.")
    hints = models.JSONField(default=list, blank=True)
    show_figure = models.BooleanField(
        default=False, help_text="Show the picture of the task (the reference model, drawn) with the statement."
    )
    known_wrong = models.JSONField(default=list, blank=True)
    images = models.JSONField(
        default=dict, blank=True, help_text="images/<name> -> bytes in base64: its folder's images."
    )
    explanation = models.TextField(
        blank=True, default="", help_text="Markdown: the exercise's point, shown once the learner's answer is accepted."
    )
    reveal_solution_after = models.PositiveSmallIntegerField(
        default=DEFAULT_REVEAL_SOLUTION_AFTER,
        help_text="The reference solution is shown after solving, or after this many attempts not accepted.",
    )

    def get_absolute_url(self) -> str:
        return reverse("catalog:exercise_detail", args=[self.slug])

    def template(self) -> ExerciseTemplate:
        return ExerciseTemplate.from_dict({**self.spec, "slug": self.slug})

    def grader_spec(self) -> ExerciseSpec:
        """The canonical variant's spec (its `expected: reference` checks not yet derived)."""
        return self.template().canonical_spec()


class ExerciseVersion(ContentVersion):
    """What an exercise was at one version: submissions point at the version they were graded against."""

    content_field = "exercise"
    kept_fields = ("statement", "starter_code", "solution_code", "spec", "explanation")

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="versions")
    statement = models.TextField()
    starter_code = models.TextField()
    solution_code = models.TextField()
    spec = models.JSONField()
    explanation = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["exercise", "-number"]
        constraints = [models.UniqueConstraint(fields=["exercise", "number"], name="one_number_per_exercise_version")]

    def template(self) -> ExerciseTemplate:
        """The exercise as it was at this version (what a learner who submitted then was shown)."""
        return ExerciseTemplate.from_dict({**self.spec, "slug": self.exercise.slug})


class ExerciseDraft(Draft):
    """An exercise being written or edited in the browser, kept as its folder's files; its job is the
    proof by the real grader (its reference accepted, its wrong answers rejected as declared)."""

    content_field = "exercise"
    not_publishable_message = (
        "Run the reference first: the exercise is published only once the grader has proven "
        "exactly this version (reference accepted, starter and wrong answers rejected as declared)."
    )

    exercise = models.OneToOneField(
        Exercise,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="draft",
        help_text="The exercise this draft edits; empty for a new exercise.",
    )
    uuid = models.UUIDField(default=uuid.uuid4, help_text="The exercise's stable identity, kept when published.")
    files = models.JSONField(default=dict, help_text="{relative path: text}: the exercise's folder.")
    proof_results = models.JSONField(default=list, blank=True)

    def get_absolute_url(self) -> str:
        return reverse("catalog:draft", args=[self.pk])

    @property
    def title(self) -> str:
        return self.metadata.get("title") or "an untitled exercise"

    @property
    def metadata(self) -> dict:
        try:
            data = yaml.safe_load(self.files.get("exercise.yaml", ""))
        except yaml.YAMLError:
            return {}
        return data if isinstance(data, dict) else {}

    @property
    def job_input_hash(self) -> str:
        return hashlib.sha256(json.dumps(self.files, sort_keys=True).encode()).hexdigest()

    def clear_job_outcome(self) -> None:
        self.proof_results = []

    @property
    def job_succeeded(self) -> bool:
        """Every case of the proof agreed with the folder."""
        return bool(self.proof_results) and all(result["ok"] for result in self.proof_results)


class VariantSpec(models.Model):
    """A variant's spec with its `expected: reference` checks derived, and its reference model's
    layers (drawn as "the expected model"), kept so the reference solution runs once per variant
    and content, not once per submission."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="variant_specs")
    content_hash = models.CharField(max_length=64, help_text="The exercise content the spec was derived from.")
    seed = models.PositiveIntegerField()
    spec = models.JSONField()
    reference_layers = models.JSONField(default=list, help_text="The reference model's layer facts.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["exercise", "content_hash", "seed"], name="one_spec_per_variant")
        ]

    def __str__(self) -> str:
        return f"{self.exercise} variant {self.seed}"
