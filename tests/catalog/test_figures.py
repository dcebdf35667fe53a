"""Pictures in the product: a wrong answer's feedback shows the learner's model beside the expected
one (from the reference of the learner's variant) with the first difference in words; an exercise
that turns it on shows the picture of its task beside the statement."""

import xml.etree.ElementTree as ET

from django.urls import reverse

from support import THROUGH_A_WORKER, wait_for_verdict, wait_until
from unroll.catalog.figures import feedback_figures
from unroll.catalog.models import Exercise, VariantSpec
from unroll.submissions.actions import submit_attempt

pytestmark = THROUGH_A_WORKER

MISSING_RETURN_SEQUENCES = (
    "from tensorflow.keras.models import Sequential\nfrom tensorflow.keras.layers import SimpleRNN\n"
    "model = Sequential()\nmodel.add(SimpleRNN(4, input_shape=(3, 2)))\n"
)
SVG = "{http://www.w3.org/2000/svg}"


def outputs_drawn(svg: str) -> list[str]:
    """The steps whose output leaves the (first) recurrent layer in a drawing."""
    root = ET.fromstring(svg)  # noqa: S314 - our own drawing, parsed to be checked
    stage = next(g for g in root.iter(f"{SVG}g") if g.get("data-layer") == "SimpleRNN")
    return sorted({node.get("data-step") for node in stage.iter() if "output" in (node.get("class") or "").split()})


def test_a_wrong_answer_shows_both_models_and_where_they_differ(client, alice, exercises, grading_worker):
    submission = wait_for_verdict(submit_attempt(alice, exercises["multiple-output"], MISSING_RETURN_SEQUENCES))
    assert submission.verdict == "wrong_answer"
    assert submission.model_layers[0]["class"] == "SimpleRNN"

    client.force_login(alice)
    data = client.get(reverse("submissions:status", args=[submission.pk])).json()
    figures = data["figures"]
    assert "last step" in figures["difference"]
    assert outputs_drawn(figures["yours"]["svg"]) == ["3"]  # only the last step leaves the layer
    assert outputs_drawn(figures["expected"]["svg"]) == ["1", "2", "3"]  # every step does
    assert 'class="stage diff' in figures["yours"]["svg"]

    page = client.get(reverse("submissions:detail", args=[submission.pk])).content.decode()
    assert page.count("<svg") == 2 and figures["difference"].split(";")[0] in page


def test_an_accepted_answer_has_no_comparison(alice, exercises, grading_worker):
    solution = exercises["multiple-output"].solution_code
    submission = wait_for_verdict(submit_attempt(alice, exercises["multiple-output"], solution))
    assert submission.verdict == "accepted" and feedback_figures(submission) is None


def test_the_picture_of_the_task_is_derived_by_a_worker_and_drawn_with_the_statement(
    client, alice, exercises, grading_worker
):
    exercise = exercises["lstm-sequence"]
    Exercise.objects.filter(pk=exercise.pk).update(show_figure=True)
    client.force_login(alice)
    page = client.get(exercise.get_absolute_url()).content.decode()
    assert 'id="task-figure"' in page and "data-figure-url" in page  # not derived yet: the page's script asks
    figure_url = reverse("catalog:exercise_figure", args=[exercise.slug])
    assert client.post(figure_url).json() == {"ready": False, "figure": None}  # asked of a worker

    answer = wait_until(
        lambda: (reply := client.get(figure_url).json())["ready"] and reply,
        60,
        "a worker to derive the variant",
        every=0.3,
    )
    variant = VariantSpec.objects.get(exercise=exercise)
    steps = variant.reference_layers[0]["input_shapes"][0][1]
    svg = ET.fromstring(answer["figure"]["svg"])  # noqa: S314 - our own drawing
    blocks = [g for g in svg.iter() if "block" in (g.get("class") or "").split()]
    assert {int(b.get("data-step")) for b in blocks} <= set(range(1, steps + 1)) and blocks

    page = client.get(exercise.get_absolute_url()).content.decode()
    assert "data-figure-url" not in page and "<svg" in page  # drawn at once from now on


BRANCHING = (
    "from tensorflow.keras import Input, Model\nfrom tensorflow.keras.layers import Add, SimpleRNN\n"
    "words = Input((3, 2))\n"
    "left = SimpleRNN(4, return_sequences=True)(words)\nright = SimpleRNN(4, return_sequences=True)(words)\n"
    "model = Model(words, Add()([left, right]))\n"
)


def test_a_model_that_cannot_be_drawn_gets_its_table_not_an_error(client, alice, exercises, grading_worker):
    submission = wait_for_verdict(submit_attempt(alice, exercises["multiple-output"], BRANCHING))
    assert submission.verdict == "wrong_answer"
    client.force_login(alice)
    yours = client.get(reverse("submissions:status", args=[submission.pk])).json()["figures"]["yours"]
    assert yours["svg"] is None and [row["layer"] for row in yours["table"]][-1].startswith("Add")
    page = client.get(reverse("submissions:detail", args=[submission.pk]))
    assert page.status_code == 200 and "drawing-table" in page.content.decode()
