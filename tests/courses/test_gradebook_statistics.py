"""Per-item statistics: solve rate, median attempts to solve, the class's most frequent failing checks (chart + table)."""

import re

import pytest
from course_factories import item_of, quiz_progress
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grader import GradeResult
from grader.grading import internal_error
from support import check, graded
from unroll.courses.models import Enrollment
from unroll.submissions.actions import record_verdict, submit_attempt

# session, user, course, items, learners, progress, quiz progress, overrides, attempts to solve, failing checks
MAX_QUERIES = 10
SHAPE, UNITS, SEQUENCES = "output shape", "units", "return_sequences"


def statistics_page(client, course):
    return client.get(reverse("courses:statistics", args=[course.pk]))


def stats_of(response, item):
    return next(stats for stats, _ in response.context["stats"] if stats.item == item)


def learner(course, name: str) -> User:
    user = User.objects.create_user(name, f"{name}@example.com", "pw")
    Enrollment.objects.create(course=course, learner=user)
    return user


@pytest.fixture
def class_results(course, alice, exercises, quiz):
    """On single-output: alice solves on her 3rd try (then fails once more), erin on her 1st, frank never."""
    exercise = exercises["single-output"]
    erin, frank = learner(course, "erin"), learner(course, "frank")
    graded(alice, exercise, "wrong_answer", 0.0, [check(SHAPE, False), check(UNITS, False)])
    graded(alice, exercise, "wrong_answer", 0.5, [check(SHAPE, True), check(UNITS, False)])
    submission = submit_attempt(alice, exercise, "model = None\n")
    record_verdict(submission.pk, internal_error(exercise.grader_spec()))  # never counted against her
    graded(alice, exercise, "accepted", 1.0, [check(SHAPE, True), check(UNITS, True)])
    graded(alice, exercise, "wrong_answer", 0.0, [check(SHAPE, False), check(UNITS, True)])  # after solving
    graded(erin, exercise, "accepted", 1.0, [check(SHAPE, True), check(UNITS, True)])
    graded(frank, exercise, "wrong_answer", 0.0, [check(UNITS, False), check(SEQUENCES, False)])
    quiz_progress(alice, quiz, attempts=1, best_score=1.0, solved=True)
    quiz_progress(erin, quiz, attempts=3, best_score=0.5, solved=True)
    quiz_progress(frank, quiz, attempts=2, best_score=0.0, solved=False)


def test_solve_rate_and_median_attempts_to_solve_count_only_attempts_up_to_the_first_accepted(
    client, charlie, course, exercises, quiz, class_results
):
    client.force_login(charlie)

    response = statistics_page(client, course)

    single = stats_of(response, item_of(course, exercises["single-output"]))
    assert (single.solved, single.learners, single.solve_percent) == (2, 3, 67)
    assert single.median_attempts_to_solve == 2  # alice 3, erin 1
    untouched = stats_of(response, item_of(course, exercises["multiple-output"]))
    assert (untouched.solved, untouched.median_attempts_to_solve, untouched.failing_checks) == (0, None, [])
    quiz_stats = stats_of(response, item_of(course, quiz))
    assert (quiz_stats.solved, quiz_stats.median_attempts_to_solve) == (2, 2)  # 1 and 3
    page = response.content.decode()
    assert '<dd class="solve-rate">2 / 3 (67%)</dd>' in page
    assert '<dd class="median-attempts">2</dd>' in page


def test_failing_checks_are_counted_across_the_class_most_frequent_first(
    client, charlie, course, exercises, class_results
):
    client.force_login(charlie)

    single = stats_of(statistics_page(client, course), item_of(course, exercises["single-output"]))

    assert single.failing_checks == [(UNITS, 3), (SHAPE, 2), (SEQUENCES, 1)]


def test_submissions_of_learners_outside_the_course_are_not_counted(
    client, charlie, course, exercises, daves_course, bob
):
    graded(bob, exercises["single-output"], "wrong_answer", 0.0, [check(SHAPE, False)])
    client.force_login(charlie)

    single = stats_of(statistics_page(client, course), item_of(course, exercises["single-output"]))

    assert single.failing_checks == [] and single.learners == 1


def test_the_failing_checks_are_drawn_as_an_svg_bar_chart_with_a_table_for_screen_readers(
    client, charlie, course, exercises, class_results
):
    client.force_login(charlie)

    page = statistics_page(client, course).content.decode()

    item = item_of(course, exercises["single-output"])
    section = re.search(rf'<section class="card item-stats" data-item="{item.pk}".*?</section>', page, re.S).group(0)
    svg = re.search(r"<svg[^>]*>(.*?)</svg>", section, re.S)
    assert 'aria-hidden="true"' in svg.group(0)
    widths = [int(w) for w in re.findall(r'<rect [^>]*width="(\d+)"', svg.group(1))]
    assert widths == [300, 200, 100]  # scaled to the largest count: 3, 2, 1
    table = re.search(r'<table class="sr-only failing-checks">(.*?)</table>', section, re.S).group(1)
    assert re.findall(r"<tr><td>(.*?)</td><td>(\d+)</td></tr>", table) == [(UNITS, "3"), (SHAPE, "2"), (SEQUENCES, "1")]
    assert "<script" not in page.split("<main", 1)[1]


def test_the_statistics_make_a_bounded_number_of_queries(client, charlie, course, exercises, quiz):
    client.force_login(charlie)

    def queries_for_class_of(size: int) -> int:
        for n in range(size):
            user = learner(course, f"s{size}-{n}")
            graded(user, exercises["single-output"], "wrong_answer", 0.0, [check(SHAPE, False)])
            graded(user, exercises["single-output"], "accepted", 1.0, [check(SHAPE, True)])
        with CaptureQueriesContext(connection) as captured:
            assert statistics_page(client, course).status_code == 200
        return len(captured)

    assert queries_for_class_of(3) == queries_for_class_of(30) <= MAX_QUERIES


def test_a_grade_result_checks_list_may_hold_odd_entries_without_breaking_the_page(client, charlie, course, exercises):
    submission = submit_attempt(course.enrollments.get().learner, exercises["single-output"], "model = 1\n")
    record_verdict(
        submission.pk, GradeResult("wrong_answer", 0.0, [{"passed": False}, "junk", check(SHAPE, False)], [], None)
    )
    client.force_login(charlie)

    single = stats_of(statistics_page(client, course), item_of(course, exercises["single-output"]))

    assert single.failing_checks == [(SHAPE, 1)]
