"""The rules behind every course page: late, when work counts as reached, bars, the next item, the applying override."""

from datetime import timedelta

import pytest
from course_factories import item_of, quiz_progress
from django.utils import timezone

from support import graded
from unroll.catalog.models import Exercise
from unroll.courses.actions import override_score
from unroll.courses.models import CourseItem, normalize_join_code
from unroll.courses.standings import Cell, by_topic, cells_for, next_to_work_on, summarize, when_reached

NOW = timezone.now()
HOUR = timedelta(hours=1)


def item(**dates) -> CourseItem:
    return CourseItem(**dates)


@pytest.mark.parametrize(
    ("due_at", "reached_at", "late"),
    [
        (None, NOW, False),  # no due date: never late
        (NOW, None, False),  # nothing reached yet: not late (just missing)
        (NOW, NOW - HOUR, False),
        (NOW, NOW, False),  # exactly on time
        (NOW, NOW + HOUR, True),
    ],
)
def test_work_is_late_when_its_best_result_was_reached_after_the_due_date(due_at, reached_at, late):
    assert item(due_at=due_at).is_late(reached_at) is late


def test_the_best_result_is_reached_when_first_solved_otherwise_at_the_latest_work():
    assert when_reached(NOW - HOUR, NOW) == NOW - HOUR  # work after solving does not move it
    assert when_reached(None, NOW) == NOW
    assert when_reached(None, None) is None


def test_an_item_opens_at_its_opening_date():
    assert item().is_open(NOW)
    assert item(opens_at=NOW - HOUR).is_open(NOW)
    assert not item(opens_at=NOW + HOUR).is_open(NOW)


@pytest.mark.parametrize("typed", ["abcd2345", " ABCD-2345 ", "abcd 2345"])
def test_a_join_code_is_read_whatever_its_case_spaces_and_dashes(typed):
    assert normalize_join_code(typed) == "ABCD2345"


def test_an_exercise_solved_before_its_due_date_stays_on_time_whatever_came_after(course, alice, exercises):
    exercise = exercises["single-output"]
    solved_item = item_of(course, exercise)
    graded(alice, exercise, "accepted", 1.0)
    solved_item.due_at = timezone.now()
    solved_item.save()
    graded(alice, exercise, "wrong_answer", 0.0)  # after the due date, but the best result was reached before

    cell = cells_for([solved_item], [alice])[(alice.pk, solved_item.pk)]

    assert cell.state == "solved" and not cell.late


def test_an_unsolved_exercise_is_late_when_its_last_submission_came_after_the_due_date(course, alice, exercises):
    exercise = exercises["multiple-output"]
    late_item = item_of(course, exercise)
    late_item.due_at = timezone.now() - HOUR
    late_item.save()
    graded(alice, exercise, "wrong_answer", 0.5)

    cell = cells_for([late_item], [alice])[(alice.pk, late_item.pk)]

    assert (cell.state, cell.attempts, cell.score, cell.late) == ("attempted", 1, 0.5, True)


def test_a_quiz_is_late_when_first_solved_after_its_due_date(course, alice, quiz):
    quiz_item = item_of(course, quiz)
    quiz_item.due_at = timezone.now() - 2 * HOUR
    quiz_item.save()
    quiz_progress(alice, quiz, attempts=2, best_score=0.75, solved=True, at=timezone.now() - HOUR)

    cell = cells_for([quiz_item], [alice])[(alice.pk, quiz_item.pk)]

    assert (cell.state, cell.attempts, cell.score, cell.hints, cell.late) == ("solved", 2, 0.75, None, True)


def test_the_latest_override_applies_and_earlier_ones_stay_as_history(course, alice, charlie, exercises):
    exercise = exercises["single-output"]
    graded(alice, exercise, "wrong_answer", 0.5)
    overridden = item_of(course, exercise)
    override_score(overridden, alice, charlie, 0.9, "partial credit")
    latest = override_score(overridden, alice, charlie, 0.7, "second thoughts")

    cell = cells_for([overridden], [alice])[(alice.pk, overridden.pk)]

    assert (cell.score, cell.best_score, cell.override) == (0.7, 0.5, latest)
    assert overridden.overrides.count() == 2


def cells(*states_topics_scores) -> list[Cell]:
    """Cells of unsaved items, each on an unsaved exercise of the given topic."""
    return [
        Cell(item=CourseItem(exercise=Exercise(topic=topic)), state=state, best_score=score)
        for state, topic, score in states_topics_scores
    ]


def test_a_summary_counts_states_and_adds_scores_and_its_parts_fill_the_bar():
    summary = summarize(cells(("solved", "a", 1.0), ("attempted", "a", 0.5), ("not_started", "b", 0.0)))

    assert (summary.solved, summary.attempted, summary.not_started, summary.total) == (1, 1, 1, 3)
    assert summary.score == 1.5 and summary.score_share == 0.5
    assert summary.solved_percent + summary.attempted_percent + summary.not_started_percent == 100


def test_topics_are_summarized_in_the_order_the_course_reaches_them():
    topics = by_topic(cells(("solved", "stacking", 1.0), ("attempted", "lstm", 0.5), ("solved", "stacking", 1.0)))

    assert [(topic, summary.solved, summary.attempted) for topic, summary in topics] == [
        ("stacking", 2, 0),
        ("lstm", 0, 1),
    ]


def test_next_is_the_unsolved_open_item_worked_on_last_else_the_first_not_started():
    closed = CourseItem(position=0, opens_at=NOW + HOUR)
    first, second, third = CourseItem(position=1), CourseItem(position=2), CourseItem(position=3)
    row = [
        Cell(item=closed),
        Cell(item=first, state="solved", last_worked_at=NOW),
        Cell(item=second, state="attempted", last_worked_at=NOW - 2 * HOUR),
        Cell(item=third, state="attempted", last_worked_at=NOW - HOUR),
    ]
    assert next_to_work_on(row, NOW).item is third
    assert next_to_work_on([Cell(item=closed), Cell(item=second), Cell(item=third)], NOW).item is second
    assert next_to_work_on([Cell(item=closed), Cell(item=first, state="solved")], NOW) is None
