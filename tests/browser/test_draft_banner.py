"""In Chromium: the "Saved. The grader is running…" banner of a draft page turns into the proof's outcome once
a real grading worker has finished it, without reloading the page."""

import pytest
from browser.test_author_and_solve import log_in_as

from unroll.catalog.drafts import draft_for_exercise

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

RUNNING = "The grader is running"


def test_the_saved_banner_says_the_proofs_outcome_once_the_proof_is_done(
    live_server, grading_worker, client, charlie, exercises, page
):
    exercises["single-output"].authors.add(charlie)  # its author
    draft = draft_for_exercise(exercises["single-output"], charlie)
    url = f"{live_server.url}{draft.get_absolute_url()}"
    log_in_as(page, client, live_server, charlie)
    page.goto(url)
    assert page.locator("main > .flash").count() == 0

    page.click("#run-reference")
    page.wait_for_url(url)
    banner = page.locator("main > .flash")
    assert banner.count() == 1 and banner.inner_text().startswith("Saved.")
    page.wait_for_function("() => document.getElementById('proof-state').dataset.status === 'done'", timeout=120_000)

    state = page.locator("#proof-state").inner_text()
    assert state.startswith("Proven")
    page.wait_for_function("() => document.querySelector('main > .flash').dataset.job === 'done'", timeout=5_000)
    assert banner.inner_text() == f"Saved. {state}"
    assert RUNNING not in banner.inner_text()


PREDICT_QUIZ = """\
uuid: "5d0c7a51-9a1e-4c5b-8f61-0d3b9e2a7c44"
slug: banner-quiz
title: Banner quiz
topic: shapes
order: 9
attempts_allowed: 2
penalty: [1.0]
questions:
  - key: seq
    type: predict
    prompt: "`x` has shape `(1, {{ steps }}, 2)`. What shape does `model(x)` have?"
    parameters:
      steps: {choices: [3, 5], default: 3}
    input_shape: [1, "{{ steps }}", 2]
    snippet: |
      from tensorflow.keras.models import Sequential
      from tensorflow.keras.layers import SimpleRNN

      model = Sequential()
      model.add(SimpleRNN(4, input_shape=({{ steps }}, 2), return_sequences=True))
    explanation: "One vector of 4 per step."
"""


def test_the_saved_banner_of_a_quiz_says_its_answers_are_computed_once_they_are(
    live_server, grading_worker, client, charlie, page
):
    base = live_server.url
    log_in_as(page, client, live_server, charlie)
    page.goto(f"{base}/quizzes/manage/new/")
    page.wait_for_function("() => window.unrollQuizEditor")
    page.evaluate("text => window.unrollQuizEditor.setValue(text, -1)", PREDICT_QUIZ)

    page.click("#save-quiz")
    page.wait_for_url(f"{base}/quizzes/manage/drafts/*/")
    banner = page.locator("main > .flash")
    assert banner.count() == 1 and banner.inner_text().startswith("Saved.")
    page.wait_for_function("() => document.querySelector('main > .flash').dataset.job === 'done'", timeout=120_000)

    state = page.locator("#computation-state").inner_text()
    assert state == "Every answer is computed. Ready to publish."
    assert banner.inner_text() == f"Saved. {state}"
    assert "computing" not in banner.inner_text()
