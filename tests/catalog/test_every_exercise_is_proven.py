"""Every exercise folder in the repository is proven through the real sandbox, with the same proof
`sync_exercises` requires before publishing: reference accepted, starter and known wrong answers
rejected with their declared verdict and feedback."""

import pytest
from django.conf import settings

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
