"""Fault injection: a real cluster under a class-sized burst, broken on purpose, must recover by itself.

Starts its own PostgreSQL and Redis (no persistence, the worst case), gunicorn and two Celery
workers, then sends bursts of submissions from learners through the site's JSON API. Each
burst meets one fault, mid-burst: a worker killed (-9), a warm grading process killed, Redis
killed and back 30 s later (submits meanwhile), PostgreSQL restarted, a new version of an
exercise published while its submissions wait, an exercise unpublished. Nobody restarts
anything by hand: a killed worker comes back as a container's restart policy would bring it,
and the rest is up to Unroll. Then Redis and PostgreSQL restart 20 times each while a worker
runs, and its open descriptors are counted. For every burst it prints: submitted, graded
exactly once, stuck, claimed twice, graded against the wrong version, p50/p95/max
submit→verdict, and the time to recover; then throughput against a warm engine measured in
the same run.

    .venv/bin/python benchmarks/faults.py [--quick] [--json results.json]

--quick is the bounded version CI runs (fewer learners, shorter outages, 5 restarts).
"""

import argparse
import json
import shutil
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

from cluster import (  # noqa: E402
    REPO,
    SETUP_CONTENT,
    Host,
    Postgres,
    Redis,
    Settings,
    Web,
    Worker,
    cpu_seconds,
    django,
    fd_count,
    free_port,
    make_learners,
    process_tree,
    temporary_folder,
    wait_until,
)
from load import Answer, Burst, run_burst  # noqa: E402

# Short bounds, so that a suite run takes minutes; the defaults (30/10/60 s) only scale them.
LEASE_SECONDS, SWEEP_SECONDS, RESEND_AFTER = 10, 2, 10
CHANGED = "single-output"  # the exercise that gets a new version mid-burst


@dataclass
class Profile:
    learners: int
    per_learner: int
    redis_down: float
    restarts: int
    burst_timeout: float


FULL = Profile(learners=100, per_learner=5, redis_down=30, restarts=20, burst_timeout=600)
QUICK = Profile(learners=20, per_learner=3, redis_down=8, restarts=5, burst_timeout=300)


class Cluster:
    def __init__(self, folder: Path, host: Host):
        self.folder = folder
        self.exercises = folder / "exercises"
        shutil.copytree(REPO / "exercises", self.exercises)
        self.postgres = Postgres(folder, host, free_port())
        self.redis = Redis(folder, host, free_port(), persistent=False)
        self.settings = Settings(
            self.postgres.url,
            self.redis.url,
            folder / "var",
            extra={
                "EXERCISES_DIR": str(self.exercises),
                "GRADING_LEASE_SECONDS": str(LEASE_SECONDS),
                "GRADING_SWEEP_SECONDS": str(SWEEP_SECONDS),
                "GRADING_RESEND_AFTER": str(RESEND_AFTER),
                "GRADER_CONCURRENCY": "1",
            },
        )
        (folder / "var").mkdir()
        self.web = Web(host, free_port(), self.settings, folder / "web.log")
        self.workers = [Worker(f"w{n}", host, self.settings, folder / f"worker{n}.log") for n in (1, 2)]
        # Submissions a killed worker held: claimed again after its lease lapsed, as they should be.
        self.held_by_the_dead: set[int] = set()
        self.probe_session = ""  # a learner of its own, for single probes
        self.unpublished_probe: dict = {}

    def start(self) -> None:
        self.postgres.create()
        self.redis.start()
        django(self.settings, SETUP_CONTENT)
        self.web.start()
        for worker in self.workers:
            worker.start()
        self.web.wait_ready()
        for worker in self.workers:
            worker.wait_ready()

    def stop(self) -> None:
        for service in (*self.workers, self.web):
            service.stop()
        self.redis.kill()
        self.postgres.stop()


SYNC = """
from django.conf import settings
from unroll.catalog.sync import sync_exercises
report = sync_exercises(settings.EXERCISES_DIR)
assert report.ok, report.errors
print(report.updated)
"""
PUBLISHED = """
from unroll.catalog.models import Exercise
Exercise.objects.filter(slug="{slug}").update(is_published={published})
"""


def answers(exercises: Path) -> list[Answer]:
    """Every reference and known wrong answer of the exercises without parameters (one variant for all)."""
    sys.path.insert(0, str(REPO / "platform"))
    from unroll.catalog.folders import find_folders, load_folder

    found = []
    for folder in map(load_folder, find_folders(exercises)):
        if folder.template.has_parameters:
            continue
        found.append(Answer(folder.slug, folder.solution_code, "accepted"))
        found += [Answer(folder.slug, wrong.code, wrong.verdict) for wrong in folder.known_wrong]
    return found


# --- faults: each runs mid-burst and returns the moment the system was whole again -------------


