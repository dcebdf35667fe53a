"""The gradebook of a course: learners × items with score, attempts, late, hints; sortable; bounded queries."""

import re
from datetime import timedelta

import pytest
from course_factories import item_of, quiz_progress
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from support import graded
from unroll.courses.actions import override_score
from unroll.courses.models import Enrollment
from unroll.progress.actions import reveal_hint

# session, user, course, items, learners, exercise progress, quiz progress, overrides
MAX_QUERIES = 8


def gradebook(client, course, sort: str | None = None):
    url = reverse("courses:gradebook", args=[course.pk])
    return client.get(url, {"sort": sort} if sort else {})


def cells_of(page: str, username: str) -> list[str]:
    row = re.search(rf'<tr data-learner="{username}">(.*?)</tr>', page, re.S)
    assert row, f"no row for {username}"
    return [
        " ".join(re.sub(r"<[^>]+>", " ", cell).split())
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    ]


def learners_in_order(response) -> list[str]:
    return [row.learner.username for row in response.context["rows"]]


@pytest.fixture
def class_of_three(course, alice, exercises, quiz):
    """alice, erin and frank with different results; the multiple-output exercise was due yesterday."""
    erin = User.objects.create_user("erin", "erin@example.com", "pw")
    frank = User.objects.create_user("frank", "frank@example.com", "pw")
    for learner in (erin, frank):
        Enrollment.objects.create(course=course, learner=learner)
    late = item_of(course, exercises["multiple-output"])
    late.due_at = timezone.now() - timedelta(days=1)
    late.save()
    graded(alice, exercises["single-output"], "wrong_answer", 0.5)
    graded(alice, exercises["single-output"], "accepted", 1.0)
    reveal_hint(alice, exercises["multiple-output"])
    graded(alice, exercises["multiple-output"], "wrong_answer", 0.25)
    graded(erin, exercises["single-output"], "wrong_answer", 0.75)
    quiz_progress(erin, quiz, attempts=1, best_score=1.0, solved=True)
    quiz_progress(frank, quiz, attempts=3, best_score=0.5, solved=True)
    return {"alice": alice, "erin": erin, "frank": frank}


def test_each_cell_shows_score_attempts_hints_and_late(client, charlie, course, class_of_three):
    client.force_login(charlie)

    page = gradebook(client, course).content.decode()

    assert cells_of(page, "alice") == [
        "100% · 2 att.",
        "25% · 1 att. · 1 hint · late",
        "0% · 0 att.",
        "42%",
    ]
    # The second item is past its due date: not started there is "missing".
    assert cells_of(page, "erin") == ["75% · 1 att.", "0% · 0 att. · missing", "100% · 1 att.", "58%"]
    assert cells_of(page, "frank") == ["0% · 0 att.", "0% · 0 att. · missing", "50% · 3 att.", "17%"]
    assert 'data-learner="charlie"' not in page  # instructors are not learners of their course


def test_an_override_is_marked_and_counts_in_the_total(client, charlie, course, class_of_three, quiz):
    override_score(item_of(course, quiz), class_of_three["frank"], charlie, 0.9, "third attempt was a network glitch")
    client.force_login(charlie)

    page = gradebook(client, course).content.decode()

    assert cells_of(page, "frank")[2:] == ["90% overridden · 3 att.", "30%"]
    assert 'title="third attempt was a network glitch (charlie)"' in page


def test_learners_who_joined_but_did_nothing_have_a_row_and_others_do_not(client, charlie, bob, course, daves_course):
    client.force_login(charlie)

    response = gradebook(client, course)

    assert learners_in_order(response) == ["alice"]  # bob is in dave's course, not this one


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        (None, ["alice", "erin", "frank"]),
        ("learner", ["alice", "erin", "frank"]),
        ("-learner", ["frank", "erin", "alice"]),
        ("total", ["frank", "alice", "erin"]),
        ("-total", ["erin", "alice", "frank"]),
        ("nonsense", ["alice", "erin", "frank"]),
    ],
)
def test_rows_sort_by_learner_or_total_both_ways(client, charlie, course, class_of_three, sort, order):
    client.force_login(charlie)

    assert learners_in_order(gradebook(client, course, sort)) == order


