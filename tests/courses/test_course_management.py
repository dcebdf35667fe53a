"""An instructor creates a course, arranges its exercises and quizzes (add, reorder, remove, dates) and its instructors."""

from datetime import timedelta

import pytest
from course_factories import item_of, make_quiz
from django.urls import reverse
from django.utils import timezone

from support import graded
from unroll.courses.models import Course
from unroll.progress.models import Progress


def titles(course) -> list[str]:
    return [item.title for item in course.items.with_content().in_order()]


def post(client, name: str, course, *args, data=None, follow=True):
    return client.post(reverse(f"courses:{name}", args=[course.pk, *args]), data or {}, follow=follow)


def flash(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_an_instructor_creates_a_course_and_teaches_it(client, charlie):
    client.force_login(charlie)

    response = client.post(reverse("courses:new_course"), {"title": "RNNs in a week", "description": "Day one"})

    course = Course.objects.get(title="RNNs in a week")
    assert response.status_code == 302 and response.url == reverse("courses:manage", args=[course.pk])
    assert list(course.instructors.all()) == [charlie] and course.created_by == charlie
    assert len(course.join_code) == 8


def test_a_course_needs_a_title(client, charlie):
    client.force_login(charlie)

    response = client.post(reverse("courses:new_course"), {"title": ""})

    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not Course.objects.exists()


def test_a_learner_cannot_create_a_course(client, alice):
    client.force_login(alice)

    assert client.post(reverse("courses:new_course"), {"title": "Mine"}).status_code == 403
    assert not Course.objects.exists()


def test_exercises_and_quizzes_are_added_in_order_with_optional_dates(client, charlie, course, exercises):
    client.force_login(charlie)
    opens = timezone.localtime() + timedelta(days=1)
    due = opens + timedelta(days=7)

    response = post(
        client,
        "add_item",
        course,
        data={
            "content": f"exercise:{exercises['stacked-rnn'].pk}",
            "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
            "due_at": due.strftime("%Y-%m-%dT%H:%M"),
        },
    )

    assert f"{exercises['stacked-rnn'].title} is added." in flash(response)
    assert titles(course)[-1] == exercises["stacked-rnn"].title
    added = item_of(course, exercises["stacked-rnn"])
    assert (added.position, added.opens_at.replace(second=0, microsecond=0)) == (
        3,
        opens.replace(second=0, microsecond=0),
    )
    assert added.due_at > added.opens_at
    manage_page = client.get(reverse("courses:manage", args=[course.pk])).content.decode()
    assert f"exercise:{exercises['stacked-rnn'].pk}" not in manage_page  # no longer offered
    assert f"exercise:{exercises['sentiment-head'].pk}" in manage_page


def test_a_quiz_is_added_after_the_exercises(client, charlie, course):
    lstm_quiz = make_quiz("lstm-gates", "LSTM gates", topic="lstm")
    client.force_login(charlie)

    post(client, "add_item", course, data={"content": f"quiz:{lstm_quiz.pk}"})

    added = item_of(course, lstm_quiz)
    assert (added.kind, added.position, added.topic) == ("quiz", 3, "lstm")
    assert added.opens_at is None and added.due_at is None


def test_the_same_exercise_cannot_be_added_twice(client, charlie, course, exercises):
    client.force_login(charlie)

    response = post(client, "add_item", course, data={"content": f"exercise:{exercises['single-output'].pk}"})

    assert "Select a valid choice" in flash(response)
    assert course.items.count() == 3


def test_a_due_date_before_the_opening_is_refused(client, charlie, course, exercises):
    client.force_login(charlie)
    item = item_of(course, exercises["single-output"])

    response = post(
        client,
        "set_item_dates",
        course,
        item.pk,
        data={f"item{item.pk}-opens_at": "2030-01-02T10:00", f"item{item.pk}-due_at": "2030-01-01T10:00"},
    )

    assert "due date must come after the opening date" in flash(response)
    item.refresh_from_db()
    assert item.opens_at is None and item.due_at is None


def test_dates_can_be_set_and_cleared(client, charlie, course, exercises):
    client.force_login(charlie)
    item = item_of(course, exercises["single-output"])
    post(client, "set_item_dates", course, item.pk, data={f"item{item.pk}-due_at": "2030-01-01T10:00"})
    item.refresh_from_db()
    assert item.due_at.year == 2030 and item.opens_at is None

    post(client, "set_item_dates", course, item.pk, data={f"item{item.pk}-due_at": ""})

    item.refresh_from_db()
    assert item.due_at is None


def test_items_move_up_and_down_and_stay_put_at_either_end(client, charlie, course, exercises, quiz):
    client.force_login(charlie)
    first, second = exercises["single-output"].title, exercises["multiple-output"].title

    post(client, "move_item", course, item_of(course, quiz).pk, data={"direction": "up"})
    assert titles(course) == [first, quiz.title, second]
    post(client, "move_item", course, item_of(course, exercises["single-output"]).pk, data={"direction": "down"})
    assert titles(course) == [quiz.title, first, second]
    post(client, "move_item", course, item_of(course, quiz).pk, data={"direction": "up"})  # already first
    post(client, "move_item", course, item_of(course, exercises["multiple-output"]).pk, data={"direction": "down"})
    assert titles(course) == [quiz.title, first, second]
    assert [item.position for item in course.items.in_order()] == [0, 1, 2]


def test_removing_an_item_keeps_the_others_in_order(client, charlie, course, exercises, quiz):
    client.force_login(charlie)

    response = post(client, "remove_item", course, item_of(course, exercises["single-output"]).pk)

    assert "removed" in flash(response)
    assert titles(course) == [exercises["multiple-output"].title, quiz.title]
    assert [item.position for item in course.items.in_order()] == [0, 1]


def test_another_instructor_can_be_added_and_then_teaches_the_course(client, charlie, dave, course):
    client.force_login(charlie)

    response = post(client, "add_instructor", course, data={"username": "dave"})

    assert "dave teaches" in flash(response)
    assert set(course.instructors.all()) == {charlie, dave}
    client.force_login(dave)
    assert client.get(reverse("courses:gradebook", args=[course.pk])).status_code == 200


def test_a_learner_cannot_be_made_an_instructor(client, charlie, bob, course):
    client.force_login(charlie)

    response = post(client, "add_instructor", course, data={"username": "bob"})

    assert "only staff accounts can teach" in flash(response)
    assert list(course.instructors.all()) == [charlie]


def test_the_join_code_is_shown_to_instructors_and_can_be_regenerated(client, charlie, course):
    client.force_login(charlie)
    old = course.join_code
    assert old in client.get(reverse("courses:manage", args=[course.pk])).content.decode()

    response = post(client, "regenerate_code", course)

    course.refresh_from_db()
    assert course.join_code != old and course.join_code in flash(response)
    assert course.join_code in response.content.decode()


@pytest.mark.parametrize("name", ["add_item", "add_instructor", "regenerate_code"])
def test_changes_are_posts_only(client, charlie, course, name):
    client.force_login(charlie)

    assert client.get(reverse(f"courses:{name}", args=[course.pk])).status_code == 405


def test_a_co_instructor_is_removed_but_never_the_last_one(client, charlie, dave, course):
    client.force_login(charlie)
    client.post(reverse("courses:add_instructor", args=[course.pk]), {"username": "dave"})
    assert set(course.instructors.all()) == {charlie, dave}
    client.post(reverse("courses:remove_instructor", args=[course.pk, dave.pk]))
    assert set(course.instructors.all()) == {charlie}

    response = client.post(reverse("courses:remove_instructor", args=[course.pk, charlie.pk]), follow=True)
    assert "A course needs an instructor" in response.content.decode()
    assert set(course.instructors.all()) == {charlie}


def test_a_learner_leaves_a_course_and_keeps_their_work(client, alice, bob, course, exercises):
    graded(alice, exercises["single-output"], "accepted", 1.0)
    client.force_login(alice)
    response = client.post(reverse("courses:leave", args=[course.pk]), follow=True)
    assert f"You left {course.title}" in response.content.decode()
    assert not course.enrollments.filter(learner=alice).exists()
    assert Progress.objects.get(learner=alice, exercise=exercises["single-output"]).best_score == 1.0
    assert client.get(reverse("courses:dashboard", args=[course.pk])).status_code == 404  # no longer in it

    client.force_login(bob)  # not in the course: nothing to leave
    assert client.post(reverse("courses:leave", args=[course.pk])).status_code == 404
