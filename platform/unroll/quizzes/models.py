"""Quizzes: questions on the guide's content, answered in the browser, scored with a penalty per retry.

Other apps (courses, gradebooks) read `Quiz`, `QuizProgress` (a learner's standing, which mirrors
the exercises' `Progress`) and `QuizAttempt` (each submitted attempt, with its score and time).
A quiz is the database index of its quiz.yaml (`source`); its questions are stored validated,
with the answers of predict questions computed by the grader.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from unroll.accounts.visibility import LearnersWorkQuerySet
from unroll.content.models import ContentVersion, Draft, PublishedContent, PublishedContentQuerySet
from unroll.quizzes.files import source_hash, title_in, uuid_in
from unroll.quizzes.questions import Question, questions_from_stored


class QuizQuerySet(PublishedContentQuerySet):
    def visible_to(self, user) -> "QuizQuerySet":
        """Instructors see every quiz (to try one before publishing it); learners the published ones."""
        return self if user.is_staff else self.published()


def default_penalty() -> list[float]:
    return [1.0, 0.75, 0.5]


class Quiz(PublishedContent):
    attempts_allowed = models.PositiveSmallIntegerField(
        default=3, help_text="How many times a learner may submit the quiz (0: unlimited)."
    )
    penalty = models.JSONField(
        default=default_penalty,
        help_text="The share of the marks each attempt can earn: [1.0, 0.75, 0.5] gives full marks on "
        "the first try, 75% on the second, 50% from the third on.",
    )
    source = models.TextField(blank=True, help_text="The quiz.yaml it was published from, exactly as written.")
    questions = models.JSONField(
        default=list, blank=True, help_text="The validated questions; predict questions with their computed answers."
    )

    objects = QuizQuerySet.as_manager()

    class Meta(PublishedContent.Meta):
        verbose_name_plural = "quizzes"

    def get_absolute_url(self) -> str:
        return reverse("quizzes:quiz_detail", args=[self.slug])

    def question_list(self) -> list[Question]:
        return questions_from_stored(self.questions)

    def multiplier(self, attempt_number: int) -> float:
        """The share of the marks attempt `attempt_number` (1, 2, ...) can earn: the last multiplier repeats."""
        penalty = self.penalty or [1.0]
        return float(penalty[min(attempt_number, len(penalty)) - 1])

    def attempts_left(self, used: int) -> int | None:
        """How many more attempts a learner who used `used` may submit; None when unlimited."""
        if not self.attempts_allowed:
            return None
        return max(0, self.attempts_allowed - used)


class QuizVersion(ContentVersion):
    """What a quiz was at one version: attempts point at the version they answered."""

    content_field = "quiz"
    kept_fields = ("source", "questions")

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="versions")
    source = models.TextField()
    questions = models.JSONField()

    class Meta:
        ordering = ["quiz", "-number"]
        constraints = [models.UniqueConstraint(fields=["quiz", "number"], name="one_number_per_quiz_version")]

    def question_list(self) -> list[Question]:
        return questions_from_stored(self.questions)


class QuizProgressQuerySet(models.QuerySet):
    def for_learner(self, learner) -> "QuizProgressQuerySet":
        return self.filter(learner=learner)


class QuizProgress(models.Model):
    """A learner's standing on one quiz, kept up to date by each submitted attempt (as Progress is for exercises)."""

    class State(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ATTEMPTED = "attempted", "Attempted"
        SOLVED = "solved", "Solved"

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_progress")
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="progress")
    attempts = models.PositiveIntegerField(default=0, help_text="Submitted attempts.")
    best_score = models.FloatField(default=0.0, help_text="0.0–1.0, after the retry penalty.")
    first_solved_at = models.DateTimeField(
        null=True, blank=True, help_text="When an attempt first got every question right."
    )
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuizProgressQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["learner", "quiz"], name="one_progress_per_learner_quiz")]

    def __str__(self) -> str:
        return f"{self.learner} on {self.quiz}: {self.state}"

    @property
    def state(self) -> str:
        if self.first_solved_at:
            return self.State.SOLVED
        return self.State.ATTEMPTED if self.attempts else self.State.NOT_STARTED

    def count_attempt(self, attempt: "QuizAttempt") -> None:
        """Fold one submitted attempt in (the caller holds the row's lock)."""
        self.attempts += 1
        self.best_score = max(self.best_score, attempt.score)
        self.last_attempt_at = attempt.submitted_at
        if attempt.all_right and self.first_solved_at is None:
            self.first_solved_at = attempt.submitted_at


