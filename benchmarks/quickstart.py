"""How long a learner waits for a verdict in the quick start (`make run`): Submit→verdict p50 and p95.

Runs `scripts/run.sh` itself in a temporary UNROLL_VAR_DIR on a free port (SQLite, the embedded
filesystem broker, the one `--pool=solo` worker, runserver), logs in as the demo learner over
HTTP, and submits the reference answer of an exercise 20 times through the site's JSON API as the
exercise page's script does: POST, then poll the status JSON on the page's schedule
(benchmarks/load.py), at the interval the page is given (`data-poll-ms`). Between submissions the
learner pauses a random second or two, as one reading a verdict would, so the submissions do not
fall into step with the worker's polling. Before submitting, it measures the worker's CPU while
idle, the price of its polling. For comparison, the same with a Redis broker (a scratch
`redis-server` on a free port, started and stopped here) unless --filesystem-only.

    .venv/bin/python benchmarks/quickstart.py [--submissions 20] [--filesystem-only]
"""

import argparse
import os
import random
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import requests

sys.path[:0] = [str(Path(__file__).resolve().parent)]

from cluster import REPO, Host, Redis, cpu_seconds, free_port, process_tree, temporary_folder, wait_until  # noqa: E402
from load import Answer, Burst, Learner, Sent  # noqa: E402

SLUG = "single-output"
LEARNER = ("learner", "learner-demo-pass")  # printed by `make run` (manage.py create_demo_users)
IDLE_SECONDS = 30  # the worker's CPU is read over this long with nothing to grade
THINK_SECONDS = (1.0, 2.5)  # a learner's pause between a verdict and the next Submit


@dataclass
class Figures:
    broker: str
    latencies: list[float]
    idle_cpu_percent: float
    phases: dict[str, float]  # the median of each part of the wait (see `phases`)

    def percentile(self, p: int) -> float:
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1]


