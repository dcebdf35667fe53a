"""Exercises: the database index of the folders under exercises/ (and of browser-authored ones)."""

import hashlib
import json
import uuid

import yaml
from django.conf import settings
from django.db import models
from django.urls import reverse

from grader import ExerciseSpec, ExerciseTemplate


class ExerciseQuerySet(models.QuerySet):
    def published(self) -> "ExerciseQuerySet":
        return self.filter(is_published=True)

    def in_order(self) -> "ExerciseQuerySet":
        return self.order_by("order", "title")


class Exercise(models.Model):
    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    topic = models.CharField(max_length=100)
    order = models.PositiveIntegerField(default=0)
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
    is_published = models.BooleanField(default=True)
    content_hash = models.CharField(max_length=64, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Goes up each time the published content changes.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalog:exercise_detail", args=[self.slug])

    def template(self) -> ExerciseTemplate:
        return ExerciseTemplate.from_dict({**self.spec, "slug": self.slug})

    def grader_spec(self) -> ExerciseSpec:
        """The canonical variant's spec (its `expected: reference` checks not yet derived)."""
        return self.template().canonical_spec()


class ExerciseVersion(models.Model):
    """What an exercise was at one version: submissions point at the version they were graded against."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    statement = models.TextField()
    starter_code = models.TextField()
    solution_code = models.TextField()
    spec = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["exercise", "-number"]
        constraints = [models.UniqueConstraint(fields=["exercise", "number"], name="one_number_per_exercise_version")]

    def __str__(self) -> str:
        return f"{self.exercise} v{self.number}"

    def template(self) -> ExerciseTemplate:
        """The exercise as it was at this version (what a learner who submitted then was shown)."""
        return ExerciseTemplate.from_dict({**self.spec, "slug": self.exercise.slug})

    @classmethod
    def snapshot(cls, exercise: Exercise) -> "ExerciseVersion":
        return cls.objects.create(
            exercise=exercise,
            number=exercise.version,
            content_hash=exercise.content_hash,
            statement=exercise.statement,
            starter_code=exercise.starter_code,
            solution_code=exercise.solution_code,
            spec=exercise.spec,
        )


class ExerciseDraft(models.Model):
    """An exercise being written or edited in the browser, kept as its folder's files.

    Held apart from the live exercise: learners keep the published version until the draft
    has been proven by the real grader (its reference accepted, its wrong answers rejected as
    declared) and an instructor publishes it, which makes a new version.
    """

    class ProofStatus(models.TextChoices):
        NONE = "none", "Not run"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"

    exercise = models.OneToOneField(
        Exercise,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="draft",
        help_text="The exercise this draft edits; empty for a new exercise.",
    )
    uuid = models.UUIDField(default=uuid.uuid4, help_text="The exercise's stable identity, kept when published.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    files = models.JSONField(help_text="{relative path: text}: the exercise's folder.")
    proof_status = models.CharField(max_length=16, choices=ProofStatus.choices, default=ProofStatus.NONE)
    proof_files_hash = models.CharField(max_length=64, blank=True, help_text="The files the last proof graded.")
    proof_results = models.JSONField(default=list, blank=True)
    proved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"draft of {self.title}"

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
    def files_hash(self) -> str:
        return hashlib.sha256(json.dumps(self.files, sort_keys=True).encode()).hexdigest()

    @property
    def proof_is_current(self) -> bool:
        return self.proof_status == self.ProofStatus.DONE and self.proof_files_hash == self.files_hash

    @property
    def proven(self) -> bool:
        """Publishable: the last proof graded exactly these files and everything agreed."""
        return self.proof_is_current and bool(self.proof_results) and all(r["ok"] for r in self.proof_results)


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
