"""What an accepted answer adds to its verdict: the exercise's point (its folder's explanation.md,
rendered for the learner's variant), how the answer is written differently from the reference, if
it is, and the learner's model drawn beside the task's.

Read by the submission status JSON (the page's script shows it when the verdict arrives) and by
the exercise page of an exercise the learner has solved. Everything comes from what the graders
stored: the submission's layer facts and the variant's reference layers; nothing is run here.
"""

from grader import render_text
from unroll.catalog.equivalence import equivalence_sentence
from unroll.catalog.figures import input_shape_of, reference_layers, solved_figures
from unroll.catalog.images import image_urls
from unroll.content.rendering import render_markdown


def explanation_html(submission) -> str:
    """The explanation as the learner's version had it (or as the exercise has it now, if that version had
    none), its placeholders filled in with the learner's numbers; "" when the exercise has none."""
    exercise, version = submission.exercise, submission.exercise_version
    source = version if version is not None and version.explanation.strip() else exercise
    if not source.explanation.strip():
        return ""
    values = source.template().values(str(exercise.uuid), submission.variant_seed)
    return render_markdown(render_text(source.explanation, values), image_urls(exercise))


def after_solving(submission) -> dict | None:
    """{"explanation_html", "equivalence", "figures"} for an accepted submission; None for any other."""
    if submission.verdict != "accepted":
        return None
    exercise, version = submission.exercise, submission.exercise_version
    expected = reference_layers(exercise, submission.variant_seed, version)
    content = version or exercise
    reference_code = render_text(
        content.solution_code, content.template().values(str(exercise.uuid), submission.variant_seed)
    )
    equivalence = None
    if expected is not None:
        shape = input_shape_of(expected, exercise.spec.get("input_shape", []))
        equivalence = equivalence_sentence(submission.model_layers, expected, submission.code, reference_code, shape)
    return {
        "explanation_html": explanation_html(submission),
        "equivalence": equivalence,
        "figures": solved_figures(submission, expected),
    }
