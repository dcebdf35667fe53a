"""GET /instructor/progress/: learners' status, attempts and best score on exercises, for instructors only.

An instructor sees the learners and exercises of the courses they teach; a superuser sees everyone.
"""

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from support import graded
from unroll.courses.actions import add_item, create_course
from unroll.courses.models import Enrollment

URL = reverse("progress:class_progress")
GUIDE_ORDER = ["single-output", "multiple-output", "time-distributed", "stacked-rnn", "sentiment-head"]
# session + user, exercises, learners, progress cells: whatever the class size.
MAX_QUERIES = 5


def teach(instructor, exercises, learners, slugs=GUIDE_ORDER, title="Guide"):
    """A course by `instructor` with these exercises, joined by `learners`."""
    course = create_course(instructor, title)
    for slug in slugs:
        add_item(course, exercise=exercises[slug])
    for learner in learners:
        Enrollment.objects.create(course=course, learner=learner)
    return course


def cells_of(content: str, username: str) -> list[str]:
    row = re.search(rf'<tr data-learner="{username}">(.*?)</tr>', content, re.S)
    assert row, f"no row for {username}"
    return [" ".join(cell.split()) for cell in re.findall(r'<td class="cell[^"]*">(.*?)</td>', row.group(1), re.S)]


def last_link(submission) -> str:
    return f'<a href="{reverse("submissions:detail", args=[submission.pk])}">last</a>'


def solved_count_of(content: str, username: str) -> str:
    row = re.search(rf'<tr data-learner="{username}">(.*?)</tr>', content, re.S).group(1)
    return re.findall(r"<td>(\d+)</td>", row)[-1]


def make_class(exercises, size: int, course=None) -> None:
    """`size` learners of `course`, each with a solved exercise and an attempted one."""
    for n in range(size):
        learner = User.objects.create_user(f"learner{n:02}", f"learner{n:02}@example.com", "pw")
        if course:
            Enrollment.objects.create(course=course, learner=learner)
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
    teach(charlie, exercises, [alice, bob])
    graded(alice, exercises["single-output"], "wrong_answer", 0.5)
    solved = graded(alice, exercises["single-output"], "accepted", 1.0)
    attempted = graded(alice, exercises["multiple-output"], "wrong_answer", 0.25)
    crashed = graded(bob, exercises["time-distributed"], "runtime_error", 0.0)
    client.force_login(charlie)

    response = client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert [e.slug for e in response.context["exercises"]] == GUIDE_ORDER
    assert [learner.username for learner, _, _ in response.context["rows"]] == ["alice", "bob"]  # not the instructor
    assert 'data-learner="charlie"' not in content
    assert cells_of(content, "alice")[: len(GUIDE_ORDER)] == [
        f"Solved · 2 attempts · 100% · {last_link(solved)}",
        f"Attempted · 1 attempt · 25% · {last_link(attempted)}",
        "–",
        "–",
        "–",
    ]
    assert cells_of(content, "bob")[: len(GUIDE_ORDER)] == [
        "–",
        "–",
        f"Attempted · 1 attempt · 0% · {last_link(crashed)}",
        "–",
        "–",
    ]
    assert solved_count_of(content, "alice") == "1"
    assert solved_count_of(content, "bob") == "0"


def test_an_instructor_sees_only_the_learners_and_exercises_of_the_courses_they_teach(
    client, alice, bob, charlie, exercises
):
    teach(charlie, exercises, [alice], slugs=["single-output"])
    graded(alice, exercises["single-output"], "accepted", 1.0)
    graded(alice, exercises["stacked-rnn"], "accepted", 1.0)  # not an exercise of charlie's course
    graded(bob, exercises["single-output"], "wrong_answer", 0.5)  # not a learner of charlie's course
    client.force_login(charlie)

    response = client.get(URL)

    assert [e.slug for e in response.context["exercises"]] == ["single-output"]
    assert [(learner.username, solved) for learner, _, solved in response.context["rows"]] == [("alice", 1)]
    assert 'data-learner="bob"' not in response.content.decode()


def test_a_cell_shows_only_where_the_instructor_teaches_that_learner_that_exercise(
    client, alice, bob, charlie, exercises
):
    teach(charlie, exercises, [alice], slugs=["single-output"], title="A")
    teach(charlie, exercises, [bob], slugs=["stacked-rnn"], title="B")
    graded(alice, exercises["stacked-rnn"], "accepted", 1.0)  # alice is not in course B
    graded(bob, exercises["stacked-rnn"], "wrong_answer", 0.5)
    client.force_login(charlie)

    content = client.get(URL).content.decode()

    assert cells_of(content, "alice") == ["–", "–"]
    assert cells_of(content, "bob")[1].startswith("Attempted · 1 attempt · 50%")
    assert solved_count_of(content, "alice") == "0"


def test_an_instructor_of_another_course_sees_none_of_these_learners(client, alice, bob, charlie, exercises):
    dave = User.objects.create_user("dave", "dave@example.com", "pw", is_staff=True)
    teach(charlie, exercises, [alice])
    teach(dave, exercises, [bob], slugs=["single-output"], title="Dave's")
    graded(alice, exercises["single-output"], "accepted", 1.0)
    client.force_login(dave)

    response = client.get(URL)

    assert [learner.username for learner, _, _ in response.context["rows"]] == ["bob"]
    assert 'data-learner="alice"' not in response.content.decode()


def test_an_instructor_without_a_course_sees_no_learner(client, alice, charlie, exercises):
    graded(alice, exercises["single-output"], "accepted", 1.0)
    client.force_login(charlie)

    response = client.get(URL)

    assert response.context["rows"] == [] and response.context["exercises"] == []
    assert "No learners yet" in response.content.decode()


def test_a_superuser_sees_every_learner_on_every_published_exercise(client, alice, bob, exercises):
    root = User.objects.create_superuser("root", "root@example.com", "pw")
    graded(alice, exercises["single-output"], "accepted", 1.0)
    client.force_login(root)

    response = client.get(URL)

    assert [learner.username for learner, _, _ in response.context["rows"]] == ["alice", "bob"]
    assert [e.slug for e in response.context["exercises"]][: len(GUIDE_ORDER)] == GUIDE_ORDER
    assert solved_count_of(response.content.decode(), "alice") == "1"


@pytest.mark.parametrize("size", [3, 10])
def test_the_page_makes_a_fixed_number_of_queries_whatever_the_class_size(
    client, charlie, exercises, size, django_assert_max_num_queries
):
    make_class(exercises, size, teach(charlie, exercises, []))
    client.force_login(charlie)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(URL)

    assert len(response.context["rows"]) == size


def test_ten_learners_cost_no_more_queries_than_three(client, charlie, exercises):
    client.force_login(charlie)
    course = teach(charlie, exercises, [])

    def queries_for_class_of(size: int) -> int:
        User.objects.filter(is_staff=False).delete()
        make_class(exercises, size, course)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    assert queries_for_class_of(3) == queries_for_class_of(10) <= MAX_QUERIES
