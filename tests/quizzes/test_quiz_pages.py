"""Learners' quiz pages: the list with their status, the quiz, the result of an attempt."""

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from quiz_support import RIGHT, publish, quiz_text

from unroll.quizzes.actions import submit_attempt
from unroll.quizzes.models import QuizAttempt


def form_data(answers: dict) -> dict:
    return {f"answer-{key}": value for key, value in answers.items()}


def post_answers(client, quiz, answers: dict):
    return client.post(quiz.get_absolute_url(), form_data(answers))


def row_of(page: str, slug: str) -> str:
    start = page.index(f'data-slug="{slug}"')
    return page[start : page.index("</tr>", start)]


def test_the_list_shows_each_quiz_with_the_learners_status(client, alice, quiz):
    other = publish(quiz_text(slug="other"))
    client.force_login(alice)
    submit_attempt(alice, quiz, {**RIGHT, "units": "1"})
    page = client.get(reverse("quizzes:quiz_list")).content.decode()
    assert "Attempted" in row_of(page, quiz.slug) and "75%" in row_of(page, quiz.slug)
    assert "2 of 3" in row_of(page, quiz.slug)
    assert "Not started" in row_of(page, other.slug) and "3 of 3" in row_of(page, other.slug)
    submit_attempt(alice, quiz, RIGHT)
    page = client.get(reverse("quizzes:quiz_list")).content.decode()
    assert "Solved" in row_of(page, quiz.slug) and "1 of 3" in row_of(page, quiz.slug)


def test_the_list_does_not_query_once_per_quiz(client, alice, db):
    for index in range(6):
        quiz = publish(quiz_text(slug=f"quiz-{index}"))
        submit_attempt(alice, quiz, RIGHT)
    client.force_login(alice)
    client.get(reverse("quizzes:quiz_list"))  # warm the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("quizzes:quiz_list")).status_code == 200
    assert len(queries) <= 5, [q["sql"] for q in queries]


def test_learners_see_published_quizzes_only_and_instructors_see_every_one(client, alice, charlie, quiz):
    hidden = publish(quiz_text(slug="hidden"), is_published=False)
    client.force_login(alice)
    assert 'data-slug="hidden"' not in client.get(reverse("quizzes:quiz_list")).content.decode()
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert post_answers(client, hidden, RIGHT).status_code == 404
    client.force_login(charlie)
    assert "unpublished" in row_of(client.get(reverse("quizzes:quiz_list")).content.decode(), "hidden")
    assert client.get(hidden.get_absolute_url()).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, quiz):
    assert client.get(reverse("quizzes:quiz_list"))["Location"].startswith(reverse("login"))
    assert client.get(quiz.get_absolute_url())["Location"].startswith(reverse("login"))


def test_the_quiz_page_shows_every_question_on_one_form(client, alice, quiz):
    client.force_login(alice)
    page = client.get(quiz.get_absolute_url()).content.decode()
    assert page.count('<fieldset class="question card') == 4
    assert 'type="radio" name="answer-units" value="0"' in page
    assert 'type="checkbox" name="answer-tasks" value="1"' in page
    assert 'name="answer-sequence-shape"' in page
    assert "<code>SimpleRNN(4)</code>" in page  # the prompt's Markdown, rendered
    assert "3 of 3 attempts left" in page


def test_submitting_shows_the_result_with_right_answers_and_explanations(client, alice, quiz):
    client.force_login(alice)
    response = post_answers(client, quiz, {**RIGHT, "sequence-shape": "3, 4", "steps": "7"})
    attempt = QuizAttempt.objects.get(learner=alice)
    assert response.status_code == 302 and response["Location"] == attempt.get_absolute_url()
    page = client.get(attempt.get_absolute_url()).content.decode()
    assert "3 of 4" in page and 'id="score">75%' in page
    wrong = page[page.index('id="result-sequence-shape"') :]
    assert "✗ Wrong" in wrong and "<code>(1, 3, 4)</code>" in wrong and "<code>(3, 4)</code>" in wrong
    assert "leaves out the first dimension, the batch" in wrong
    assert "One vector of 4 per step." in wrong
    right = page[page.index('id="result-steps"') : page.index('id="result-sequence-shape"')]
    assert "✓ Right" in right and "One per word." in right
    assert "2 attempts left" in page


