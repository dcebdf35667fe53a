"""The grader's tests read the exercises without Django (tests/grader/grader_support.py, so that they
run alone); here, beside Django, that reading must agree with the site's loader on every exercise."""

import importlib
import sys
from pathlib import Path

import pytest

from unroll.catalog.folders import find_folders, load_folder

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "grader"))
grader_support = importlib.import_module("grader_support")


def test_the_grader_tests_find_the_exercises_the_site_finds():
    assert grader_support.exercise_folders() == find_folders(grader_support.EXERCISES)


@pytest.mark.parametrize("folder", find_folders(grader_support.EXERCISES), ids=lambda folder: folder.name)
def test_the_grader_tests_read_each_exercise_as_the_site_does(folder):
    site, tests = load_folder(folder), grader_support.load_exercise(folder)
    assert (tests.slug, tests.uuid, tests.solution_code) == (site.slug, site.uuid, site.solution_code)
    assert tests.template.as_dict() == site.template.as_dict()
    assert tests.spec == site.spec
    assert [(w.name, w.code, w.verdict, w.feedback) for w in tests.known_wrong] == [
        (w.name, w.code, w.verdict, w.feedback) for w in site.known_wrong
    ]
