"""The quick start (SQLite, the embedded broker, runserver and one worker, as `make run` starts them)
takes a class's concurrent submits without a 500: 10 learners submit 20 answers at once, every one
is accepted for grading with a JSON answer, and every one is graded while the others keep writing.
"""

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from support import REPO, free_port, wait_until

pytestmark = pytest.mark.slow

LEARNERS = 10
SUBMITS_PER_LEARNER = 2
SOLUTION = (REPO / "exercises" / "multiple-output" / "solution.py").read_text()
CREATE_LEARNERS = (
    "from django.contrib.auth.models import User\n"
    f"for i in range({LEARNERS}): User.objects.create_user(f'learner{{i}}', password='learner-password-1')\n"
)


def quick_start_environment(var: Path) -> dict[str, str]:
    """scripts/run.sh's environment: no database or broker URL, so SQLite and the filesystem transport."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "CELERY_", "GRADING_", "DJANGO_"))}
    return {**env, "DEBUG": "true", "UNROLL_VAR_DIR": str(var), "PYTHONPATH": f"{REPO}:{REPO / 'platform'}"}


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def quick_start(tmp_path_factory):
    var = tmp_path_factory.mktemp("quick-start-var")
    for folder in ("queue", "processed", "control"):
        (var / folder).mkdir()
    env = quick_start_environment(var)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "sync_exercises")
    manage(env, "shell", "-c", CREATE_LEARNERS)
    port, log = free_port(), (var / "processes.log").open("w")
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "unroll", "worker", "--pool=solo", "-n", "quickstart@%h"],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        ),
    ]
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: answers(f"{base}/accounts/login/"), 120, "runserver to answer")
        yield base, var / "processes.log"
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        log.close()


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=5).status_code == 200
    except requests.ConnectionError:
        return False


def logged_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=30)
    form = {"username": username, "password": "learner-password-1", "csrfmiddlewaretoken": session.cookies["csrftoken"]}
    response = session.post(f"{base}/accounts/login/", data=form, headers={"Referer": base}, timeout=30)
    assert "sessionid" in session.cookies, response.text[-500:]
    return session


def submit(base: str, session: requests.Session) -> requests.Response:
    return session.post(
        f"{base}/exercises/multiple-output/submit/",
        json={"code": SOLUTION},
        headers={"X-CSRFToken": session.cookies["csrftoken"], "Referer": base},
        timeout=60,
    )


def test_twenty_concurrent_submits_from_ten_learners_are_all_taken_and_graded(quick_start):
    base, log = quick_start
    sessions = [logged_in(base, f"learner{i}") for i in range(LEARNERS)]
    with ThreadPoolExecutor(max_workers=LEARNERS * SUBMITS_PER_LEARNER) as pool:
        responses = list(pool.map(lambda session: submit(base, session), sessions * SUBMITS_PER_LEARNER))
    refused = [(r.status_code, r.text[:300]) for r in responses if r.status_code != 202]
    assert refused == [], refused
    ids = {
        (session, response.json()["id"])
        for session, response in zip(sessions * SUBMITS_PER_LEARNER, responses, strict=True)
    }
    assert len(ids) == LEARNERS * SUBMITS_PER_LEARNER

    def verdicts() -> list[str] | None:
        found = [session.get(f"{base}/submissions/{pk}.json", timeout=30).json().get("verdict") for session, pk in ids]
        return found if all(found) else None

    graded = wait_until(
        verdicts, 600, "every submission to be graded", every=1, details=lambda: log.read_text()[-3000:]
    )
    assert graded == ["accepted"] * len(ids)