class QuizAttemptQuerySet(LearnersWorkQuerySet):
    item_field = "quiz"  # who sees which, as for submissions: LearnersWorkQuerySet.visible_to

    def for_learner(self, learner) -> "QuizAttemptQuerySet":
        return self.filter(learner=learner)


class QuizAttempt(models.Model):
    """One submitted attempt at a quiz: every question answered, scored at once."""

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    version = models.ForeignKey(
        QuizVersion, on_delete=models.PROTECT, related_name="attempts", help_text="The version of the quiz answered."
    )
    number = models.PositiveIntegerField(help_text="1 for the learner's first attempt at this quiz, 2 for the next...")
    right_count = models.PositiveIntegerField()
    question_count = models.PositiveIntegerField()
    multiplier = models.FloatField(help_text="The retry penalty's share for this attempt number.")
    score = models.FloatField(help_text="0.0–1.0: the fraction of questions right × the multiplier.")
    submitted_at = models.DateTimeField()

    objects = QuizAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "quiz", "number"], name="one_number_per_learner_quiz_attempt")
        ]

    def __str__(self) -> str:
        return f"{self.learner} on {self.quiz}, attempt {self.number}: {self.score:.2f}"

    def get_absolute_url(self) -> str:
        return reverse("quizzes:attempt_result", args=[self.quiz.slug, self.number])

    def get_review_url(self) -> str:
        """Where an instructor reads this attempt."""
        return reverse("quizzes:attempt_review", args=[self.pk])

    @property
    def all_right(self) -> bool:
        return self.right_count == self.question_count


class QuizAnswer(models.Model):
    """One question of an attempt: what the learner typed, how it was read, and the answer it was judged on."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField()
    question_key = models.CharField(max_length=60)
    raw = models.TextField(help_text="As typed (choices: the indexes picked, comma-separated).")
    parsed = models.JSONField(help_text="As read: a choice index, a list of them, a number or a shape.")
    expected = models.JSONField(help_text="The right answer for this learner's variant.")
    values = models.JSONField(default=dict, blank=True, help_text="The learner's parameters (predict questions).")
    is_right = models.BooleanField()

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "question_key"], name="one_answer_per_question")]

    def __str__(self) -> str:
        return f"{self.attempt}: {self.question_key} {'right' if self.is_right else 'wrong'}"


class QuizDraft(Draft):
    """A quiz being written or edited in the browser, kept as its quiz.yaml text; its job computes
    the answers of its predict questions on a worker."""

    content_field = "quiz"
    not_publishable_message = (
        "The answers of this exact text are not computed yet (or a snippet failed): save it, wait for the "
        "grader to compute every predict answer, then publish."
    )

    quiz = models.OneToOneField(
        Quiz, null=True, blank=True, on_delete=models.CASCADE, related_name="draft", help_text="Empty for a new quiz."
    )
    source = models.TextField(help_text="The quiz.yaml being edited.")
    computed_questions = models.JSONField(default=list, blank=True)
    errors = models.JSONField(default=list, blank=True, help_text="[{where, message, line}] of the last computation.")

    def get_absolute_url(self) -> str:
        return reverse("quizzes:draft", args=[self.pk])

    @property
    def title(self) -> str:
        return title_in(self.source) or (self.quiz.title if self.quiz_id else "an untitled quiz")

    @property
    def uuid(self):
        """The quiz's identity: its own, or the one its text declares (None while the text names none)."""
        return self.quiz.uuid if self.quiz_id else uuid_in(self.source)

    @property
    def job_input_hash(self) -> str:
        return source_hash(self.source)

    @property
    def job_succeeded(self) -> bool:
        """Every predict snippet ran."""
        return not self.errors and bool(self.computed_questions)
