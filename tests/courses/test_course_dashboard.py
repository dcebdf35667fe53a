"""A learner's course page: progress bars per course and per topic, their score, what to continue, dates."""

import html
import re
from datetime import timedelta

import pytest
from course_factories import item_of, make_course, quiz_progress
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from support import graded
from unroll.courses.actions import override_score
from unroll.courses.models import Enrollment

# session, user, course, is-instructor, items, exercise progress, quiz progress, overrides
MAX_QUERIES = 8


def dashboard(client, course):
    return client.get(reverse("courses:dashboard", args=[course.pk]))


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_bars_count_solved_attempted_and_not_started_and_show_the_score(client, alice, course, exercises):
    graded(alice, exercises["single-output"], "accepted", 1.0)
    graded(alice, exercises["multiple-output"], "wrong_answer", 0.5)
    client.force_login(alice)

    response = dashboard(client, course)

    summary = response.context["summary"]
    assert (summary.solved, summary.attempted, summary.not_started, summary.score) == (1, 1, 1, 1.5)
    page = response.content.decode()
    assert 'class="part part-solved" style="width: 33%"' in page
    assert 'class="part part-attempted" style="width: 33%"' in page
    assert 'class="part part-not_started" style="width: 34%"' in page
    assert "1 solved · 1 attempted · 1 not started · score 50%" in text(response)
    assert "<script" not in page.split("<main", 1)[1]  # pure CSS


def test_there_is_a_bar_per_topic(client, alice, course, exercises, quiz):
    graded(alice, exercises["single-output"], "accepted", 1.0)
    client.force_login(alice)

    topics = dict(dashboard(client, course).context["topics"])

    assert set(topics) == {exercises["single-output"].topic, exercises["multiple-output"].topic, quiz.topic}
    solved_topic = topics[exercises["single-output"].topic]
    assert solved_topic.solved >= 1


def test_continue_goes_to_the_item_worked_on_last_that_is_not_solved(client, alice, course, exercises, quiz):
    graded(alice, exercises["multiple-output"], "wrong_answer", 0.5)
    client.force_login(alice)

    response = dashboard(client, course)

    assert response.context["next_cell"].item == item_of(course, exercises["multiple-output"])
    assert (
        f'href="{exercises["multiple-output"].get_absolute_url()}">Continue where you left off'
        in response.content.decode()
    )


def test_a_newcomer_starts_with_the_first_item(client, alice, course, exercises):
    client.force_login(alice)

    response = dashboard(client, course)

    assert response.context["next_cell"].item == item_of(course, exercises["single-output"])
    assert "Start: " in text(response)


def test_an_item_not_yet_open_is_listed_with_its_date_but_not_linked(client, alice, course, exercises):
    closed = item_of(course, exercises["single-output"])
    closed.opens_at = timezone.now() + timedelta(days=2)
    closed.save()
    client.force_login(alice)

    response = dashboard(client, course)

    row = re.search(rf'<tr data-item="{closed.pk}">(.*?)</tr>', response.content.decode(), re.S).group(1)
    assert html.escape(exercises["single-output"].title) in row
    assert f'href="{exercises["single-output"].get_absolute_url()}"' not in row
    assert f"opens {timezone.localtime(closed.opens_at):%Y-%m-%d %H:%M}" in row
    assert response.context["next_cell"].item != closed  # not where to continue either


def test_late_work_and_an_instructors_score_are_shown_to_the_learner(client, alice, charlie, course, exercises, quiz):
    late = item_of(course, exercises["multiple-output"])
    late.due_at = timezone.now() - timedelta(days=1)
    late.save()
    graded(alice, exercises["multiple-output"], "wrong_answer", 0.5)
    override_score(item_of(course, quiz), alice, charlie, 0.8, "oral exam")
    client.force_login(alice)

    page = dashboard(client, course).content.decode()

    late_row = re.search(rf'<tr data-item="{late.pk}">(.*?)</tr>', page, re.S).group(1)
    assert '<span class="late">late</span>' in late_row
    quiz_row = re.search(rf'<tr data-item="{item_of(course, quiz).pk}">(.*?)</tr>', page, re.S).group(1)
    assert "<td>80% " in quiz_row and "set by your instructor" in quiz_row
    assert "oral exam" not in page  # the reason is the instructors' record


def test_quiz_progress_counts_in_the_bars(client, alice, course, quiz):
    quiz_progress(alice, quiz, attempts=1, best_score=1.0, solved=True)
    client.force_login(alice)

    summary = dashboard(client, course).context["summary"]

    assert (summary.solved, summary.score) == (1, 1.0)


def test_a_learner_sees_only_their_own_standing(client, alice, bob, course, exercises):
    Enrollment.objects.create(course=course, learner=bob)
    graded(bob, exercises["single-output"], "accepted", 1.0)
    client.force_login(alice)

    summary = dashboard(client, course).context["summary"]

    assert (summary.solved, summary.attempted) == (0, 0)


def make_classmates(course, exercises, size: int) -> None:
    for n in range(size):
        learner = User.objects.create_user(f"mate{n:02}", f"mate{n:02}@example.com", "pw")
        Enrollment.objects.create(course=course, learner=learner)
        graded(learner, exercises["single-output"], "accepted", 1.0)


@pytest.mark.parametrize("classmates", [3, 30])
def test_the_dashboard_makes_a_bounded_number_of_queries(
    client, alice, course, exercises, classmates, django_assert_max_num_queries
):
    make_classmates(course, exercises, classmates)
    graded(alice, exercises["single-output"], "accepted", 1.0)
    client.force_login(alice)

    with django_assert_max_num_queries(MAX_QUERIES):
        assert dashboard(client, course).status_code == 200


def queries_for(client, course) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert dashboard(client, course).status_code == 200
    return len(captured)


def test_a_class_of_30_costs_the_dashboard_no_more_queries_than_a_class_of_3(client, alice, course, exercises):
    graded(alice, exercises["single-output"], "accepted", 1.0)
    client.force_login(alice)
    make_classmates(course, exercises, 3)
    small = queries_for(client, course)

    User.objects.filter(username__startswith="mate").delete()
    make_classmates(course, exercises, 30)

    assert small == queries_for(client, course) <= MAX_QUERIES


def test_many_items_cost_no_more_queries_than_few(client, alice, charlie, exercises, quiz):
    few = make_course(charlie, "Few", items=[exercises["single-output"], quiz], learners=[alice])
    many = make_course(charlie, "Many", items=[*exercises.values(), quiz], learners=[alice])
    for exercise in exercises.values():
        graded(alice, exercise, "wrong_answer", 0.5)
    client.force_login(alice)

    assert queries_for(client, few) == queries_for(client, many) <= MAX_QUERIES


def test_the_instructors_own_course_page_shows_no_progress_of_theirs(client, charlie, course):
    client.force_login(charlie)
    page = client.get(reverse("courses:dashboard", args=[course.pk])).content.decode()
    assert "Gradebook" in page and 'id="course-progress"' not in page
