"""What ties the LMS's objects (django-lti's `lti_tool` models) to Unroll's."""

from urllib.parse import urlparse

from django.conf import settings
from django.db import models
from django.utils import timezone
from lti_tool.models import LtiContext, LtiLineItem, LtiRegistration, LtiResourceLink, LtiUser

from unroll.courses.models import Course, CourseItem


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL: what a browser names as a frame's ancestor."""
    parsed = urlparse(url)
    return f"{parsed.scheme}://{parsed.netloc}" if parsed.scheme and parsed.netloc else ""


class PlatformQuerySet(models.QuerySet):
    def active(self) -> "PlatformQuerySet":
        return self.filter(registration__is_active=True)


class Platform(models.Model):
    """Unroll's side of a registered LMS: who registered it, and which sites may show Unroll in a frame.

    An LMS shows a launched tool in an iframe of its own pages. Those pages' origin is often not the
    issuer's (Canvas's issuer is https://canvas.instructure.com, its pages https://<school>.instructure.com),
    so the origins are stated, defaulting to those of the issuer and the auth endpoint.
    """

    registration = models.OneToOneField(LtiRegistration, on_delete=models.CASCADE, related_name="unroll_platform")
    frame_origins = models.TextField(
        blank=True, help_text="Origins (https://lms.example.edu) whose pages may show Unroll in a frame, one per line."
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PlatformQuerySet.as_manager()

    def __str__(self) -> str:
        return self.registration.name

    def origins(self) -> list[str]:
        stated = [origin_of(line.strip()) for line in self.frame_origins.splitlines()]
        derived = [origin_of(self.registration.issuer), origin_of(self.registration.auth_url)]
        return sorted({origin for origin in stated + derived if origin})


class LinkedCourse(models.Model):
    """The Unroll course an LMS course (an LTI context) is: created on the first launch from that context."""

    context = models.OneToOneField(LtiContext, on_delete=models.CASCADE, related_name="unroll_link")
    course = models.OneToOneField(Course, on_delete=models.CASCADE, related_name="lms_link")
    roster_synced_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.context} = {self.course}"


class LinkedItem(models.Model):
    """The course item an LMS resource link opens, and the LMS line item its scores go to (when it has one)."""

    course_item = models.ForeignKey(CourseItem, on_delete=models.CASCADE, related_name="lms_links")
    resource_link = models.OneToOneField(
        LtiResourceLink, on_delete=models.CASCADE, null=True, blank=True, related_name="unroll_link"
    )
    line_item = models.OneToOneField(
        LtiLineItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="unroll_link"
    )

    def __str__(self) -> str:
        return f"{self.resource_link or self.line_item} → {self.course_item}"


class ScoreToSend(models.Model):
    """A learner's current score on a line item, and what the LMS was last sent (AGS).

    One row per line item and learner. A change of score updates `score` and `changed_at` (the AGS
    timestamp); sending copies them to `sent_*`. The LMS keeps the score with the newest timestamp, so
    a late retry of an older value cannot overwrite a newer one, and sending twice changes nothing.
    """

    line_item = models.ForeignKey(LtiLineItem, on_delete=models.CASCADE, related_name="unroll_scores")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    lti_user = models.ForeignKey(LtiUser, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(help_text="0.0–1.0")
    late = models.BooleanField(default=False)
    changed_at = models.DateTimeField(default=timezone.now)
    sent_score = models.FloatField(null=True, blank=True)
    sent_late = models.BooleanField(null=True, blank=True)
    sent_changed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    tries = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_try_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["line_item", "learner"], name="one_score_per_line_item")]

    def __str__(self) -> str:
        return f"{self.learner} on {self.line_item}: {self.score}"

    @property
    def is_current(self) -> bool:
        """Does the LMS have this score (as of the last successful send)?"""
        return self.sent_changed_at is not None and self.sent_changed_at >= self.changed_at
