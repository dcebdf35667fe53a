"""Where each learner stands on each item of a course (a cell), read in a fixed number of queries.

The learner's dashboard and the instructor's gradebook both read cells from `cells_for`, so a
score, a state or a late flag means the same thing on every page and in the CSV.
"""

from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime

from django.db.models import F
from django.utils import timezone

from unroll.content.scores import percent
from unroll.courses.models import CourseItem, ScoreOverride
from unroll.progress.models import Progress
from unroll.quizzes.models import QuizProgress

NOT_STARTED, ATTEMPTED, SOLVED = Progress.State.NOT_STARTED, Progress.State.ATTEMPTED, Progress.State.SOLVED


def when_reached(first_solved_at: datetime | None, last_worked_at: datetime | None) -> datetime | None:
    """When the learner reached their best result on an item, the date `CourseItem.is_late` compares to the due date.

    Solved: when first solved (later work cannot make it late). Not solved yet: their latest
    work, i.e. an exercise's last submission or a quiz's last attempt. Never worked on: None.
    """
    return first_solved_at or last_worked_at


@dataclass(frozen=True)
class Cell:
    """One learner on one item. `score` is the instructor's override when there is one, else the best score."""

    item: CourseItem
    state: str = NOT_STARTED
    attempts: int = 0
    best_score: float = 0.0
    reached_at: datetime | None = None
    last_worked_at: datetime | None = None
    hints: int | None = None
    last_submission_id: int | None = None
    override: ScoreOverride | None = None

    @property
    def score(self) -> float:
        return self.override.score if self.override else self.best_score

    @property
    def overridden(self) -> bool:
        return self.override is not None

    @property
    def late(self) -> bool:
        return self.item.is_late(self.reached_at)

    @property
    def missing(self) -> bool:
        return self.item.is_missing(self.reached_at, timezone.now())

    @property
    def due_flag(self) -> str:
        """ "late", "missing" or "": what the due date says of this cell."""
        return "late" if self.late else "missing" if self.missing else ""

    @property
    def state_label(self) -> str:
        return Progress.State(self.state).label


def exercise_cell(item: CourseItem, progress: Progress) -> Cell:
    return Cell(
        item=item,
        state=progress.state,
        attempts=progress.attempts,
        best_score=progress.best_score,
        reached_at=when_reached(progress.first_solved_at, progress.last_submitted_at),
        last_worked_at=progress.last_submitted_at,
        hints=progress.hints_revealed,
        last_submission_id=progress.last_submission_id,
    )


def quiz_cell(item: CourseItem, progress: QuizProgress) -> Cell:
    return Cell(
        item=item,
        state=progress.state,
        attempts=progress.attempts,
        best_score=progress.best_score,
        reached_at=when_reached(progress.first_solved_at, progress.last_attempt_at),
        last_worked_at=progress.last_attempt_at,
    )


def cells_for(items: list[CourseItem], learners) -> dict[tuple[int, int], Cell]:
    """{(learner id, item id): Cell} for every learner (a User queryset or list) on every item: three queries.

    A learner who never touched an item gets a not-started cell (with hints 0 for exercises).
    """
    cells = {}
    by_exercise = {item.exercise_id: item for item in items if item.is_exercise}
    by_quiz = {item.quiz_id: item for item in items if not item.is_exercise}
    if by_exercise:
        progress = Progress.objects.filter(learner__in=learners, exercise_id__in=by_exercise).annotate(
            last_submitted_at=F("last_submission__created_at")
        )
        for row in progress:
            cells[(row.learner_id, by_exercise[row.exercise_id].pk)] = exercise_cell(by_exercise[row.exercise_id], row)
    if by_quiz:
        for row in QuizProgress.objects.filter(learner__in=learners, quiz_id__in=by_quiz):
            cells[(row.learner_id, by_quiz[row.quiz_id].pk)] = quiz_cell(by_quiz[row.quiz_id], row)
    items_by_id = {item.pk: item for item in items}
    overrides = ScoreOverride.objects.filter(item__in=items, learner__in=learners).select_related("by")
    for (item_id, learner_id), override in overrides.latest_per_cell().items():
        cell = cells.get((learner_id, item_id)) or untouched(items_by_id[item_id])
        cells[(learner_id, item_id)] = replace(cell, override=override)
    return cells


def untouched(item: CourseItem) -> Cell:
    return Cell(item=item, hints=0 if item.is_exercise else None)


def row_of(cells: dict[tuple[int, int], Cell], learner, items: list[CourseItem]) -> list[Cell]:
    """The learner's cells in the course's order."""
    return [cells.get((learner.pk, item.pk)) or untouched(item) for item in items]


@dataclass(frozen=True)
class Summary:
    """A progress bar: how many items are solved, attempted, not started, and the score earned on them."""

    solved: int
    attempted: int
    not_started: int
    score: float

    @property
    def total(self) -> int:
        return self.solved + self.attempted + self.not_started

    def percent(self, count: int) -> int:
        return percent(count / self.total) if self.total else 0

    @property
    def solved_percent(self) -> int:
        return self.percent(self.solved)

    @property
    def attempted_percent(self) -> int:
        return self.percent(self.attempted)

    @property
    def not_started_percent(self) -> int:
        # What is left, so that the three parts of the bar always add up to 100%.
        return 100 - self.solved_percent - self.attempted_percent if self.total else 0

    @property
    def score_share(self) -> float:
        """The score earned as a share of the items (0 to 1), shown as a percent like every score."""
        return self.score / self.total if self.total else 0.0


def summarize(cells: list[Cell]) -> Summary:
    states = Counter(cell.state for cell in cells)
    return Summary(states[SOLVED], states[ATTEMPTED], states[NOT_STARTED], sum(cell.score for cell in cells))


def by_topic(cells: list[Cell]) -> list[tuple[str, Summary]]:
    """One summary per topic, topics in the order the course first reaches them."""
    topics: dict[str, list[Cell]] = {}
    for cell in cells:
        topics.setdefault(cell.item.topic, []).append(cell)
    return [(topic, summarize(group)) for topic, group in topics.items()]


def next_to_work_on(cells: list[Cell], now: datetime) -> Cell | None:
    """ "Continue where you left off": the open, unsolved item worked on most recently;
    if none was started, the first open unsolved item in the course's order; None when all is done."""
    workable = [cell for cell in cells if cell.state != SOLVED and cell.item.is_open(now)]
    started = [cell for cell in workable if cell.last_worked_at]
    if started:
        return max(started, key=lambda cell: cell.last_worked_at)
    return workable[0] if workable else None
