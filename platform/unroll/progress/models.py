"""A learner's progress on one exercise: attempts, best score, when it was first solved."""

from django.conf import settings
from django.db import models

from unroll.accounts.visibility import LearnersWorkQuerySet


class ProgressQuerySet(LearnersWorkQuerySet):
    item_field = "exercise"  # who sees which, as for submissions: LearnersWorkQuerySet

    def for_learner(self, learner) -> "ProgressQuerySet":
        return self.filter(learner=learner)


class Progress(models.Model):
    class State(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ATTEMPTED = "attempted", "Attempted"
        SOLVED = "solved", "Solved"

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="progress")
    exercise = models.ForeignKey("catalog.Exercise", on_delete=models.CASCADE, related_name="progress")
    attempts = models.PositiveIntegerField(default=0)
    best_score = models.FloatField(default=0.0)
    first_solved_at = models.DateTimeField(null=True, blank=True)
    hints_revealed = models.PositiveSmallIntegerField(default=0)
    last_submission = models.ForeignKey(
        "submissions.Submission", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgressQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "exercise"], name="one_progress_per_learner_exercise")
        ]

    def __str__(self) -> str:
        return f"{self.learner} on {self.exercise}: {self.state}"

    @property
    def state(self) -> str:
        if self.first_solved_at:
            return self.State.SOLVED
        return self.State.ATTEMPTED if self.attempts else self.State.NOT_STARTED

    def has_earned_solution(self) -> bool:
        """The reference solution is the learner's once they solved the exercise, or once they made the
        exercise's number of attempts without being accepted (`reveal_solution_after`)."""
        return self.first_solved_at is not None or self.attempts >= self.exercise.reveal_solution_after

    def count_graded(self, submission) -> None:
        """Fold one graded submission in. Our own failures (internal_error) never count against the learner."""
        self.last_submission = submission
        if not submission.counts_as_attempt:
            return
        self.attempts += 1
        self.best_score = max(self.best_score, submission.score or 0.0)
        if submission.verdict == "accepted" and self.first_solved_at is None:
            self.first_solved_at = submission.graded_at
