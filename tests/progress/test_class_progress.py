"""GET /instructor/progress/: every learner's status, attempts and best score on every exercise, for instructors only."""

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grader import GradeResult
from unroll.submissions.actions import record_verdict, submit_attempt

URL = reverse("progress:class_progress")
GUIDE_ORDER = ["single-output", "multiple-output", "time-distributed", "stacked-rnn", "sentiment-head"]
# session + user, exercises, learners (with their solved count), progress cells: whatever the class size.
MAX_QUERIES = 5


def graded(learner, exercise, verdict: str, score: float):
    submission = submit_attempt(learner, exercise, f"model = {score!r}\n")
    return record_verdict(submission.pk, GradeResult(verdict, score, [], [], None))


def cells_of(content: str, username: str) -> list[str]:
    row = re.search(rf'<tr data-learner="{username}">(.*?)</tr>', content, re.S)
    assert row, f"no row for {username}"
    return [" ".join(cell.split()) for cell in re.findall(r'<td class="cell[^"]*">(.*?)</td>', row.group(1), re.S)]


def last_link(submission) -> str:
    return f'<a href="{reverse("submissions:detail", args=[submission.pk])}">last</a>'


def solved_count_of(content: str, username: str) -> str:
    row = re.search(rf'<tr data-learner="{username}">(.*?)</tr>', content, re.S).group(1)
    return re.findall(r"<td>(\d+)</td>", row)[-1]


def make_class(exercises, size: int) -> None:
    """`size` learners, each with a solved exercise and an attempted one."""
    for n in range(size):
        learner = User.objects.create_user(f"learner{n:02}", f"learner{n:02}@example.com", "pw")
        graded(learner, exercises["single-output"], "accepted", 1.0)
        graded(learner, exercises["multiple-output"], "wrong_answer", 0.5)


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={URL}"


def test_a_learner_is_forbidden_and_never_sees_the_table(client, alice, exercises):
    client.force_login(alice)

    response = client.get(URL, follow=True)  # no redirect loop through the login page

    assert response.status_code == 403
    assert response.redirect_chain == []
    assert b"progress-table" not in response.content


def test_the_instructor_sees_a_row_per_learner_with_status_attempts_and_best_score(
    client, alice, bob, charlie, exercises
):
    graded(alice, exercises["single-output"], "wrong_answer", 0.5)
    solved = graded(alice, exercises["single-output"], "accepted", 1.0)
    attempted = graded(alice, exercises["multiple-output"], "wrong_answer", 0.25)
    crashed = graded(bob, exercises["time-distributed"], "runtime_error", 0.0)
    client.force_login(charlie)

    response = client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert [e.slug for e in response.context["exercises"]][: len(GUIDE_ORDER)] == GUIDE_ORDER
    assert [learner.username for learner, _ in response.context["rows"]] == ["alice", "bob"]  # not the instructor
    assert 'data-learner="charlie"' not in content
    assert cells_of(content, "alice")[: len(GUIDE_ORDER)] == [
        f"Solved · 2 attempts · 1.00 · {last_link(solved)}",
        f"Attempted · 1 attempt · 0.25 · {last_link(attempted)}",
        "–",
        "–",
        "–",
    ]
    assert cells_of(content, "bob")[: len(GUIDE_ORDER)] == [
        "–",
        "–",
        f"Attempted · 1 attempt · 0.00 · {last_link(crashed)}",
        "–",
        "–",
    ]
    assert solved_count_of(content, "alice") == "1"
    assert solved_count_of(content, "bob") == "0"


@pytest.mark.parametrize("size", [3, 10])
def test_the_page_makes_a_fixed_number_of_queries_whatever_the_class_size(
    client, charlie, exercises, size, django_assert_max_num_queries
):
    make_class(exercises, size)
    client.force_login(charlie)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(URL)

    assert len(response.context["rows"]) == size


def test_ten_learners_cost_no_more_queries_than_three(client, charlie, exercises):
    client.force_login(charlie)

    def queries_for_class_of(size: int) -> int:
        User.objects.filter(is_staff=False).delete()
        make_class(exercises, size)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    assert queries_for_class_of(3) == queries_for_class_of(10) <= MAX_QUERIES