class QuickStart:
    """`scripts/run.sh` in a throwaway folder: the site and its worker, as `make run` starts them."""

    def __init__(self, folder: Path, broker_url: str | None):
        self.folder, self.port = folder, free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        environment = {**os.environ, "PORT": str(self.port), "UNROLL_VAR_DIR": str(folder)}
        environment.pop("CELERY_BROKER_URL", None)
        if broker_url:
            environment["CELERY_BROKER_URL"] = broker_url
        self.output = (folder / "run.out").open("w")
        self.process = subprocess.Popen(
            [str(REPO / "scripts" / "run.sh")],
            cwd=REPO,
            env=environment,
            stdout=self.output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole, like Ctrl+C
        )

    def wait_until_ready(self) -> None:
        wait_until(self.site_answers, 600, "the quick start's site did not answer", interval=0.5)
        wait_until(self.worker_ready, 300, "the quick start's worker did not get ready", interval=0.5)

    def site_answers(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"scripts/run.sh ended ({self.process.returncode}); see {self.folder / 'run.out'}")
        try:
            return requests.get(self.base_url + "/accounts/login/", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def worker_ready(self) -> bool:
        log = self.folder / "worker.log"
        return log.exists() and " ready." in log.read_text(errors="replace")

    def worker_pid(self) -> int:
        for pid in process_tree(self.process.pid):
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if any(part.endswith(b"/celery") for part in command):
                return pid
        raise RuntimeError("no Celery worker under scripts/run.sh")

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.output.close()


def idle_cpu_percent(pid: int, seconds: float) -> float:
    """CPU used by the worker and its warm grading process while nothing is queued, as % of one core."""
    before, started = cpu_seconds(process_tree(pid)), time.monotonic()
    time.sleep(seconds)
    return 100 * (cpu_seconds(process_tree(pid)) - before) / (time.monotonic() - started)


def logged_in_learner(base_url: str) -> tuple[Learner, float]:
    """The demo learner logged in through the login form, and the exercise page's poll interval (s)."""
    http = requests.Session()
    login_url = base_url + "/accounts/login/"
    http.get(login_url, timeout=10)
    username, password = LEARNER
    answer = http.post(
        login_url,
        data={"username": username, "password": password, "csrfmiddlewaretoken": http.cookies["csrftoken"]},
        timeout=10,
    )
    if "sessionid" not in http.cookies:
        raise RuntimeError(f"the demo learner could not log in ({answer.status_code} at {answer.url})")
    page = http.get(f"{base_url}/exercises/{SLUG}/", timeout=10)
    poll_ms = re.search(r'data-poll-ms="(\d+)"', page.text)
    if not poll_ms:
        raise RuntimeError(f"the exercise page ({page.status_code} at {page.url}) gives no data-poll-ms")
    poll_seconds = int(poll_ms.group(1)) / 1000
    learner = Learner(base_url, http.cookies["sessionid"], Burst(), deadline=time.monotonic() + 3600, poll=poll_seconds)
    learner.sign_in()
    return learner, poll_seconds


def submit_and_time(learner: Learner, answer: Answer) -> tuple[int, float]:
    """The submission's id and its Submit→verdict in seconds."""
    sent = Sent(answer, submitted_at=time.monotonic())
    learner.submit_and_wait(sent)
    if sent.verdict != answer.expected:
        raise RuntimeError(f"submission {sent.submission_id}: {sent.verdict or sent.refusal}, not {answer.expected}")
    return sent.submission_id, sent.verdict_at - sent.submitted_at


def phases(database: Path, timed: dict[int, float]) -> dict[str, float]:
    """Where the wait went, from the rows' own times (median of each): committed until a worker
    claimed it (the broker), claimed until its verdict was stored (grading), and the rest (the
    request and the page's polling)."""
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT id, created_at, started_at, graded_at FROM submissions_submission").fetchall()
    parts = {"to a worker": [], "grading": [], "request and polling": []}
    for pk, created, started, graded in (row for row in rows if row[0] in timed):
        created, started, graded = (datetime.fromisoformat(value) for value in (created, started, graded))
        parts["to a worker"].append((started - created).total_seconds())
        parts["grading"].append((graded - started).total_seconds())
        parts["request and polling"].append(timed[pk] - (graded - created).total_seconds())
    return {name: statistics.median(values) for name, values in parts.items()}


def measure(broker: str, broker_url: str | None, submissions: int, seed: int) -> tuple[Figures, float]:
    folder = temporary_folder()
    quick_start = QuickStart(folder, broker_url)
    try:
        quick_start.wait_until_ready()
        idle = idle_cpu_percent(quick_start.worker_pid(), IDLE_SECONDS)
        learner, poll_seconds = logged_in_learner(quick_start.base_url)
        answer = Answer(SLUG, (REPO / "exercises" / SLUG / "solution.py").read_text(), "accepted")
        pause = random.Random(seed)
        timed = {}
        for _ in range(submissions):
            time.sleep(pause.uniform(*THINK_SECONDS))
            pk, seconds = submit_and_time(learner, answer)
            timed[pk] = seconds
        return Figures(broker, list(timed.values()), idle, phases(folder / "unroll.sqlite3", timed)), poll_seconds
    finally:
        quick_start.stop()
        shutil.rmtree(folder, ignore_errors=True)


def with_scratch_redis(submissions: int, seed: int) -> Figures:
    folder = temporary_folder()
    redis = Redis(folder, Host(), free_port(), persistent=False)
    try:
        redis.start()
        return measure("redis (scratch server)", redis.url, submissions, seed)[0]
    finally:
        redis.kill()
        shutil.rmtree(folder, ignore_errors=True)


def show(rows: list[Figures], poll_seconds: float) -> None:
    count = len(rows[0].latencies)
    print(
        f"\nSubmit→verdict over {count} submissions of {SLUG}, as the page sees it (polling every {poll_seconds * 1000:.0f} ms)"
    )
    names = list(rows[0].phases)
    print(f"{'broker':<24}{'p50':>7}{'p95':>7}{'max':>7}  idle worker CPU  | median: {' / '.join(names)}")
    for row in rows:
        print(
            f"{row.broker:<24}{row.percentile(50):>6.2f}s{row.percentile(95):>6.2f}s{max(row.latencies):>6.2f}s"
            f"  {row.idle_cpu_percent:>5.2f} % of a core |         {' / '.join(f'{row.phases[n]:.2f}s' for n in names)}"
        )
    quick = rows[0]
    print(f"quick-start Submit→verdict: p50 {quick.percentile(50):.2f} s, p95 {quick.percentile(95):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=20)
    parser.add_argument("--seed", type=int, default=13, help="for the learner's pauses between submissions")
    parser.add_argument("--filesystem-only", action="store_true", help="skip the comparison with Redis")
    args = parser.parse_args()
    quick, poll_seconds = measure("filesystem (make run)", None, args.submissions, args.seed)
    rows = [quick]
    if not args.filesystem_only:
        if shutil.which("redis-server"):
            rows.append(with_scratch_redis(args.submissions, args.seed))
        else:
            print("redis-server is not installed: no comparison with Redis")
    show(rows, poll_seconds)


if __name__ == "__main__":
    main()
