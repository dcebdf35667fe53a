"""What exercises and quizzes share, as abstract models: published content, its versions, and a
draft with the state of the job a worker runs on it (an exercise's proof, a quiz's answers).

The lifecycle is one: content written as files or in the browser → a draft → a job on a worker
(its status, and the hash of exactly what it read) → publish, which makes a version → export.
"""

import uuid

from django.conf import settings
from django.db import models


class PublishedContentQuerySet(models.QuerySet):
    def published(self) -> "PublishedContentQuerySet":
        return self.filter(is_published=True)

    def in_order(self) -> "PublishedContentQuerySet":
        return self.order_by("order", "title")


class PublishedContent(models.Model):
    """An exercise or a quiz: the database index of its files, keyed by a uuid that never changes."""

    uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    topic = models.CharField(max_length=100)
    order = models.PositiveIntegerField(default=0)
    is_published = models.BooleanField(default=True)
    content_hash = models.CharField(max_length=64, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Goes up each time the published content changes.")
    # Who may edit, publish, unpublish or discard it (unroll.content.permissions); none for what
    # came from the site's own folders, which only superusers change (others duplicate it).
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="authored_%(app_label)s")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedContentQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title


class ContentVersion(models.Model):
    """What a piece of content was at one version: learners' work points at the version it answered.

    A subclass names its content's foreign key (`content_field`) and the fields it keeps (`kept_fields`).
    """

    content_field: str
    kept_fields: tuple[str, ...]

    number = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{getattr(self, self.content_field)} v{self.number}"

    @classmethod
    def snapshot(cls, content: PublishedContent) -> "ContentVersion":
        kept = {name: getattr(content, name) for name in cls.kept_fields}
        return cls.objects.create(
            **{cls.content_field: content}, number=content.version, content_hash=content.content_hash, **kept
        )


class Draft(models.Model):
    """Content being written or edited in the browser, held apart from the live content.

    Learners keep the published version until a worker's job (the proof of an exercise, the
    answers of a quiz) has read exactly this draft and succeeded, and an author publishes it.
    A subclass names its content's field (`content_field`), what the job reads (`job_input_hash`),
    what success is (`job_succeeded`), and what publishing too early is told (`not_publishable_message`).
    """

    content_field: str
    not_publishable_message: str

    class Status(models.TextChoices):
        NONE = "none", "Not run"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NONE)
    job_hash = models.CharField(max_length=64, blank=True, help_text="What the last job read (its hash).")
    job_done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"draft of {self.title}"

    def clear_job_outcome(self) -> None:
        """Forget the last job's findings when a new job is queued (by default they stay until it ends)."""

    @property
    def job_input_hash(self) -> str:
        raise NotImplementedError

    @property
    def job_succeeded(self) -> bool:
        raise NotImplementedError

    @property
    def job_is_current(self) -> bool:
        """The last job finished, and it read exactly what the draft holds now."""
        return self.status == self.Status.DONE and self.job_hash == self.job_input_hash

    @property
    def publishable(self) -> bool:
        return self.job_is_current and self.job_succeeded

    def job_progress(self) -> dict:
        """Where the job stands, as every draft's page shows it (each kind adds what its job found)."""
        return {"status": self.status, "current": self.job_is_current}


class AuthoringEvent(models.Model):
    """One authoring action, kept for the item's authors: who did what, when, and the content's
    hash before and after (a draft's content where the action is on a draft)."""

    class Action(models.TextChoices):
        DRAFT_SAVED = "draft_saved", "saved a draft"
        PUBLISHED = "published", "published a version"
        UNPUBLISHED = "unpublished", "unpublished"
        REPUBLISHED = "republished", "published again"
        DRAFT_DISCARDED = "draft_discarded", "discarded a draft"
        DUPLICATED = "duplicated", "duplicated"
        AUTHOR_ADDED = "author_added", "added a co-author"
        AUTHOR_REMOVED = "author_removed", "removed a co-author"
        REFUSED = "refused", "was refused"

    kind = models.CharField(max_length=32, help_text="The content's app label: catalog or quizzes.")
    content_uuid = models.UUIDField(db_index=True, null=True, help_text="None for a new item's draft that names none.")
    title = models.CharField(max_length=200)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=32, choices=Action.choices)
    detail = models.CharField(max_length=500, blank=True)
    hash_before = models.CharField(max_length=64, blank=True)
    hash_after = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.actor} {self.get_action_display()} {self.title} at {self.at:%Y-%m-%d %H:%M}"
