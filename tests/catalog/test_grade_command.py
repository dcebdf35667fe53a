"""`manage.py grade SLUG FILE --json`, the grader's command-line contract, proven on the guide's five
exercises: each reference solution is accepted; each starter and known wrong answer is rejected with
its message. (Every other folder gets the same proof, through the engine, in test_every_exercise_is_proven.)
"""

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from grader import VERDICTS
from unroll.catalog.folders import find_folders, load_folder

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
GUIDE = ("single-output", "multiple-output", "time-distributed", "stacked-rnn", "sentiment-head")
FOLDERS = [load_folder(path) for path in find_folders(REPO / "exercises") if path.name in GUIDE]
CONTRACT_KEYS = {"verdict", "score", "checks", "feedback", "output_shape", "usage"}


def cases() -> list[tuple[str, str, Path]]:
    """(slug, role, file) for every solution, starter and known wrong answer in the repository."""
    found = []
    for folder in FOLDERS:
        found.append((folder.slug, "solution", folder.path / "solution.py"))
        found.append((folder.slug, "starter", folder.path / "starter.py"))
        found += [(folder.slug, f"wrong:{w.name}", folder.path / "wrong" / f"{w.name}.py") for w in folder.known_wrong]
    return found


def run_cli(slug: str, path: Path, tmp: Path) -> subprocess.CompletedProcess:
    # An empty database, as on a fresh clone: the command reads the exercise from its folder.
    env = {
        **os.environ,
        "DEBUG": "true",
        "SECRET_KEY": "cli-test",
        "DATABASE_URL": f"sqlite:///{tmp / 'empty.sqlite3'}",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", "grade", slug, str(path), "--json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Every case graded once through the command, two at a time (the machine has two cores)."""
    tmp = tmp_path_factory.mktemp("cli")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {(slug, role): pool.submit(run_cli, slug, path, tmp) for slug, role, path in cases()}
    return {key: future.result() for key, future in futures.items()}


def parsed(outputs, slug: str, role: str) -> dict:
    completed = outputs[(slug, role)]
    assert completed.returncode == 0, completed.stderr[-2000:]
    lines = completed.stdout.strip().splitlines()
    assert len(lines) == 1, f"stdout must be ONE JSON object, got: {completed.stdout[:500]}"
    result = json.loads(lines[0])
    assert CONTRACT_KEYS <= set(result)
    assert result["verdict"] in VERDICTS
    assert 0.0 <= result["score"] <= 1.0
    assert set(result["usage"]) >= {"cpu_ms", "wall_ms", "max_rss_kb"}
    assert all(set(check) >= {"name", "passed", "message"} for check in result["checks"])
    return result


def test_every_exercise_of_the_guide_is_in_the_repository():
    assert {f.slug for f in FOLDERS} >= {
        "single-output",
        "multiple-output",
        "time-distributed",
        "stacked-rnn",
        "sentiment-head",
    }
    assert all(len(f.known_wrong) >= 2 for f in FOLDERS)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.slug)
def test_the_reference_solution_is_accepted(outputs, folder):
    result = parsed(outputs, folder.slug, "solution")
    assert result["verdict"] == "accepted", result["feedback"]
    assert result["score"] == 1.0
    assert all(check["passed"] for check in result["checks"])
    assert result["feedback"] == []


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.slug)
def test_the_starter_code_is_rejected_with_feedback(outputs, folder):
    result = parsed(outputs, folder.slug, "starter")
    assert result["verdict"] != "accepted"
    assert result["feedback"]


@pytest.mark.parametrize(
    ("folder", "wrong"),
    [(f, w) for f in FOLDERS for w in f.known_wrong],
    ids=[f"{f.slug}:{w.name}" for f in FOLDERS for w in f.known_wrong],
)
def test_each_known_wrong_answer_gets_its_verdict_and_message(outputs, folder, wrong):
    result = parsed(outputs, folder.slug, f"wrong:{wrong.name}")
    assert result["verdict"] == wrong.verdict, result["feedback"]
    assert wrong.feedback in result["feedback"][0]
    assert "site-packages" not in json.dumps(result)  # no internal paths reach the learner


def test_an_unknown_slug_or_missing_file_is_refused_with_a_message(tmp_path):
    unknown = run_cli("no-such-exercise", REPO / "exercises" / "single-output" / "solution.py", tmp_path)
    assert unknown.returncode != 0 and "no exercise with slug 'no-such-exercise'" in unknown.stderr
    missing = run_cli("single-output", tmp_path / "absent.py", tmp_path)
    assert missing.returncode != 0 and "cannot read" in missing.stderr
