"""Submissions: the learner's code, and once graded, the verdict the grader computed for it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.text import capfirst

from grader import VERDICTS
from unroll.accounts.visibility import LearnersWorkQuerySet
from unroll.content.scores import score_text

CREATED_FORMAT = "j M Y, H:i:s"  # Django's date format: "2 Dec 2026, 11:52:07"


class LeasedQuerySet(models.QuerySet):
    """Reads of work a worker claims under a lease (submissions and runs): what is pending, claimable, lost.

    Both share the statuses queued, running and done, and the lease fields (`claimed_by`,
    `lease_expires_at`, `sent_at`); the writes are in submissions/leases.py.
    """

    def pending(self) -> "LeasedQuerySet":
        return self.exclude(status="done")

    def claimable(self, worker: str, now) -> "LeasedQuerySet":
        """What `worker` may start: queued, or running under a lease that is its own or has run out."""
        running = Q(status="running") & (Q(claimed_by=worker) | Q(lease_expires_at__lt=now))
        return self.filter(Q(status="queued") | running)

    def with_lapsed_lease(self, now) -> "LeasedQuerySet":
        """Being worked on by a worker that stopped renewing its lease: it died, or lost the database."""
        return self.filter(status="running", lease_expires_at__lt=now)

    def queued_unsent_since(self, cutoff) -> "LeasedQuerySet":
        """Queued, with no message sent since `cutoff` (the send failed, or the broker lost it)."""
        return self.filter(status="queued").filter(Q(sent_at__isnull=True) | Q(sent_at__lt=cutoff))


class SubmissionQuerySet(LearnersWorkQuerySet, LeasedQuerySet):
    item_field = "exercise"  # who sees which: LearnersWorkQuerySet.visible_to


class Submission(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions")
    exercise = models.ForeignKey("catalog.Exercise", on_delete=models.CASCADE, related_name="submissions")
    exercise_version = models.ForeignKey(
        "catalog.ExerciseVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
        help_text="The version of the exercise this submission was graded against.",
    )
    code = models.TextField()
    variant_seed = models.PositiveIntegerField(
        default=0, help_text="The learner's variant of the exercise (0: the canonical one)."
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    verdict = models.CharField(max_length=32, choices=[(v, v.replace("_", " ")) for v in VERDICTS], blank=True)
    score = models.FloatField(null=True, blank=True)
    checks = models.JSONField(default=list, blank=True)
    feedback = models.JSONField(default=list, blank=True)
    output_shape = models.JSONField(null=True, blank=True)
    model_layers = models.JSONField(
        null=True, blank=True, help_text="The learner's model as the grader described it (drawn in the feedback)."
    )
    usage = models.JSONField(default=dict, blank=True)
    stdout = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    graded_at = models.DateTimeField(null=True, blank=True)
    grade_ms = models.PositiveIntegerField(null=True, blank=True)
    # Grading is leased: the worker that claims a submission holds it until `lease_expires_at`
    # and renews the lease while it grades. A lease that runs out (the worker died, or lost the
    # database) lets the sweeper hand the submission on; see submissions/sweeper.py.
    claimed_by = models.CharField(max_length=200, blank=True, help_text="The worker grading it, while it does.")
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    claims = models.PositiveSmallIntegerField(default=0, help_text="How many times a worker began grading it.")
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When its id was last sent to the graders.")
    sends = models.PositiveSmallIntegerField(default=0, help_text="How many times its id was sent to the graders.")

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["learner", "exercise", "-created_at"]),
            # The sweeper's scans: only the few submissions not graded yet.
            models.Index(fields=["status", "created_at"], condition=~Q(status="done"), name="submission_pending"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.exercise} by {self.learner}: {self.verdict or self.status}"

    def get_absolute_url(self) -> str:
        return reverse("submissions:detail", args=[self.pk])

    def queue_position(self) -> int | None:
        """How many submissions wait ahead of this one (oldest first), while it is queued."""
        if self.status != self.Status.QUEUED:
            return None
        return Submission.objects.filter(status=self.Status.QUEUED, created_at__lt=self.created_at).count()

    @property
    def label(self) -> str:
        """The verdict (or, until there is one, the status) in words: "Runtime error", "Queued". The page's
        script shows the `label` of the JSON, so server-rendered and script-added items read alike."""
        return capfirst(self.get_verdict_display() if self.verdict else self.get_status_display())

    @property
    def created_label(self) -> str:
        """When it was submitted, in the site's time zone: the one date format of the learner's history."""
        return format_date(timezone.localtime(self.created_at), CREATED_FORMAT)

    def number(self) -> int:
        """Which of the learner's submissions to this exercise it is, the first being 1 (the history's numbering)."""
        earlier = Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lte=self.pk)
        return Submission.objects.filter(earlier, learner_id=self.learner_id, exercise_id=self.exercise_id).count()

    @property
    def counts_as_attempt(self) -> bool:
        return self.status == self.Status.DONE and self.verdict != "internal_error"

    def as_json(self) -> dict:
        return {
            "id": self.pk,
            "exercise": self.exercise.slug,
            "exercise_version": self.exercise_version.number if self.exercise_version_id else None,
            "variant_seed": self.variant_seed,
            "status": self.status,
            "verdict": self.verdict or None,
            "score": self.score,
            "score_text": score_text(self.score),  # as every page shows a score (content.scores)
            "checks": self.checks,
            "feedback": self.feedback,
            "output_shape": self.output_shape,
            "usage": self.usage,
            "stdout": self.stdout,
            "created_at": self.created_at.isoformat(),
            "created_label": self.created_label,
            "label": self.label,
            "graded_at": self.graded_at.isoformat() if self.graded_at else None,
            "url": self.get_absolute_url(),
            "status_url": reverse("submissions:status", args=[self.pk]),
        }


class Run(models.Model):
    """One click on Run: the learner's code run in the grading sandbox, and what the run showed.

    Not a submission: no verdict, never an attempt, never in progress, history or gradebook. It is a
    row (leased and swept like a submission) so that a run outlives a worker that died running it.
    """

    Status = Submission.Status

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="runs")
    exercise = models.ForeignKey("catalog.Exercise", on_delete=models.CASCADE, related_name="runs")
    exercise_version = models.ForeignKey(
        "catalog.ExerciseVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    code = models.TextField()
    variant_seed = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    result = models.JSONField(null=True, blank=True, help_text="What the run showed (grader.RunResult).")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=200, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    claims = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    sends = models.PositiveSmallIntegerField(default=0)

    objects = LeasedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["learner", "status"]),
            models.Index(fields=["status", "created_at"], condition=~Q(status="done"), name="run_pending"),
        ]

    def __str__(self) -> str:
        return f"run #{self.pk} of {self.exercise} by {self.learner}: {self.status}"

    def as_json(self) -> dict:
        return {
            "id": self.pk,
            "exercise": self.exercise.slug,
            "status": self.status,
            "result": self.result,
            "created_at": self.created_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "status_url": reverse("submissions:run_status", args=[self.pk]),
        }
