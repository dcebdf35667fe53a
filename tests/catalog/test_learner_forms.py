"""Learners spell the same computation many ways, and a different computation with the same shape:
each file under learner_forms/<exercise>/ is graded through `manage.py grade --json`, as a learner's
submission would be, and must get the verdict it declares and feedback holding the words it lists.

A file declares, in its first comment lines:
    # expect: accepted | wrong_answer | ...
    # feedback: words the feedback must contain      (any number of lines)
The words are looked for in the feedback list only, never in the checks' names.
"""

import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
FORMS = Path(__file__).parent / "learner_forms"
# Words of Keras's and TensorFlow's insides that no feedback may show a learner.
INTERNAL = re.compile(r"_v2\b|keras\.src|tensorflow\.python|NotEqual|\bAny\b|Traceback|__keras_tensor__")


def declared(path: Path) -> tuple[str, list[str]]:
    """(expected verdict, words its feedback must contain) from the file's header comments."""
    header = [line[1:].strip() for line in path.read_text().splitlines() if line.startswith("#")]
    verdicts = [line.removeprefix("expect:").strip() for line in header if line.startswith("expect:")]
    words = [line.removeprefix("feedback:").strip() for line in header if line.startswith("feedback:")]
    assert len(verdicts) == 1, f"{path} must declare one `# expect:` line"
    return verdicts[0], words


CASES = sorted(FORMS.glob("*/*.py"))


def grade_cli(slug: str, path: Path, tmp: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBUG": "true", "SECRET_KEY": "forms", "DATABASE_URL": f"sqlite:///{tmp / 'empty.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "manage.py", "grade", slug, str(path), "--json"]
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=240)


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict[Path, subprocess.CompletedProcess]:
    """Every form graded once, two at a time (the machine has two cores)."""
    tmp = tmp_path_factory.mktemp("forms")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {path: pool.submit(grade_cli, path.parent.name, path, tmp) for path in CASES}
    return {path: future.result() for path, future in futures.items()}


def test_the_corpus_covers_the_kinds_of_forms():
    verdicts = [declared(path)[0] for path in CASES]
    assert verdicts.count("accepted") >= 8 and verdicts.count("wrong_answer") >= 6


@pytest.mark.parametrize("path", CASES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_each_form_gets_its_verdict_and_feedback_in_the_guides_words(graded, path):
    completed = graded[path]
    assert completed.returncode == 0, completed.stderr  # whole: the cause is often far from the end
    result = json.loads(completed.stdout)
    verdict, words = declared(path)
    feedback = " ".join(result["feedback"])
    assert result["verdict"] == verdict, result["feedback"]
    for phrase in words:
        assert phrase in feedback
    assert not INTERNAL.search(feedback), feedback
