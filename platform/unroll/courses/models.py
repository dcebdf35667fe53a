"""Courses: an ordered list of exercises and quizzes with dates, taught by instructors and joined by learners with a code.

Who may see what is decided here, once: `Course.objects.taught_by` / `joined_by`. "May this instructor
read this learner's work on this exercise or quiz" is decided once below the apps of that work, in
unroll.accounts.visibility, through the relations defined here (`enrollments`, `instructors`, `items`).
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

# No 0/O, 1/I/L: a code is read aloud in class and typed by hand.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalize_join_code(typed: str) -> str:
    """What a learner typed, as stored: case, spaces and dashes do not matter."""
    return "".join(typed.split()).replace("-", "").upper()


class CourseQuerySet(models.QuerySet):
    def taught_by(self, user) -> "CourseQuerySet":
        """The courses whose gradebook `user` may read: the ones they teach; every one for a superuser."""
        if user.is_superuser:
            return self.all()
        return self.filter(instructors=user) if user.is_staff else self.none()

    def joined_by(self, user) -> "CourseQuerySet":
        return self.filter(pk__in=Enrollment.objects.filter(learner=user).values("course"))

    def learners(self):
        """The accounts enrolled in any of these courses."""
        return get_user_model().objects.filter(enrollments__course__in=self).distinct()

    def exercise_ids(self):
        return CourseItem.objects.filter(course__in=self, exercise__isnull=False).values("exercise")

    def visible_to(self, user) -> "CourseQuerySet":
        """Courses whose page `user` may open: joined or taught."""
        taught = Course.objects.taught_by(user).values("pk")
        joined = Enrollment.objects.filter(learner=user).values("course")
        return self.filter(Q(pk__in=taught) | Q(pk__in=joined))


class Course(models.Model):
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    join_code = models.CharField(max_length=16, unique=True, default=new_join_code)
    instructors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="taught_courses")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:dashboard", args=[self.pk])


class Enrollment(models.Model):
    """A learner in a course (joined with its code)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "learner"], name="one_enrollment_per_learner")]

    def __str__(self) -> str:
        return f"{self.learner} in {self.course}"


class CourseItemQuerySet(models.QuerySet):
    def in_order(self) -> "CourseItemQuerySet":
        return self.order_by("position", "pk")

    def with_content(self) -> "CourseItemQuerySet":
        return self.select_related("exercise", "quiz")


class CourseItem(models.Model):
    """One exercise or one quiz of a course, at a position, with optional opening and due dates."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    exercise = models.ForeignKey("catalog.Exercise", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    quiz = models.ForeignKey("quizzes.Quiz", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    opens_at = models.DateTimeField(null=True, blank=True, help_text="Before this, learners see it but cannot open it.")
    due_at = models.DateTimeField(null=True, blank=True, help_text="Work reached after this is accepted, marked late.")

    objects = CourseItemQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exercise__isnull=False, quiz__isnull=True) | Q(exercise__isnull=True, quiz__isnull=False),
                name="course_item_is_one_exercise_or_one_quiz",
            ),
            models.UniqueConstraint(fields=["course", "exercise"], name="one_item_per_course_exercise"),
            models.UniqueConstraint(fields=["course", "quiz"], name="one_item_per_course_quiz"),
        ]

    def __str__(self) -> str:
        return f"{self.course}: {self.content}"

    def get_absolute_url(self) -> str:
        return self.content.get_absolute_url()

    @property
    def content(self):
        return self.exercise or self.quiz

    @property
    def is_exercise(self) -> bool:
        return self.exercise_id is not None

    @property
    def kind(self) -> str:
        return "exercise" if self.is_exercise else "quiz"

    @property
    def title(self) -> str:
        return self.content.title

    @property
    def topic(self) -> str:
        return self.content.topic

    def is_open(self, now=None) -> bool:
        return self.opens_at is None or self.opens_at <= (now or timezone.now())

    def is_late(self, reached_at) -> bool:
        """THE late rule: work is late when the learner's best result on the item was reached after its due date.

        `reached_at` comes from `unroll.courses.gradebook.when_reached`. Late work is accepted
        and scored as any other; the flag only tells the instructor. No due date: never late.
        """
        return self.due_at is not None and reached_at is not None and reached_at > self.due_at

    def is_missing(self, reached_at, now) -> bool:
        """Work is missing when the due date has passed and the learner has not worked on the item at all.

        It stays accepted: the first work after the due date turns "missing" into "late"."""
        return self.due_at is not None and reached_at is None and now > self.due_at


class ScoreOverrideQuerySet(models.QuerySet):
    def latest_per_cell(self) -> dict[tuple[int, int], "ScoreOverride"]:
        """{(item id, learner id): the override that applies}: the most recent one of each cell."""
        latest = {}
        for override in self.order_by("created_at", "pk"):
            latest[(override.item_id, override.learner_id)] = override
        return latest


class ScoreOverride(models.Model):
    """An instructor's score for one learner on one item, replacing the computed one. Never edited:
    each change is a new row, so the history of who changed what, when and why is kept."""

    item = models.ForeignKey(CourseItem, on_delete=models.CASCADE, related_name="overrides")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(help_text="0.0–1.0")
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScoreOverrideQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=0.0, score__lte=1.0), name="override_score_between_0_and_1")
        ]

    def __str__(self) -> str:
        return f"{self.learner} on {self.item}: {self.score} by {self.by}"


class UsageNotice(models.Model):
    """That a course's instructors were told an author wants to change an item their course uses
    (unroll.courses.usage): told once per course, item and change."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="usage_notices")
    content_kind = models.CharField(max_length=32)
    content_uuid = models.UUIDField()
    change = models.CharField(max_length=32)
    told_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["course", "content_kind", "content_uuid", "change"], name="one_notice_per_course_item_change"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course}: told of {self.change} of {self.content_uuid}"
