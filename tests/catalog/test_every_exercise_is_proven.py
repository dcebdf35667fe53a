"""Every exercise folder in the repository is proven through the real sandbox, with the same proof
`sync_exercises` requires before publishing: reference accepted, starter and known wrong answers
rejected with their declared verdict and feedback."""

import pytest
from django.conf import settings

from grader import grade, render_text, variant_spec
from grader.engine import WarmEngine
from unroll.catalog.folders import find_folders, load_folder
from unroll.catalog.sync import proof_errors

pytestmark = pytest.mark.slow

FOLDERS = [load_folder(path) for path in find_folders(settings.EXERCISES_DIR)]


@pytest.fixture(scope="module")
def engine():
    warm = WarmEngine(slots=2).start()
    yield warm
    warm.close()


def test_the_repository_has_the_guide_and_a_second_pack():
    assert len(FOLDERS) >= 15
    assert all(len(folder.known_wrong) >= 2 for folder in FOLDERS)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.slug)
def test_the_exercise_passes_its_own_proof(engine, folder):
    assert [str(error) for error in proof_errors(folder, engine)] == []


SHAPE_CHECKS = ("output_shape", "outputs")


def has_the_right_shapes(spec, result) -> bool:
    """Every check of the exercise about the output's shapes passed (one result per declared check, in order)."""
    return all(outcome["passed"] for check, outcome in zip(spec.checks, result.checks) if check["kind"] in SHAPE_CHECKS)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.slug)
def test_a_wrong_answer_with_the_right_shape_is_rejected(engine, folder):
    """Each exercise pins what it teaches, not only the output's shape: among its known wrong answers is
    one whose output has exactly the reference's shapes, yet computes something else, and is rejected."""
    defaults = folder.template.defaults
    spec = variant_spec(folder.template, defaults, folder.solution_code, engine)
    same_shape = [
        wrong.name
        for wrong in folder.known_wrong
        if wrong.verdict == "wrong_answer"
        and has_the_right_shapes(spec, result := grade(spec, render_text(wrong.code, defaults), runner=engine))
        and result.verdict == "wrong_answer"
    ]
    assert same_shape, f"{folder.slug}: no known wrong answer has the reference's shape and another computation"
