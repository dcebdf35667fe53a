"""An instructor overrides a learner's score on an item: 0–1, a reason, who and when kept; the latest applies."""

import csv
import io
import re

import pytest
from course_factories import item_of
from django.urls import reverse

from support import graded
from unroll.courses.models import ScoreOverride


def override(client, course, item, learner, score, reason="late enrolment"):
    url = reverse("courses:override_score", args=[course.pk, item.pk, learner.pk])
    return client.post(url, {"score": score, "reason": reason}, follow=True)


def flash(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_an_override_is_recorded_with_who_when_and_why_and_applies(client, charlie, alice, course, exercises):
    graded(alice, exercises["single-output"], "wrong_answer", 0.25)
    item = item_of(course, exercises["single-output"])
    client.force_login(charlie)

    response = override(client, course, item, alice, "0.8", "the grader timed out on a slow day")

    assert response.redirect_chain[-1][0] == reverse("courses:learner", args=[course.pk, alice.pk])
    assert "alice's score on" in flash(response) and "is now 80%." in flash(response)
    recorded = ScoreOverride.objects.get()
    assert (recorded.item, recorded.learner, recorded.by, recorded.score) == (item, alice, charlie, 0.8)
    assert recorded.reason == "the grader timed out on a slow day" and recorded.created_at is not None
    cell = response.context["cells"][0]
    assert (cell.score, cell.best_score, cell.overridden) == (0.8, 0.25, True)
    history = re.search(r'<table class="grid override-history">(.*?)</table>', response.content.decode(), re.S).group(1)
    assert "the grader timed out on a slow day" in history and "charlie" in history


def test_history_is_kept_and_the_latest_override_applies_in_the_gradebook_and_csv(
    client, charlie, dave, alice, course, quiz
):
    course.instructors.add(dave)
    item = item_of(course, quiz)
    client.force_login(charlie)
    override(client, course, item, alice, "0.5", "first look")
    client.force_login(dave)
    override(client, course, item, alice, "1", "second marker agreed")

    assert list(ScoreOverride.objects.order_by("created_at").values_list("score", "by__username")) == [
        (0.5, "charlie"),
        (1.0, "dave"),
    ]
    book = client.get(reverse("courses:gradebook", args=[course.pk]))
    quiz_cell = book.context["rows"][0].cells[2]
    assert (quiz_cell.score, quiz_cell.override.reason) == (1.0, "second marker agreed")
    exported = list(
        csv.reader(io.StringIO(client.get(reverse("courses:gradebook_csv", args=[course.pk])).content.decode()))
    )
    header, row = exported
    assert row[header.index(f"3. {quiz.title} (quiz): score")] == "100%"
    assert row[header.index(f"3. {quiz.title} (quiz): overridden")] == "overridden"
    page = client.get(reverse("courses:learner", args=[course.pk, alice.pk])).content.decode()
    assert "first look" in page and "second marker agreed" in page


@pytest.mark.parametrize(
    ("score", "reason", "message"),
    [
        ("1.5", "too generous", "less than or equal to 1"),
        ("-0.1", "too harsh", "greater than or equal to 0"),
        ("abc", "typo", "Enter a number"),
        ("0.5", "", "This field is required"),
        ("0.5", "   ", "This field is required"),
    ],
)
def test_a_score_outside_0_to_1_or_without_a_reason_is_refused(
    client, charlie, alice, course, exercises, score, reason, message
):
    client.force_login(charlie)

    response = override(client, course, item_of(course, exercises["single-output"]), alice, score, reason)

    assert "is unchanged" in flash(response) and message in flash(response)
    assert not ScoreOverride.objects.exists()


def test_no_override_for_someone_who_is_not_in_the_course(client, charlie, bob, course, exercises, daves_course):
    client.force_login(charlie)

    response = override(client, course, item_of(course, exercises["single-output"]), bob, "1")

    assert response.status_code == 404
    assert not ScoreOverride.objects.exists()


def test_an_override_is_a_post(client, charlie, alice, course, exercises):
    client.force_login(charlie)
    url = reverse("courses:override_score", args=[course.pk, item_of(course, exercises["single-output"]).pk, alice.pk])

    assert client.get(url).status_code == 405
