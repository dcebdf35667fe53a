"""The statistics count a check only over submissions whose checks ran; the ones that never reached them
(a syntax error, a crash, a limit, a refused input) are told apart, not counted as failing every check."""

import re

import pytest
from course_factories import item_of
from django.urls import reverse

from grader import grade
from grader.grading import error_result, limit_result
from support import check, graded
from unroll.courses.gradebook import reached_checks
from unroll.submissions.actions import record_verdict, submit_attempt

SHAPE, UNITS = "output shape", "units"


def record(learner, exercise, result):
    """A submission graded with exactly this result of the grader (the real write path)."""
    submission = submit_attempt(learner, exercise, "model = ...\n")
    return record_verdict(submission.pk, result)


@pytest.fixture
def crashes_and_one_real_failure(alice, exercises, course):
    """On single-output: one wrong answer whose checks ran (the shape fails), one accepted, and four that never
    reached the checks, each as the grader stores it."""
    exercise = exercises["single-output"]
    spec = exercise.grader_spec()
    graded(alice, exercise, "wrong_answer", 0.5, [check(SHAPE, False), check(UNITS, True)])
    record(alice, exercise, error_result(spec, "syntax_error", "invalid syntax (line 1)"))
    record(alice, exercise, error_result(spec, "runtime_error", "NameError: name 'Dense' is not defined"))
    record(alice, exercise, error_result(spec, "wrong_answer", "`model` is not a Keras model"))
    record(alice, exercise, limit_result("time_limit", "Your code ran longer than 10 s."))
    record(alice, exercise, grade(spec, "   \n"))  # refused before running: empty
    graded(alice, exercise, "accepted", 1.0, [check(SHAPE, True), check(UNITS, True)])
    return item_of(course, exercise)


def stats_of(client, course, item):
    response = client.get(reverse("courses:statistics", args=[course.pk]))
    return response, next(stats for stats, _ in response.context["stats"] if stats.item == item)


def test_only_submissions_whose_checks_ran_count_for_a_check(client, charlie, course, crashes_and_one_real_failure):
    client.force_login(charlie)

    _, single = stats_of(client, course, crashes_and_one_real_failure)

    assert single.failing_checks == [(SHAPE, 1)]  # not every check, five times over
    assert (single.checked_submissions, single.unchecked_submissions) == (2, 5)


def test_the_page_says_how_many_submissions_never_reached_the_checks(
    client, charlie, course, crashes_and_one_real_failure
):
    client.force_login(charlie)

    response, _ = stats_of(client, course, crashes_and_one_real_failure)

    page = response.content.decode()
    section = re.search(
        rf'<section class="card item-stats" data-item="{crashes_and_one_real_failure.pk}".*?</section>', page, re.S
    ).group(0)
    assert re.search(r"Over the <strong>2</strong> graded submissions whose checks ran", section)
    assert re.search(r"<strong>5</strong> more never reached the checks", section)
    widths = re.findall(r'<rect [^>]*width="(\d+)"', section)
    assert widths == ["300"]  # one bar: the shape; the units check never failed where it ran


def test_the_grader_stores_checks_that_did_not_run_in_a_way_the_statistics_recognise(exercises):
    spec = exercises["single-output"].grader_spec()
    for verdict in ("syntax_error", "runtime_error", "wrong_answer"):
        result = error_result(spec, verdict, "message")
        assert result.checks and not reached_checks(result.verdict, result.checks), verdict
    refused = grade(spec, "")
    assert not reached_checks(refused.verdict, refused.checks)
    assert not reached_checks("time_limit", [])
    assert reached_checks("wrong_answer", [check(SHAPE, False)])
    assert reached_checks("accepted", [check(SHAPE, True)])
