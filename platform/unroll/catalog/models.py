"""Exercises: the database index of the folders under exercises/ (and of browser-authored ones)."""

import uuid

from django.db import models
from django.urls import reverse

from grader import ExerciseSpec


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

    def grader_spec(self) -> ExerciseSpec:
        return ExerciseSpec.from_dict({**self.spec, "slug": self.slug})


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
