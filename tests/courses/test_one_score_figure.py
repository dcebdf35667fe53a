"""A score reads the same wherever it is shown: 1/8 is 13% on the quiz's pages, the quiz list, the learner's
course page, the gradebook, its CSV, the drill-down, the exercise list and the class progress table.

The rule (unroll.content.scores): a whole percent, halves rounded up. Before it, 1/8 was 12% on the quiz page
(round half to even), 0.13 in the gradebook (floatformat) and 0.12 in the CSV ("%.2f").
"""

import csv
import html
import io
import re

import pytest
from course_factories import make_course
from django.urls import reverse

from support import graded, published_quiz
from unroll.content.scores import percent, score_text
from unroll.content.templatetags.scores import percent as percent_filter
from unroll.quizzes.actions import submit_attempt

EIGHT_QUESTIONS = "\n".join(
    f"""\
  - key: q{n}
    type: numeric
    prompt: How many steps for {n} words?
    answer: {n}
    explanation: One step per word."""
    for n in range(1, 9)
)
QUIZ = f"""\
uuid: "0b4d6c2e-5f7a-4d8e-9c1b-2a3e4f5a6b7c"
slug: eight-questions
title: Eight questions
topic: shapes
order: 1
attempts_allowed: 3
penalty: [1.0]
questions:
{EIGHT_QUESTIONS}
"""
ONE_EIGHTH = "13%"


@pytest.mark.parametrize(
    ("fraction", "shown"),
    [
        (1 / 8, "13%"),
        (0.125, "13%"),
        (3 / 8, "38%"),
        (0.005, "1%"),
        (1 / 3, "33%"),
        (2 / 3, "67%"),
        (0.0, "0%"),
        (1, "100%"),
    ],
)
def test_a_score_is_a_whole_percent_with_halves_rounded_up(fraction, shown):
    assert score_text(fraction) == percent_filter(fraction) == shown
    assert percent(fraction) == int(shown.rstrip("%"))


def test_no_score_reads_as_a_dash():
    assert score_text(None) == percent_filter(None) == percent_filter("") == "–"


@pytest.fixture
def one_right_of_eight(charlie, alice, exercises):
    """alice answers 1 of the 8 questions right (0.125), and scores 0.125 on an exercise; both in charlie's course."""
    quiz = published_quiz(QUIZ)
    course = make_course(charlie, "Scores", items=[exercises["single-output"], quiz], learners=[alice])
    attempt = submit_attempt(alice, quiz, {"q1": "1", **{f"q{n}": "0" for n in range(2, 9)}})
    assert attempt.score == 0.125
    graded(alice, exercises["single-output"], "wrong_answer", 0.125)
    return course, quiz, attempt


def text_of(response) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_one_eighth_is_13_percent_on_every_page_of_the_learner(client, alice, one_right_of_eight):
    course, quiz, attempt = one_right_of_eight
    client.force_login(alice)

    result = client.get(reverse("quizzes:attempt_result", args=[quiz.slug, attempt.number])).content.decode()
    assert f'id="score">{ONE_EIGHTH}</strong>' in result
    assert f"Best score: {ONE_EIGHTH}." in text_of(client.get(reverse("quizzes:attempt_result", args=[quiz.slug, 1])))
    assert f"Best score so far: {ONE_EIGHTH}." in text_of(client.get(reverse("quizzes:quiz_detail", args=[quiz.slug])))
    quiz_list = client.get(reverse("quizzes:quiz_list")).content.decode()
    assert re.search(rf'<tr data-slug="{quiz.slug}">.*?<td>{ONE_EIGHTH}</td>', quiz_list, re.S)
    exercise_list = client.get(reverse("catalog:exercise_list")).content.decode()
    assert re.search(rf'<tr data-slug="single-output">.*?<td>{ONE_EIGHTH}</td>', exercise_list, re.S)
    dashboard = client.get(reverse("courses:dashboard", args=[course.pk])).content.decode()
    for item in course.items.all():
        row = re.search(rf'<tr data-item="{item.pk}">(.*?)</tr>', dashboard, re.S).group(1)
        assert f"<td>{ONE_EIGHTH}</td>" in row


def test_one_eighth_is_13_percent_in_the_gradebook_its_csv_the_drill_down_and_class_progress(
    client, charlie, alice, exercises, one_right_of_eight
):
    course, quiz, attempt = one_right_of_eight
    client.force_login(charlie)

    gradebook = client.get(reverse("courses:gradebook", args=[course.pk])).content.decode()
    assert re.findall(r'<span class="score">(.*?)</span>', gradebook) == [ONE_EIGHTH, ONE_EIGHTH]
    assert re.search(r'<td class="total">(.*?)</td>', gradebook).group(1) == ONE_EIGHTH

    rows = list(
        csv.reader(io.StringIO(client.get(reverse("courses:gradebook_csv", args=[course.pk])).content.decode()))
    )
    header, alice_row = rows[0], rows[1]
    scores = [value for column, value in zip(header, alice_row, strict=True) if column.endswith(": score")]
    assert scores == [ONE_EIGHTH, ONE_EIGHTH] and alice_row[-1] == ONE_EIGHTH

    drill_down = client.get(reverse("courses:learner", args=[course.pk, alice.pk])).content.decode()
    assert re.findall(r'<td class="score">(.*?)</td>', drill_down) == [ONE_EIGHTH, ONE_EIGHTH]
    assert f"1 / 8 right · {ONE_EIGHTH}" in html.unescape(drill_down)
    assert re.search(r'<strong id="learner-total">(.*?)</strong>', drill_down).group(1) == ONE_EIGHTH

    review = client.get(reverse("quizzes:attempt_review", args=[attempt.pk])).content.decode()
    assert f'id="score">{ONE_EIGHTH}</strong>' in review

    progress = text_of(client.get(reverse("progress:class_progress")))
    assert f"Attempted · 1 attempt · {ONE_EIGHTH}" in progress


def test_a_submissions_score_reads_the_same_on_its_page_and_in_the_pages_script(client, alice, exercises):
    submission = graded(alice, exercises["single-output"], "wrong_answer", 0.125)
    client.force_login(alice)
    assert "score 13%" in client.get(submission.get_absolute_url()).content.decode()
    assert client.get(reverse("submissions:status", args=[submission.pk])).json()["score_text"] == "13%"
