"""The learner's history on the exercise page: numbered as its list (`<ol reversed start>`) counting every
submission of theirs to the exercise, each verdict in words, one date format; the submit and status JSON
carry the same number, label and date as the server renders, so the page's script adds identical items."""

import re

from django.urls import reverse
from django.utils.html import escape

from support import graded
from unroll.submissions.exercise_page import HISTORY_SHOWN
from unroll.submissions.models import Submission

CREATED = r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}:\d{2}"  # Submission.created_label, e.g. 2 Dec 2026, 11:52:07
VERDICT_IDS = ("wrong_answer", "runtime_error", "syntax_error", "time_limit")


def history_of(page: str) -> str:
    return page.split('<ol id="history"', 1)[1].split("</ol>", 1)[0]


def test_the_page_numbers_every_item_by_its_place_among_the_learners_submissions(client, alice, bob, exercises):
    exercise = exercises["single-output"]
    graded(bob, exercise, "wrong_answer", 0.0)  # another learner's work counts for nothing in alice's numbers
    for index in range(HISTORY_SHOWN + 2):
        graded(alice, exercise, VERDICT_IDS[index % len(VERDICT_IDS)], 0.0)
    client.force_login(alice)
    history = history_of(client.get(exercise.get_absolute_url()).content.decode())
    assert history.startswith(f' class="history" reversed start="{HISTORY_SHOWN + 2}">')
    values = [int(value) for value in re.findall(r'<li class="history-item" data-id="\d+" value="(\d+)"', history)]
    assert values == list(range(HISTORY_SHOWN + 2, 2, -1))  # the latest 50 of 52, numbered 52 down to 3
    assert re.findall(r'<span class="number">Submission (\d+)</span>', history) == [str(v) for v in values]


def test_verdicts_are_words_and_dates_have_one_format(client, alice, exercises):
    exercise = exercises["single-output"]
    for verdict in VERDICT_IDS:
        graded(alice, exercise, verdict, 0.0)
    client.force_login(alice)
    history = history_of(client.get(exercise.get_absolute_url()).content.decode())
    labels = re.findall(r'<span class="verdict verdict-\w+">([^<]*)</span>', history)
    assert labels == ["Time limit", "Syntax error", "Runtime error", "Wrong answer"]
    assert not any(verdict in label for verdict in VERDICT_IDS for label in labels)
    times = re.findall(r"<time datetime=\"[^\"]+\">([^<]*)</time>", history)
    assert len(times) == 4 and all(re.fullmatch(CREATED, time) for time in times)
    detail = client.get(Submission.objects.first().get_absolute_url()).content.decode()
    assert "Time limit" in detail and re.search(CREATED, detail)  # the submission's own page says it alike


def test_the_json_carries_the_same_number_label_and_date(client, alice, exercises, django_capture_on_commit_callbacks):
    exercise = exercises["single-output"]
    graded(alice, exercise, "wrong_answer", 0.0)
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=False):
        body = client.post(
            reverse("submissions:submit", args=["single-output"]), {"code": "model = 1\n"}, "application/json"
        ).json()
    submission = Submission.objects.get(pk=body["id"])
    assert (body["number"], body["label"]) == (2, "Queued")
    assert body["created_label"] == submission.created_label and re.fullmatch(CREATED, body["created_label"])
    page = client.get(exercise.get_absolute_url()).content.decode()
    assert f'<time datetime="{body["created_at"]}">{escape(body["created_label"])}</time>' in page

    runtime = graded(alice, exercise, "runtime_error", 0.0)
    status = client.get(reverse("submissions:status", args=[runtime.pk])).json()
    assert (status["verdict"], status["label"]) == ("runtime_error", "Runtime error")
