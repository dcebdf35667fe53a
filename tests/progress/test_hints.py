"""Hints are revealed one at a time on request, recorded in progress, and visible to instructors; they are
Markdown, rendered and sanitized as the statement is, in the page and in the JSON alike."""

import pytest
from django.urls import reverse

from unroll.content.rendering import render_markdown
from unroll.courses.actions import add_item, create_course
from unroll.courses.models import Enrollment
from unroll.progress.models import Progress


def next_hint(client, slug="stacked-rnn"):
    return client.post(reverse("progress:next_hint", args=[slug]))


def test_hints_come_one_at_a_time_and_are_recorded(client, alice, exercises):
    client.force_login(alice)
    hints = [render_markdown(hint) for hint in exercises["stacked-rnn"].hints]
    first = next_hint(client).json()
    assert first == {"hints": hints[:1], "remaining": len(hints) - 1}
    second = next_hint(client).json()
    assert second["hints"] == hints[:2]
    assert Progress.objects.get(learner=alice, exercise=exercises["stacked-rnn"]).hints_revealed == 2


def test_no_hint_past_the_last_one(client, alice, exercises):
    client.force_login(alice)
    for _ in exercises["stacked-rnn"].hints:
        assert next_hint(client).status_code == 200
    refused = next_hint(client)
    assert refused.status_code == 400 and "every hint" in refused.json()["error"]


def test_the_exercise_page_shows_the_revealed_hints_only(client, alice, bob, exercises):
    client.force_login(alice)
    next_hint(client)
    hints = exercises["stacked-rnn"].hints
    page = client.get(exercises["stacked-rnn"].get_absolute_url()).content.decode()
    assert hints[0].replace("`", "") in page.replace("`", "").replace("&#x27;", "'")
    assert f"Show a hint ({len(hints) - 1} left)" in page
    client.force_login(bob)
    assert (
        f"Show a hint ({len(hints)} left)" in client.get(exercises["stacked-rnn"].get_absolute_url()).content.decode()
    )


def test_hints_are_markdown_in_the_json_and_on_the_page(client, alice, exercises):
    exercise = exercises["single-output"]
    assert "`input_shape`" in exercise.hints[0]  # the folder writes code in backticks
    client.force_login(alice)
    shown = next_hint(client, "single-output").json()["hints"][0]
    assert "<code>input_shape</code>" in shown and "`" not in shown
    page = client.get(exercise.get_absolute_url()).content.decode()
    hint_list = page.split('id="hint-list"', 1)[1].split("</ol>", 1)[0]
    assert "<code>input_shape</code>" in hint_list and "`" not in hint_list


def test_a_hint_cannot_carry_markup_that_runs(client, alice, exercises):
    exercise = exercises["single-output"]
    exercise.hints = [
        "Use <script>alert(1)</script> `units` and [this](javascript:alert(1)) <img src=x onerror=alert(1)>"
    ]
    exercise.save(update_fields=["hints"])
    client.force_login(alice)
    for html in (
        next_hint(client, "single-output").json()["hints"][0],
        client.get(exercise.get_absolute_url()).content.decode(),
    ):
        assert "<code>units</code>" in html
        assert "<script>alert" not in html and "javascript:" not in html and "onerror" not in html


def test_instructors_see_how_many_hints_each_learner_used(client, alice, charlie, exercises):
    course = create_course(charlie, "Recurrent layers")
    add_item(course, exercise=exercises["stacked-rnn"])
    Enrollment.objects.create(course=course, learner=alice)  # charlie teaches alice this exercise
    client.force_login(alice)
    next_hint(client)
    next_hint(client)
    client.force_login(charlie)
    page = client.get(reverse("progress:class_progress")).content.decode()
    assert "2 hints" in page


@pytest.mark.parametrize("method", ["get", "put"])
def test_only_a_post_reveals_a_hint(client, alice, exercises, method):
    client.force_login(alice)
    assert getattr(client, method)(reverse("progress:next_hint", args=["stacked-rnn"])).status_code == 405


def test_anonymous_visitors_and_unknown_exercises(client, alice, exercises):
    assert next_hint(client).status_code == 302
    client.force_login(alice)
    assert next_hint(client, "no-such-exercise").status_code == 404
