"""The instructor's gradebook of a course: a row per learner, sortable, as a page or CSV, and per-item statistics.

Every read here takes a fixed number of queries whatever the class size.
"""

import statistics
from collections import Counter
from dataclasses import dataclass, replace

from django.contrib.auth.models import User
from django.db.models import Count, OuterRef, Subquery

from unroll.content.scores import percent, score_text
from unroll.courses.extensions import Mark, gradebook_marks
from unroll.courses.models import Course, CourseItem
from unroll.courses.standings import SOLVED, Cell, cells_for, row_of
from unroll.progress.models import Progress
from unroll.submissions.models import Submission

DEFAULT_SORT = "learner"
# How many failing checks the statistics show per exercise.
TOP_FAILING_CHECKS = 5


def course_items(course: Course) -> list[CourseItem]:
    return list(course.items.with_content().in_order())


def course_learners(course: Course):
    return User.objects.filter(enrollments__course=course).order_by("username")


@dataclass(frozen=True)
class Row:
    learner: User
    cells: list[Cell]
    # Marks other apps add (courses.extensions: LTI's "in LMS" per cell, "left the LMS course" per row).
    cell_marks: tuple[Mark | None, ...] = ()
    mark: Mark | None = None

    @property
    def marked_cells(self) -> list[tuple[Cell, Mark | None]]:
        return list(zip(self.cells, self.cell_marks or [None] * len(self.cells), strict=True))

    @property
    def total(self) -> float:
        return sum(cell.score for cell in self.cells)

    @property
    def course_score(self) -> float:
        """The total as a share of the course (0 to 1): what the gradebook and its CSV show as "Total"."""
        return self.total / len(self.cells) if self.cells else 0.0


@dataclass(frozen=True)
class Gradebook:
    course: Course
    items: list[CourseItem]
    rows: list[Row]

    @classmethod
    def of(cls, course: Course) -> "Gradebook":
        items = course_items(course)
        learners = list(course_learners(course))
        cells = cells_for(items, course_learners(course))
        return cls(course, items, [Row(learner, row_of(cells, learner, items)) for learner in learners])

    def with_marks(self) -> "Gradebook":
        """The same gradebook, each row and cell with the marks registered providers add (courses.extensions)."""
        marks = gradebook_marks(self.course, self.items, [row.learner for row in self.rows])
        if not (marks.cells or marks.rows):
            return self
        rows = [
            replace(
                row,
                cell_marks=tuple(marks.cells.get((row.learner.pk, item.pk)) for item in self.items),
                mark=marks.rows.get(row.learner.pk),
            )
            for row in self.rows
        ]
        return replace(self, rows=rows)

    def sorted_by(self, sort: str) -> tuple[list[Row], str]:
        """The rows in the order `sort` asks for, and that order's key (the default for one it does not know).

        `learner`, `total` or `item-<id>`; a leading `-` reverses. Ties keep the learners' order.
        """
        descending, key = sort.startswith("-"), sort.removeprefix("-")
        by = self.sort_function(key)
        if by is None:
            return self.rows, DEFAULT_SORT
        return sorted(self.rows, key=by, reverse=descending), sort

    def sort_function(self, key: str):
        if key == "learner":
            return lambda row: row.learner.username.lower()
        if key == "total":
            return lambda row: row.total
        positions = {f"item-{item.pk}": index for index, item in enumerate(self.items)}
        if key in positions:
            return lambda row: row.cells[positions[key]].score
        return None


@dataclass(frozen=True)
class SortHeader:
    """A sortable column header: a link that sorts by it (ascending first, then reversed), and its aria-sort."""

    key: str
    label: str
    current: str

    @property
    def aria_sort(self) -> str:
        if self.current == self.key:
            return "ascending"
        return "descending" if self.current == f"-{self.key}" else ""

    @property
    def next_sort(self) -> str:
        return f"-{self.key}" if self.current == self.key else self.key


def sort_headers(items: list[CourseItem], current: str) -> dict:
    return {
        "learner": SortHeader("learner", "Learner", current),
        "items": [SortHeader(f"item-{item.pk}", item.title, current) for item in items],
        "total": SortHeader("total", "Total", current),
    }


# --- CSV ---------------------------------------------------------------------------------


def item_columns(item: CourseItem) -> list[str]:
    columns = ["score", "attempts", "due", "overridden"]
    return [*columns, "hints"] if item.is_exercise else columns


def csv_header(items: list[CourseItem]) -> list[str]:
    header = ["learner", "email"]
    for number, item in enumerate(items, start=1):
        header += [f"{number}. {item.title} ({item.kind}): {column}" for column in item_columns(item)]
    return [*header, "total"]


def csv_cell(cell: Cell) -> list:
    values = {
        "score": score_text(cell.score),
        "attempts": cell.attempts,
        "due": cell.due_flag,
        "overridden": "overridden" if cell.overridden else "",
        "hints": cell.hints,
    }
    return [values[column] for column in item_columns(cell.item)]


