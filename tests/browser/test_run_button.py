"""In Chromium: a learner types code that prints its output shape, clicks Run, and sees the print,
model.summary(), each layer's shape and the drawing of their model, without a page reload; the run is no
attempt: their history and their progress are as they were, on reload too."""

from pathlib import Path

import pytest
from browser.test_feedback_drawings import open_as
from browser.test_solve_multiple_output import type_into_editor

from unroll.progress.models import Progress
from unroll.submissions.models import Run, Submission

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PRINTS_ITS_SHAPE = [
    "import numpy as np",
    "from tensorflow.keras.models import Sequential",
    "from tensorflow.keras.layers import SimpleRNN",
    "model = Sequential()",
    "model.add(SimpleRNN(4, input_shape=(3, 2), return_sequences=True))",
    "print('output shape:', model.predict(np.zeros((1, 3, 2)), verbose=0).shape)",
]


def history_items(page) -> int:
    return page.locator("#history .history-item").count()


def test_run_shows_the_print_the_summary_the_shapes_and_the_drawing_and_counts_no_attempt(
    live_server, grading_worker, exercises, client, alice, chromium
):
    context, page = open_as(chromium, client, live_server, alice, {"width": 1280, "height": 1000})
    page.goto(f"{live_server.url}/exercises/single-output/")
    assert history_items(page) == 0
    assert page.locator("#run-output").is_hidden()
    type_into_editor(page, PRINTS_ITS_SHAPE)

    run = page.get_by_role("button", name="Run", exact=True)
    run.click()
    page.wait_for_selector("#run-output[data-state=ok]", timeout=120_000)

    assert "output shape: (1, 3, 4)" in page.locator("#run-stdout").inner_text()
    summary = page.locator("#run-summary").inner_text()
    assert "simple_rnn (SimpleRNN)" in summary and "Total params: 28" in summary
    rows = page.locator("#run-shapes tr")
    assert rows.count() == 1
    assert [cell.strip() for cell in rows.first.locator("td").all_inner_texts()] == [
        "simple_rnn",
        "SimpleRNN",
        "(1, 3, 4)",
    ]
    assert page.locator("#run-drawing figure svg").is_visible()
    assert page.locator("#run-error").is_hidden()
    assert "not an attempt" in page.locator("#run-state").inner_text()
    assert run.is_enabled()
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#run-output").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "run-button.png"), full_page=True)

    # No attempt: nothing in the history, no submission, no progress; the run is a run.
    assert history_items(page) == 0
    assert Run.objects.filter(learner=alice).count() == 1
    assert not Submission.objects.filter(learner=alice).exists()
    assert not Progress.objects.filter(learner=alice).exists()
    page.reload()
    assert history_items(page) == 0 and "None yet." in page.locator("#history").inner_text()
    context.close()


def test_a_run_that_fails_says_why_and_keeps_what_was_printed(
    live_server, grading_worker, exercises, client, alice, chromium
):
    context, page = open_as(chromium, client, live_server, alice, {"width": 1280, "height": 1000})
    page.goto(f"{live_server.url}/exercises/single-output/")
    type_into_editor(page, ["print('before the mistake')", "model = SimpleRNN(4)"])
    page.click("#run")
    page.wait_for_selector("#run-output[data-state=error]", timeout=120_000)
    assert "before the mistake" in page.locator("#run-stdout").inner_text()
    assert "import" in page.locator("#run-error").inner_text()
    assert page.locator("#run-shapes-section").is_hidden() and page.locator("#run-drawing-section").is_hidden()
    assert history_items(page) == 0
    context.close()
