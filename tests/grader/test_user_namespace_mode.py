"""The sandbox as an unprivileged user builds (as in the Docker image, where the worker is not root):
it then lives in a user namespace whose capabilities are all dropped, and must hold just the same."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader_support import IN_CI

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
AS_NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "env", "HOME=/tmp"]
SCRIPT = f"""
import json, sys
sys.path[:0] = [{str(REPO)!r}, {str(REPO / "tests" / "grader")!r}]
from grader import grade
from grader.engine import WarmEngine
from grader.selftest import prove_isolation, prove_run_accounting
from grader_support import load_exercise
folder = load_exercise({str(REPO / "exercises" / "single-output")!r})
engine = WarmEngine(slots=2).start()
try:
    holes = prove_isolation(engine, [5432, 6379], [{str(REPO / "platform" / "unroll" / "settings.py")!r}, "/etc/shadow"])
    solution = grade(folder.spec.without_reference_checks(), folder.solution_code, runner=engine).verdict
    bomb = grade(folder.spec.without_reference_checks(), "import os\\nwhile True:\\n    os.fork()\\n", runner=engine).verdict
    accounting = engine.accounting.split(" (")[0]
    alone = prove_run_accounting(engine)
finally:
    engine.close()
print(json.dumps({{"holes": holes, "solution": solution, "bomb": bomb, "accounting": accounting, "alone": alone}}))
"""


def nobody_can_run_python() -> bool:
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return False
    return subprocess.run([*AS_NOBODY, sys.executable, "-c", "import tensorflow"], capture_output=True).returncode == 0


def test_an_unprivileged_worker_gets_the_same_sandbox_from_a_user_namespace():
    if not nobody_can_run_python():
        if IN_CI:
            pytest.fail("CI=true but this Python cannot be run as an unprivileged user (see .ci/run)")
        pytest.skip("needs root, setpriv, and a Python an unprivileged user can run")
    completed = subprocess.run(
        [*AS_NOBODY, sys.executable, "-c", SCRIPT],
        cwd="/tmp",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    # No control group for an unprivileged worker: its runs' own user namespaces count their
    # processes alone, which the start-up proof shows (a run holding every thread it may,
    # a correct run beside it, both the same host uid).
    assert result == {
        "holes": [],
        "solution": "accepted",
        "bomb": "runtime_error",
        "accounting": "user namespace per run",
        "alone": [],
    }