def test_an_answer_that_cannot_be_read_is_refused_on_its_question_and_everything_typed_is_kept(client, alice, quiz):
    client.force_login(alice)
    response = post_answers(client, quiz, {**RIGHT, "sequence-shape": "(1, 3, 4", "tasks": ["1"]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Missing closing parenthesis: write (1, 3, 4)" in page
    assert 'id="error-sequence-shape"' in page and "no attempt was used" in page
    assert 'value="(1, 3, 4"' in page and 'value="7"' in page  # what was typed stays
    assert 'name="answer-units" value="0" checked' in page
    assert 'name="answer-tasks" value="1" checked' in page and 'name="answer-tasks" value="0" checked' not in page
    assert not QuizAttempt.objects.exists()
    assert "3 of 3 attempts left" in page


def test_after_the_last_attempt_the_quiz_says_so_and_refuses_more(client, alice, db):
    quiz = publish(quiz_text(attempts=1))
    client.force_login(alice)
    post_answers(client, quiz, RIGHT)
    page = client.get(quiz.get_absolute_url()).content.decode()
    assert 'id="quiz-closed"' in page and "used all 1 attempts" in page and 'id="quiz-form"' not in page
    response = post_answers(client, quiz, RIGHT)
    assert response.status_code == 409 and "You have used all 1 attempts" in response.content.decode()
    assert QuizAttempt.objects.count() == 1
    result = client.get(QuizAttempt.objects.get().get_absolute_url()).content.decode()
    assert "That was your last attempt" in result


def test_a_learner_sees_only_their_own_attempts(client, alice, bob, quiz):
    attempt = submit_attempt(alice, quiz, RIGHT)
    client.force_login(bob)
    assert client.get(attempt.get_absolute_url()).status_code == 404
    assert "None yet." in client.get(quiz.get_absolute_url()).content.decode()
    client.force_login(alice)
    page = client.get(quiz.get_absolute_url()).content.decode()
    assert f'href="{attempt.get_absolute_url()}"' in page


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>"])
def test_prompts_are_sanitized(client, alice, db, hostile):
    quiz = publish(quiz_text().replace("How many steps for 7 words?", f'"How many steps {hostile}?"'))
    client.force_login(alice)
    page = client.get(quiz.get_absolute_url()).content.decode()
    assert "How many steps" in page and "<script>alert" not in page and "onerror" not in page


SIX_CHOICES = """\
questions:
  - key: layer
    type: single
    prompt: Which layer unrolls over time steps?
    choices:
      - {text: SimpleRNN, correct: true}
      - {text: Dense}
      - {text: Flatten}
      - {text: Dropout}
      - {text: Embedding}
      - {text: Reshape}
    explanation: A recurrent layer.
  - key: fixed
    type: single
    shuffle: false
    prompt: Which is true?
    choices:
      - {text: A}
      - {text: B}
      - {text: C}
      - {text: All of the above, correct: true}
    explanation: All of them.
"""


def choice_order(client, learner, question: str) -> list[str]:
    client.force_login(learner)
    page = client.get(reverse("quizzes:quiz_detail", args=["order"])).content.decode()
    block = page[page.index(f'id="question-{question}"') :].split("</fieldset>")[0]
    return re.findall(r'name="answer-[\w-]+" value="(\d+)"', block)


def test_each_learner_sees_the_choices_in_their_own_stable_order(client, db):
    publish(quiz_text(slug="order", questions=SIX_CHOICES))
    learners = [User.objects.create_user(f"learner{i}", password="x-password-1") for i in range(6)]
    orders = [choice_order(client, learner, "layer") for learner in learners]
    assert all(sorted(order) == ["0", "1", "2", "3", "4", "5"] for order in orders)
    assert len({tuple(order) for order in orders}) > 1  # not one order for the whole class
    assert choice_order(client, learners[0], "layer") == orders[0]  # a reload does not reshuffle
    assert {tuple(choice_order(client, learner, "fixed")) for learner in learners} == {("0", "1", "2", "3")}

    client.force_login(learners[0])  # the value is still the written choice, whatever its place
    client.post(reverse("quizzes:quiz_detail", args=["order"]), {"answer-layer": "0", "answer-fixed": "3"})
    assert QuizAttempt.objects.get(learner=learners[0]).all_right


def test_shuffle_must_be_true_or_false(db):
    from unroll.quizzes.files import QuizInvalid, load_source

    with pytest.raises(QuizInvalid, match="shuffle: must be true or false"):
        load_source("bad", quiz_text(slug="bad", questions=SIX_CHOICES.replace("shuffle: false", "shuffle: maybe")))