def test_rows_sort_by_any_item_and_the_header_says_so(client, charlie, course, class_of_three, quiz):
    client.force_login(charlie)
    quiz_item = item_of(course, quiz)

    response = gradebook(client, course, f"-item-{quiz_item.pk}")

    assert learners_in_order(response) == ["erin", "frank", "alice"]
    page = response.content.decode()
    assert (
        f'<th scope="col" aria-sort="descending"><a href="?sort=item-{quiz_item.pk}">3. {quiz.title}</a></th>' in page
    )
    assert page.count("aria-sort=") == 1
    assert learners_in_order(gradebook(client, course, f"item-{quiz_item.pk}")) == ["alice", "frank", "erin"]


def test_every_column_header_is_a_sort_link(client, charlie, course, class_of_three):
    client.force_login(charlie)

    page = gradebook(client, course).content.decode()

    headers = re.findall(r'<th scope="col"[^>]*><a href="\?sort=([^"]+)">', page)
    assert headers == ["-learner", *[f"item-{item.pk}" for item in course.items.in_order()], "total"]
    assert 'aria-sort="ascending"><a href="?sort=-learner">Learner' in page


def make_class(course, exercises, quiz, size: int) -> None:
    for n in range(size):
        learner = User.objects.create_user(f"learner{n:02}", f"learner{n:02}@example.com", "pw")
        Enrollment.objects.create(course=course, learner=learner)
        graded(learner, exercises["single-output"], "accepted", 1.0)
        graded(learner, exercises["multiple-output"], "wrong_answer", 0.5)
        quiz_progress(learner, quiz, attempts=1, best_score=0.5, solved=False)


def queries_for(client, course, sort: str = "") -> int:
    with CaptureQueriesContext(connection) as captured:
        assert gradebook(client, course, sort).status_code == 200
    return len(captured)


@pytest.mark.parametrize("size", [3, 30])
def test_the_gradebook_makes_a_bounded_number_of_queries(
    client, charlie, course, exercises, quiz, size, django_assert_max_num_queries
):
    make_class(course, exercises, quiz, size)
    override_score(item_of(course, quiz), User.objects.get(username="learner00"), charlie, 1.0, "bonus")
    client.force_login(charlie)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = gradebook(client, course, "-total")

    assert len(response.context["rows"]) == size + 1  # and alice


def test_thirty_learners_cost_the_gradebook_as_many_queries_as_three(client, charlie, course, exercises, quiz):
    client.force_login(charlie)
    make_class(course, exercises, quiz, 3)
    small = queries_for(client, course)

    User.objects.filter(username__startswith="learner").delete()
    make_class(course, exercises, quiz, 30)

    assert small == queries_for(client, course) <= MAX_QUERIES


def test_work_not_started_by_the_due_date_is_marked_missing_and_turns_late_once_done(
    client, charlie, alice, course, exercises
):
    past = item_of(course, exercises["multiple-output"])
    past.due_at = timezone.now() - timedelta(hours=1)
    past.save()
    future = item_of(course, exercises["single-output"])
    future.due_at = timezone.now() + timedelta(days=1)
    future.save()
    client.force_login(charlie)

    def flags() -> dict:
        cells = client.get(reverse("courses:gradebook", args=[course.pk])).context["rows"][0].cells
        return {cell.item.pk: cell.due_flag for cell in cells}

    assert flags()[past.pk] == "missing" and flags()[future.pk] == ""  # not due yet: nothing missing
    page = client.get(reverse("courses:gradebook", args=[course.pk])).content.decode()
    assert f'data-item="{past.pk}"' in page and '<span class="missing">missing</span>' in page
    graded(alice, exercises["multiple-output"], "wrong_answer", 0.5)  # handed in after the due date
    assert flags()[past.pk] == "late"