def kill_worker(cluster: Cluster, profile: Profile) -> float:
    victim = cluster.workers[0]
    held_before = wait_until_holding(cluster, victim)
    victim.kill()
    killed = time.monotonic()
    cluster.held_by_the_dead |= held_before | held_by(cluster, victim)
    time.sleep(5)  # as a container's restart policy would: the worker comes back on its own
    victim.start()
    return killed


def wait_until_holding(cluster: Cluster, worker: Worker, timeout: float = 30) -> set[int]:
    """What the worker holds once it holds something: the fault is a worker dying *with* a claim, which a
    busy machine's timing would otherwise leave to chance (the other worker may have the whole burst)."""
    deadline = time.monotonic() + timeout
    held = held_by(cluster, worker)
    while not held and time.monotonic() < deadline:
        time.sleep(0.05)
        held = held_by(cluster, worker)
    return held


def held_by(cluster: Cluster, worker: Worker) -> set[int]:
    """The submissions a worker is grading now (its claims carry its pid)."""
    pattern = f"%:{worker.process.pid}:%"
    rows = cluster.postgres.query(
        f"SELECT id FROM submissions_submission WHERE status = 'running' AND claimed_by LIKE '{pattern}'"  # noqa: S608
    )
    return {int(pk) for (pk,) in rows}


def kill_warm_process(cluster: Cluster, profile: Profile) -> float:
    import os
    import signal

    warm = wait_until(cluster.workers[0].warm_process, 30, "no warm process found")
    os.kill(warm, signal.SIGKILL)
    return time.monotonic()


def kill_redis(cluster: Cluster, profile: Profile) -> float:
    cluster.redis.kill()  # no persistence: every queued message is lost
    time.sleep(profile.redis_down)  # learners keep submitting meanwhile
    cluster.redis.start()
    return time.monotonic()


def restart_postgres(cluster: Cluster, profile: Profile) -> float:
    cluster.postgres.restart()
    return time.monotonic()


def publish_new_version(cluster: Cluster, profile: Profile) -> float:
    """The exercise's units change from 4 to 5: its old reference is wrong under the new version."""
    folder = cluster.exercises / CHANGED
    for name in ("exercise.yaml", "solution.py", "statement.md"):
        path = folder / name
        path.write_text(
            path.read_text()
            .replace("SimpleRNN(4", "SimpleRNN(5")
            .replace("[1, 4]", "[1, 5]")
            .replace("units: 4", "units: 5")
        )
    django(cluster.settings, SYNC)
    return time.monotonic()


def unpublish(cluster: Cluster, profile: Profile) -> float:
    """While unpublished, a submit to it gets the JSON error the page shows (probed once for sure)."""
    django(cluster.settings, PUBLISHED.format(slug="multiple-output", published=False))
    cluster.unpublished_probe = probe_submit(cluster, "multiple-output")
    time.sleep(3)
    django(cluster.settings, PUBLISHED.format(slug="multiple-output", published=True))
    return time.monotonic()


def probe_submit(cluster: Cluster, slug: str) -> dict:
    """One submit by a learner of its own, through the API: its status, and whether the answer is JSON."""
    import requests

    http = requests.Session()
    http.cookies.set("sessionid", cluster.probe_session)
    http.get(cluster.web.url + "/accounts/login/", timeout=10)
    response = http.post(
        f"{cluster.web.url}/exercises/{slug}/submit/",
        json={"code": "model = None"},
        headers={"X-CSRFToken": http.cookies.get("csrftoken", "")},
        timeout=15,
    )
    is_json = response.headers.get("Content-Type", "").startswith("application/json")
    return {"status": response.status_code, "json": is_json, "error": response.json().get("error") if is_json else None}


SCENARIOS = [
    ("no fault", None),
    ("kill -9 of a worker", kill_worker),
    ("kill -9 of a warm process", kill_warm_process),
    ("Redis killed, back after the outage", kill_redis),
    ("PostgreSQL restart (-m fast)", restart_postgres),
    ("new version published mid-burst", publish_new_version),
    ("exercise unpublished mid-burst", unpublish),
]


@dataclass
class Row:
    scenario: str
    submitted: int
    graded_once: int
    stuck: int
    claimed_twice: int
    reclaimed: int
    wrong_version: int
    wrong_verdict: int
    latency: str
    recovery: float | None
    refused: int
    not_sent: int
    http_5xx: int
    non_json: int
    seconds: float


def cpu_by_tier(cluster: Cluster) -> dict[str, float]:
    return {
        "workers": cpu_seconds([pid for worker in cluster.workers for pid in process_tree(worker.process.pid)]),
        "web": cpu_seconds(process_tree(cluster.web.process.pid)),
        "database": cpu_seconds(cluster.postgres.pids()),
    }


