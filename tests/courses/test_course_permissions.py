"""Every course page and action refuses who it is not for: a learner of the course (alice), another learner
(bob), and an instructor of ANOTHER course (dave) each get 403 or 404, and nothing changes."""

import pytest
from course_factories import item_of
from django.urls import reverse

from support import graded
from unroll.courses.models import ScoreOverride

INSTRUCTOR_PAGES = ["manage", "gradebook", "gradebook_csv", "statistics", "learner"]
INSTRUCTOR_ACTIONS = [
    "add_item",
    "set_item_dates",
    "move_item",
    "remove_item",
    "add_instructor",
    "remove_instructor",
    "regenerate_code",
    "override_score",
]


def url_of(name: str, course, alice, exercises) -> str:
    item = item_of(course, exercises["single-output"])
    args = {
        "learner": [course.pk, alice.pk],
        "set_item_dates": [course.pk, item.pk],
        "move_item": [course.pk, item.pk],
        "remove_item": [course.pk, item.pk],
        "override_score": [course.pk, item.pk, alice.pk],
        "remove_instructor": [course.pk, course.instructors.first().pk],
    }.get(name, [course.pk])
    return reverse(f"courses:{name}", args=args)


ACTION_DATA = {
    "add_item": lambda exercises: {"content": f"exercise:{exercises['stacked-rnn'].pk}"},
    "add_instructor": lambda exercises: {"username": "dave"},
    "move_item": lambda exercises: {"direction": "down"},
    "override_score": lambda exercises: {"score": "1", "reason": "mine now"},
}


def snapshot(course) -> tuple:
    course.refresh_from_db()
    items = list(course.items.in_order().values_list("pk", "position", "opens_at", "due_at"))
    return course.join_code, items, set(course.instructors.all()), ScoreOverride.objects.count()


@pytest.fixture
def work(course, alice, exercises):
    return graded(alice, exercises["single-output"], "wrong_answer", 0.5, code="model = 'alice private'\n")


@pytest.mark.parametrize("name", INSTRUCTOR_PAGES)
@pytest.mark.parametrize(("persona", "status"), [("alice", 403), ("bob", 403), ("dave", 404)])
def test_instructor_pages_refuse_learners_and_other_courses_instructors(
    client, request, course, daves_course, alice, exercises, work, persona, status, name
):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(url_of(name, course, alice, exercises))

    assert response.status_code == status
    assert b"alice private" not in response.content and b"alice@example.com" not in response.content


@pytest.mark.parametrize("name", INSTRUCTOR_ACTIONS)
@pytest.mark.parametrize(("persona", "status"), [("alice", 403), ("bob", 403), ("dave", 404)])
def test_instructor_actions_refuse_learners_and_other_courses_instructors_and_change_nothing(
    client, request, course, daves_course, alice, exercises, persona, status, name
):
    before = snapshot(course)
    client.force_login(request.getfixturevalue(persona))

    response = client.post(url_of(name, course, alice, exercises), ACTION_DATA.get(name, lambda e: {})(exercises))

    assert response.status_code == status
    assert snapshot(course) == before


@pytest.mark.parametrize("name", [*INSTRUCTOR_PAGES, "dashboard"])
def test_anonymous_visitors_are_sent_to_log_in(client, course, alice, exercises, name):
    url = url_of(name, course, alice, exercises)

    response = client.get(url)

    assert response.status_code == 302 and response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("persona", ["bob", "dave"])
def test_the_course_page_is_for_its_learners_and_instructors_only(client, request, course, daves_course, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("courses:dashboard", args=[course.pk])).status_code == 404


def test_the_course_page_opens_for_its_learner_and_its_instructor(client, course, alice, charlie):
    for person in (alice, charlie):
        client.force_login(person)
        assert client.get(reverse("courses:dashboard", args=[course.pk])).status_code == 200


def test_instructor_pages_open_for_the_course_instructor(client, course, charlie, alice, exercises, work):
    client.force_login(charlie)

    for name in INSTRUCTOR_PAGES:
        assert client.get(url_of(name, course, alice, exercises)).status_code == 200, name


def test_a_superuser_reads_every_gradebook(client, course, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(root)

    assert client.get(reverse("courses:gradebook", args=[course.pk])).status_code == 200


def test_an_instructor_of_another_course_cannot_read_its_learners_submissions(client, dave, daves_course, work):
    client.force_login(dave)

    assert client.get(reverse("submissions:detail", args=[work.pk])).status_code == 404
    assert client.get(reverse("submissions:status", args=[work.pk])).status_code == 404
