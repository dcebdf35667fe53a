"""After an accepted answer, graded by a real worker: the exercise's explanation (for the learner's
variant), a sentence when the answer is written differently from the reference, and the learner's
model drawn beside the task's on every exercise; in the status JSON and on the exercise page."""

from django.urls import reverse

from support import THROUGH_A_WORKER, wait_for_verdict
from unroll.catalog.variants import learner_variant
from unroll.submissions.actions import submit_attempt

pytestmark = THROUGH_A_WORKER

FUNCTIONAL = (
    "from tensorflow.keras import Input, Model\nfrom tensorflow.keras.layers import SimpleRNN\n\n"
    "words = Input((3, 2))\nmodel = Model(words, SimpleRNN(4, return_sequences=True)(words))\n"
)
MISSING_RETURN_SEQUENCES = (
    "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import SimpleRNN\n"
    "model = Sequential()\nmodel.add(SimpleRNN(4, input_shape=(3, 2)))\n"
)
SOLVED_HIDDEN = 'id="solved" class="solved card" aria-labelledby="solved-title" aria-live="polite" hidden'


def status_of(client, submission) -> dict:
    return client.get(reverse("submissions:status", args=[submission.pk])).json()


def test_a_functional_answer_is_explained_said_equivalent_and_drawn_beside_the_task(
    client, alice, exercises, grading_worker
):
    exercise = exercises["multiple-output"]
    assert not exercise.show_figure  # the drawings after solving do not depend on `figure:`
    client.force_login(alice)
    before = client.get(exercise.get_absolute_url()).content.decode()
    assert SOLVED_HIDDEN in before and "<svg" not in before

    submission = wait_for_verdict(submit_attempt(alice, exercise, FUNCTIONAL))
    assert submission.verdict == "accepted"
    data = status_of(client, submission)
    solved = data["solved"]
    assert data["figures"] is None  # no "yours vs expected" of a wrong answer
    assert "<code>return_sequences=True</code>" in solved["explanation_html"]
    assert "for each word" in solved["explanation_html"]
    assert solved["equivalence"].startswith("Your model is written differently from the reference, and computes")
    assert "functional API" in solved["equivalence"]
    assert solved["figures"]["yours"]["svg"] and solved["figures"]["expected"]["svg"]
    assert solved["figures"]["yours"]["title"] == "Your model"
    assert solved["figures"]["expected"]["title"] == "The task's model"

    page = client.get(exercise.get_absolute_url()).content.decode()  # coming back to the solved exercise
    assert page.count("<svg") == 2 and "functional API" in page
    assert "<code>return_sequences=True</code>" in page


def test_the_reference_itself_gets_the_explanation_and_drawings_but_no_equivalence(
    client, alice, exercises, grading_worker
):
    exercise = exercises["multiple-output"]
    submission = wait_for_verdict(submit_attempt(alice, exercise, exercise.solution_code))
    assert submission.verdict == "accepted"
    client.force_login(alice)
    solved = status_of(client, submission)["solved"]
    assert solved["explanation_html"] and solved["equivalence"] is None
    assert solved["figures"]["yours"]["svg"] and solved["figures"]["expected"]["svg"]
    page = client.get(exercise.get_absolute_url()).content.decode()
    assert 'id="equivalence" class="equivalence" role="note" hidden' in page


def test_a_wrong_answer_gets_no_explanation(client, alice, exercises, grading_worker):
    submission = wait_for_verdict(submit_attempt(alice, exercises["multiple-output"], MISSING_RETURN_SEQUENCES))
    assert submission.verdict == "wrong_answer"
    client.force_login(alice)
    data = status_of(client, submission)
    assert data["solved"] is None and data["figures"]["difference"]
    page = client.get(exercises["multiple-output"].get_absolute_url()).content.decode()
    assert SOLVED_HIDDEN in page and '<article id="explanation" class="markdown explanation" hidden></article>' in page


def test_the_explanation_has_the_learners_own_numbers(client, alice, exercises, grading_worker):
    exercise = exercises["gru-encoder"]
    variant = learner_variant(alice, exercise)
    submission = wait_for_verdict(submit_attempt(alice, exercise, variant.render(exercise.solution_code)))
    assert submission.verdict == "accepted"
    client.force_login(alice)
    solved = status_of(client, submission)["solved"]
    units, steps, features = (variant.values[name] for name in ("units", "timesteps", "features"))
    assert f"<code>(1, {units})</code>" in solved["explanation_html"]
    assert f"input_shape=({steps}, {features})" in solved["explanation_html"]
    assert "{{" not in solved["explanation_html"] and solved["equivalence"] is None