def burst_with_fault(cluster: Cluster, sessions: list[str], pool: list[Answer], profile: Profile, fault):
    """One burst; the fault starts once a third of it was sent. Returns the burst and when the fault ended."""
    burst, ended = Burst(), {}
    third = len(sessions) * profile.per_learner // 3

    def inject() -> None:
        wait_until(lambda: len(burst.sent) >= third, profile.burst_timeout, "a third of the burst was not sent")
        ended["at"] = fault(cluster, profile)

    injector = threading.Thread(target=inject, daemon=True) if fault else None
    if injector:
        injector.start()
    run_burst(cluster.web.url, sessions, pool, profile.per_learner, profile.burst_timeout, burst=burst)
    if injector:
        injector.join()
    return burst, ended.get("at")


def measure(cluster: Cluster, name: str, burst: Burst, fault_end: float | None) -> Row:
    ids = [s.submission_id for s in burst.submitted]
    rows = {}
    if ids:
        for pk, status, verdict, claims, version in cluster.postgres.query(
            "SELECT s.id, s.status, s.verdict, s.claims, v.number FROM submissions_submission s "  # noqa: S608 - ids are ints
            f"LEFT JOIN catalog_exerciseversion v ON v.id = s.exercise_version_id WHERE s.id IN ({','.join(map(str, ids))})"
        ):
            rows[int(pk)] = (status, verdict, int(claims), int(version) if version else None)
    done = [s for s in burst.submitted if rows.get(s.submission_id, ("",))[0] == "done"]
    pending_at_fault = [s for s in burst.submitted if fault_end is not None and s.submitted_at <= fault_end]
    recovered_at = max((s.verdict_at or 0 for s in pending_at_fault if s.verdict_at), default=None)
    return Row(
        scenario=name,
        submitted=len(burst.submitted),
        graded_once=len(done),
        stuck=len(burst.submitted) - len(done),
        claimed_twice=sum(
            1
            for s in burst.submitted
            if rows.get(s.submission_id, (0, 0, 0))[2] > 1 and s.submission_id not in cluster.held_by_the_dead
        ),
        reclaimed=sum(1 for s in burst.submitted if s.submission_id in cluster.held_by_the_dead),
        wrong_version=sum(1 for s in done if rows[s.submission_id][3] != s.version),
        wrong_verdict=sum(1 for s in done if rows[s.submission_id][1] != expected_verdict(s)),
        latency=burst.latency_summary(),
        recovery=None if recovered_at is None or fault_end is None else max(0.0, recovered_at - fault_end),
        refused=sum(1 for s in burst.sent if s.refusal),
        not_sent=sum(1 for s in burst.sent if s.notice),
        http_5xx=len(burst.http_errors),
        non_json=burst.non_json_errors,
        seconds=burst.ended_at - burst.started_at,
    )


def expected_verdict(sent) -> str:
    """What the version the learner submitted to should say: the changed exercise's old reference fails v2."""
    if sent.answer.slug == CHANGED and sent.answer.expected == "accepted" and (sent.version or 1) > 1:
        return "wrong_answer"
    return sent.answer.expected


def attempts_match(postgres: Postgres) -> bool:
    """Every learner's attempt count equals their graded, counted submissions (nothing counted twice)."""
    mismatched = postgres.query(
        "SELECT p.learner_id, p.exercise_id FROM progress_progress p WHERE p.attempts <> ("
        "SELECT count(*) FROM submissions_submission s WHERE s.learner_id = p.learner_id "
        "AND s.exercise_id = p.exercise_id AND s.status = 'done' AND s.verdict <> 'internal_error')"
    )
    return not mismatched


def reconnects(cluster: Cluster, profile: Profile, sessions: list[str], pool: list[Answer]) -> dict:
    """Redis and PostgreSQL restarted again and again under a running worker: its descriptors stay flat."""
    survivor, few = cluster.workers[1], sessions[:4]
    run_burst(cluster.web.url, few, pool, 1, profile.burst_timeout)
    before = fd_count(survivor.process.pid)
    for _ in range(profile.restarts):
        cluster.redis.kill()
        cluster.redis.start()
        cluster.postgres.restart()
        run_burst(cluster.web.url, few, pool, 1, profile.burst_timeout)
    time.sleep(SWEEP_SECONDS * 2)
    after = fd_count(survivor.process.pid)
    return {"restarts": profile.restarts, "descriptors_before": before, "descriptors_after": after}


