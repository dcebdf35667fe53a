"""The reference solution of the learner's own variant, once they have earned it (Progress.has_earned_solution).

The rule is enforced here, on the server: the exercise page and the verdict JSON carry the solution only
to a learner who has earned it, so it is never in the page of one who has not.
"""

from unroll.catalog.images import image_urls
from unroll.catalog.models import Exercise
from unroll.catalog.variants import learner_variant
from unroll.content.rendering import render_markdown
from unroll.progress.models import Progress


def earned_solution(learner, exercise: Exercise) -> dict | None:
    """{"code", "reason", "message", "explanation_html"} when the learner has earned the reference solution, else None.

    After solving, the exercise's explanation is already shown with the accepted verdict, so it comes
    with the solution only when the solution was earned by attempts.
    """
    progress = Progress.objects.filter(learner=learner, exercise=exercise).select_related("exercise").first()
    if progress is None or not progress.has_earned_solution():
        return None
    variant = learner_variant(learner, exercise)
    solved = progress.first_solved_at is not None
    explanation = variant.render(exercise.explanation) if not solved and exercise.explanation.strip() else ""
    return {
        "code": variant.render(exercise.solution_code),
        "reason": "solved" if solved else "attempts",
        "message": reveal_message(solved, bool(variant.description)),
        "explanation_html": render_markdown(explanation, image_urls(exercise)) if explanation else "",
    }


def reveal_message(solved: bool, own_variant: bool) -> str:
    which = "the reference solution of your variant" if own_variant else "the reference solution"
    if solved:
        return f"You solved it: here is {which}, to compare with yours."
    return f"Here is {which}, with the point of the exercise. Read it, then write it again in your own words."


def reveal_rule(exercise: Exercise) -> str:
    """The rule in words, shown before the solution is earned."""
    attempts = exercise.reveal_solution_after
    count = "1 attempt" if attempts == 1 else f"{attempts} attempts"
    return f"The reference solution is shown once you solve the exercise, or after {count} that are not accepted."