def csv_row(row: Row) -> list:
    values = [row.learner.username, row.learner.email]
    for cell in row.cells:
        values += csv_cell(cell)
    return [*values, score_text(row.course_score)]


def spreadsheet_safe(value) -> object:
    """Text a spreadsheet would run as a formula (=, +, -, @ first: usernames may start with + - @) is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# --- Per-item statistics -----------------------------------------------------------------


@dataclass(frozen=True)
class ItemStatistics:
    item: CourseItem
    learners: int
    solved: int
    median_attempts_to_solve: float | None
    failing_checks: list[tuple[str, int]]
    # Exercises: graded submissions whose checks ran (what failing_checks counts over), and those that
    # never reached them (a syntax error, a crash, a limit, a refused input): told apart, never counted as failing.
    checked_submissions: int = 0
    unchecked_submissions: int = 0

    @property
    def solve_rate(self) -> float:
        return self.solved / self.learners if self.learners else 0.0

    @property
    def solve_percent(self) -> int:
        return percent(self.solve_rate)


def item_statistics(gradebook: Gradebook) -> list[ItemStatistics]:
    """Solve rate, median attempts to solve and, for exercises, the class's most frequent failing checks: two queries."""
    exercise_ids = [item.exercise_id for item in gradebook.items if item.is_exercise]
    learners = course_learners(gradebook.course)
    attempts_to_solve = exercise_attempts_to_solve(learners, exercise_ids)
    checks = check_tallies(learners, exercise_ids)
    stats = []
    for index, item in enumerate(gradebook.items):
        solvers = [row.cells[index] for row in gradebook.rows if row.cells[index].state == SOLVED]
        if item.is_exercise:
            counts = [attempts_to_solve.get((row.learner.pk, item.exercise_id)) for row in gradebook.rows]
            counts = [n for n in counts if n]
        else:
            counts = [cell.attempts for cell in solvers]
        tally = checks.get(item.exercise_id) or CheckTally(Counter())
        stats.append(
            ItemStatistics(
                item=item,
                learners=len(gradebook.rows),
                solved=len(solvers),
                median_attempts_to_solve=statistics.median(counts) if counts else None,
                failing_checks=tally.failing.most_common(TOP_FAILING_CHECKS),
                checked_submissions=tally.checked,
                unchecked_submissions=tally.unchecked,
            )
        )
    return stats


def counted_submissions(learners, exercise_ids):
    """Graded submissions that count as attempts (our internal errors never count against a learner)."""
    return (
        Submission.objects.filter(learner__in=learners, exercise_id__in=exercise_ids, status=Submission.Status.DONE)
        .exclude(verdict="internal_error")
        .order_by()
    )


def exercise_attempts_to_solve(learners, exercise_ids: list[int]) -> dict[tuple[int, int], int]:
    """{(learner id, exercise id): attempts up to and including the first accepted one}, for solved exercises.

    Progress.attempts also counts attempts made after solving, so it cannot say this.
    """
    solved_at = Progress.objects.filter(learner=OuterRef("learner"), exercise=OuterRef("exercise")).values(
        "first_solved_at"
    )[:1]
    rows = (
        counted_submissions(learners, exercise_ids)
        .filter(graded_at__lte=Subquery(solved_at))
        .values("learner", "exercise")
        .annotate(attempts=Count("pk"))
    )
    return {(row["learner"], row["exercise"]): row["attempts"] for row in rows}


# The grader runs an exercise's checks on the model only when the code built one; otherwise it lists every
# check as not run, failed, with a message starting with this (grader.grading.not_run_checks), or none at all
# (a limit). Only accepted and wrong_answer can have run them.
NOT_RUN_PREFIX = "Not run"
CHECKED_VERDICTS = ("accepted", "wrong_answer")


def reached_checks(verdict: str, checks) -> bool:
    """Whether a graded submission's checks ran on its model, so that each check's outcome says something."""
    if verdict not in CHECKED_VERDICTS:
        return False
    entries = [check for check in checks or [] if isinstance(check, dict)]
    return not any(str(check.get("message", "")).startswith(NOT_RUN_PREFIX) for check in entries)


@dataclass
class CheckTally:
    """One exercise's checks over the class: how often each failed among the submissions whose checks ran."""

    failing: Counter
    checked: int = 0
    unchecked: int = 0


def check_tallies(learners, exercise_ids: list[int]) -> dict[int, CheckTally]:
    """{exercise id: CheckTally} over the learners' graded submissions (one query); every id has one."""
    tallies = {exercise_id: CheckTally(Counter()) for exercise_id in exercise_ids}
    rows = counted_submissions(learners, exercise_ids).values_list("exercise_id", "verdict", "checks")
    for exercise_id, verdict, checks in rows:
        tally = tallies[exercise_id]
        if not reached_checks(verdict, checks):
            tally.unchecked += 1
            continue
        tally.checked += 1
        names = [check.get("name") for check in checks or [] if isinstance(check, dict) and not check.get("passed")]
        tally.failing.update(name for name in names if name)
    return tallies
