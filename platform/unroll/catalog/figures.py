"""Pictures that teach: the task's model beside the statement, in the feedback of a wrong
answer the learner's model beside the expected one, their first difference highlighted, and
after an accepted answer the learner's model beside the task's, on every exercise.

Everything is drawn in the web process from plain data the graders stored (layer facts), never
by running code here: the reference model of a variant is derived by a worker (VariantSpec).
"""

import logging

from grader.drawing import Drawing, compare, draw_model
from unroll.catalog.models import Exercise
from unroll.content.grading import cached_variant

logger = logging.getLogger(__name__)
YOURS = "Your model"
EXPECTED = "The task's model"  # the words grader.drawing.compare writes in the drawing


def reference_layers(exercise: Exercise, seed: int, version=None) -> list[dict] | None:
    """The reference model of a variant, as a worker derived it for that content; None until then."""
    derived = cached_variant(exercise, seed, version)
    return derived.reference_layers if derived and derived.reference_layers else None


def input_shape_of(layers: list[dict], fallback: list[int]) -> list[int]:
    """The batch the model was described with: its first layer's input."""
    first = layers[0] if layers else {}
    shapes = first.get("input_shapes") or []
    return list(shapes[0]) if shapes and isinstance(shapes[0], list) else list(fallback)


def task_figure(exercise: Exercise, seed: int) -> Drawing | None:
    """The picture of the task for the statement, when the exercise shows one and it is derived."""
    layers = reference_layers(exercise, seed)
    if layers is None:
        return None
    shape = input_shape_of(layers, exercise.spec.get("input_shape", []))
    return draw_model(layers, shape, label="The task", caption="The model to build, unrolled over its time steps.")


def request_task_figure(exercise: Exercise, seed: int) -> None:
    """Ask a worker to derive the variant (its spec and reference model) so the picture can be drawn.

    The picture is a help, not the page: if the broker cannot take the request at once, the
    page is served without it (and asks again next time) rather than waiting on retries.
    """
    from unroll.catalog.tasks import derive_variant_task

    try:
        derive_variant_task.apply_async((exercise.pk, seed), retry=False)
    except Exception:  # noqa: BLE001 - any broker failure: log it, never fail the exercise page
        logger.warning("could not ask for the picture of %s (variant %s)", exercise.slug, seed, exc_info=True)


def feedback_figures(submission) -> dict | None:
    """The learner's model and the expected one, side by side, for a graded answer that is not accepted."""
    if submission.verdict in ("", "accepted") or not submission.model_layers:
        return None
    expected = reference_layers(submission.exercise, submission.variant_seed, submission.exercise_version)
    if expected is None:
        return None
    shape = input_shape_of(expected, submission.exercise.spec.get("input_shape", []))
    yours, wanted, difference = compare(submission.model_layers, expected, shape)
    return {
        "yours": drawing_json(yours, YOURS),
        "expected": drawing_json(wanted, EXPECTED),
        "difference": difference.message if difference else None,
    }


def solved_figures(submission, expected: list[dict] | None) -> dict | None:
    """The learner's accepted model and the task's, side by side, nothing outlined: whatever the
    exercise's `figure:`, the picture gives nothing away once the learner has solved it."""
    if submission.verdict != "accepted" or not submission.model_layers or not expected:
        return None
    shape = input_shape_of(expected, submission.exercise.spec.get("input_shape", []))
    return {
        "yours": drawing_json(draw_model(submission.model_layers, shape, label=YOURS), YOURS),
        "expected": drawing_json(draw_model(expected, shape, label=EXPECTED), EXPECTED),
    }


def drawing_json(drawing: Drawing, title: str) -> dict:
    return {"title": title, "svg": drawing.svg, "text": drawing.text, "table": drawing.table}