def warm_throughput(pool: list[Answer], exercises: Path) -> float:
    """make bench's measure, in the same run: gradings/s of one warm engine at concurrency 2."""
    from grader import grade
    from grader.engine import WarmEngine
    from unroll.catalog.folders import load_folder

    # As make bench grades: without the checks a worker derives once per variant and keeps.
    specs = {a.slug: load_folder(exercises / a.slug).spec.without_reference_checks() for a in pool}
    engine = WarmEngine(slots=2).start()
    try:
        work = pool * 2
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=2) as executor:
            list(executor.map(lambda a: grade(specs[a.slug], a.code, runner=engine), work))
        return len(work) / (time.monotonic() - started)
    finally:
        engine.close()


COLUMNS = (
    ("fault, mid-burst", 38, "scenario"),
    ("sent", 5, "submitted"),
    ("graded once", 11, "graded_once"),
    ("stuck", 5, "stuck"),
    ("claimed twice", 13, "claimed_twice"),
    ("wrong version", 13, "wrong_version"),
    ("wrong verdict", 13, "wrong_verdict"),
    ("p50/p95/max s", 17, "latency"),
    ("recovery s", 10, "recovery"),
    ("re-claimed", 10, "reclaimed"),
    ("refused", 7, "refused"),
    ("not sent", 8, "not_sent"),
    ("5xx", 4, "http_5xx"),
    ("non-JSON", 8, "non_json"),
)


def show_header() -> None:
    print(" ".join(title.ljust(width) if n == 0 else title.rjust(width) for n, (title, width, _) in enumerate(COLUMNS)))


def show(row: Row) -> None:
    cells = []
    for n, (_, width, name) in enumerate(COLUMNS):
        value = getattr(row, name)
        text = "-" if value is None else f"{value:.1f}" if isinstance(value, float) else str(value)
        cells.append(text.ljust(width) if n == 0 else text.rjust(width))
    print(" ".join(cells), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the bounded version CI runs")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    profile = QUICK if args.quick else FULL
    folder = temporary_folder()
    cluster = Cluster(folder, Host())
    print(f"cluster in {folder}: PostgreSQL, Redis (no persistence), gunicorn, 2 workers; {profile}", flush=True)
    try:
        cluster.start()
        *sessions, cluster.probe_session = make_learners(cluster.settings, profile.learners + 1)
        pool = answers(cluster.exercises)
        run_burst(cluster.web.url, sessions[:20], pool, 3, profile.burst_timeout)  # untimed: variants derived once
        rows = []
        show_header()
        for name, fault in SCENARIOS:
            cpu_before = cpu_by_tier(cluster)
            burst, fault_end = burst_with_fault(cluster, sessions, pool, profile, fault)
            if fault is None:  # where the CPU of a quiet burst goes, per submission
                spent = {tier: seconds - cpu_before[tier] for tier, seconds in cpu_by_tier(cluster).items()}
                per_submission = {
                    tier: 1000 * seconds / max(1, len(burst.submitted)) for tier, seconds in spent.items()
                }
            rows.append(measure(cluster, name, burst, fault_end))
            show(rows[-1])
            for worker in cluster.workers:
                if not worker.alive():
                    worker.start()
        leaks = reconnects(cluster, profile, sessions, pool)
        counted_once = attempts_match(cluster.postgres)
        baseline = rows[0]
        end_to_end = baseline.graded_once / baseline.seconds
        warm = warm_throughput(pool, cluster.exercises)
    finally:
        cluster.stop()
    warm_ms = 1000 * 2 / warm  # CPU per grading of the warm engine alone, both cores busy
    print(
        "CPU per submission of a quiet burst: "
        + ", ".join(f"{tier} {ms:.0f} ms" for tier, ms in per_submission.items())
        + f"; the warm engine alone {warm_ms:.0f} ms: the grading tier runs at "
        f"{100 * warm_ms / per_submission['workers']:.0f}% of it, the rest of the two cores go to the web, the "
        "database and the learners' own load generator"
    )
    print(
        f"descriptors of a worker over {leaks['restarts']} Redis and {leaks['restarts']} PostgreSQL restarts: "
        f"{leaks['descriptors_before']} before, {leaks['descriptors_after']} after"
    )
    print(f"attempt counts match graded submissions: {'yes' if counted_once else 'NO'}")
    print(
        f"throughput: end to end {end_to_end:.2f} gradings/s (2 workers × 1), warm engine at concurrency 2 "
        f"{warm:.2f} gradings/s: {100 * end_to_end / warm:.0f}%"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "rows": [row.__dict__ for row in rows],
                    "leaks": leaks,
                    "attempts_match": counted_once,
                    "throughput": {"end_to_end": end_to_end, "warm": warm},
                    "cpu_ms_per_submission": per_submission,
                    "unpublished_probe": cluster.unpublished_probe,
                    "bounds": {"lease": LEASE_SECONDS, "sweep": SWEEP_SECONDS, "resend_after": RESEND_AFTER},
                },
                indent=2,
            )
        )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
