"""Scale-out across hosts, simulated with network namespaces on this machine: every submission graded once.

Four hosts on a private bridge, each a network namespace this script makes (and removes), with
its own share of the machine's CPU (see HOST_CPU):
a database-and-broker host (PostgreSQL, Redis with AOF), a web host (gunicorn, and the
learners' load generator) and two worker hosts. It measures the throughput of a burst with one
worker host, then with two, and then cuts one worker host off mid-grading (its interface down
for longer than a grading lease, then back up): every submission must be graded exactly once,
and the other host takes over what the cut one held.

    .venv/bin/python benchmarks/scaleout.py [--quick] [--json results.json]

Needs root (ip netns). Traffic stays on the bridge between these namespaces.
"""

import argparse
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

from cluster import (  # noqa: E402
    PYTHON,
    REPO,
    SETUP_CONTENT,
    Host,
    Postgres,
    Redis,
    Settings,
    Web,
    Worker,
    django,
    make_learners,
    run,
    temporary_folder,
)
from faults import LEASE_SECONDS, RESEND_AFTER, SWEEP_SECONDS, answers, attempts_match  # noqa: E402
from load import burst_from_json  # noqa: E402

LAN, SUBNET = "unroll-lan", "10.231.0"
HOSTS = {"data": 2, "web": 3, "w1": 4, "w2": 5}
# Each simulated host gets its own share of this machine's two cores (a cgroup v1 CPU quota), as
# separate machines would have their own CPUs: the database-and-broker host 0.4 of a core, the web
# host (with the learners' load generator) 0.6, each worker host 0.5. Without it, a second worker
# host would only take CPU away from the first one, the web and the database.
HOST_CPU = {"data": 0.4, "web": 0.6, "w1": 0.5, "w2": 0.5}
CPU_HIERARCHY = Path("/sys/fs/cgroup/cpu")


def namespace(name: str) -> str:
    return f"unroll-{name}"


def ip(*args: str) -> None:
    run(["ip", *args])


def build_network() -> dict[str, Host]:
    """A bridge in its own namespace, and a veth from each host's namespace to it."""
    tear_down_network()
    ip("netns", "add", LAN)
    ip("-n", LAN, "link", "add", "br0", "type", "bridge")
    ip("-n", LAN, "link", "set", "br0", "up")
    hosts = {}
    for name, number in HOSTS.items():
        ns, port = namespace(name), f"p-{name}"
        ip("netns", "add", ns)
        ip("link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", port, "netns", LAN)
        ip("-n", LAN, "link", "set", port, "master", "br0", "up")
        ip("-n", ns, "addr", "add", f"{SUBNET}.{number}/24", "dev", "eth0")
        ip("-n", ns, "link", "set", "eth0", "up")
        ip("-n", ns, "link", "set", "lo", "up")
        hosts[name] = on_its_own_cpu(Host.netns(ns, f"{SUBNET}.{number}"), name)
    return hosts


def on_its_own_cpu(host: Host, name: str) -> Host:
    """The host's processes start in a CPU group of its own (joined before `ip netns exec`, which
    remounts /sys), limited to its share of the machine."""
    if not CPU_HIERARCHY.is_dir():
        return host
    group = CPU_HIERARCHY / namespace(name)
    group.mkdir(exist_ok=True)
    (group / "cpu.cfs_period_us").write_text("100000")
    (group / "cpu.cfs_quota_us").write_text(str(int(HOST_CPU[name] * 100000)))
    join = f'echo $$ > {group}/cgroup.procs && exec "$@"'
    return Host(host.name, host.address, ("sh", "-c", join, "sh", *host.prefix))


def tear_down_network() -> None:
    for ns in (LAN, *map(namespace, HOSTS)):
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)
    for name in HOSTS:
        group = CPU_HIERARCHY / namespace(name)
        if group.is_dir():
            for pid in (group / "cgroup.procs").read_text().split():
                subprocess.run(["kill", "-9", pid], capture_output=True)
            for _ in range(50):
                try:
                    group.rmdir()
                    break
                except OSError:
                    time.sleep(0.1)


def cut_off(host: Host, seconds: float) -> float:
    """The host's interface down (it keeps running, unreachable), then up again; returns when it is back."""
    ip("-n", host.name, "link", "set", "eth0", "down")
    time.sleep(seconds)
    ip("-n", host.name, "link", "set", "eth0", "up")
    return time.monotonic()


def burst(web: Web, folder: Path, sessions: list[str], pool, per_learner: int, timeout: float):
    """One burst, run by the load generator on the web host."""
    plan, out = folder / "plan.json", folder / "burst.json"
    plan.write_text(json.dumps({"sessions": sessions, "answers": [a.__dict__ for a in pool]}))
    command = [PYTHON, str(REPO / "benchmarks" / "load.py"), "--url", web.url, "--plan", str(plan)]
    command += ["--per-learner", str(per_learner), "--timeout", str(timeout), "--out", str(out)]
    run(web.host.command(*command), timeout=timeout + 60)
    return burst_from_json(json.loads(out.read_text()))


def graded_once(postgres: Postgres, ids: list[int]) -> dict:
    """Of these submissions: how many were graded, how many not, and how many progress counts disagree."""
    if not ids:
        return {"graded": 0, "stuck": 0, "reclaimed": 0}
    rows = postgres.query(
        f"SELECT status, claims FROM submissions_submission WHERE id IN ({','.join(map(str, ids))})"  # noqa: S608
    )
    return {
        "graded": sum(1 for status, _ in rows if status == "done"),
        "stuck": sum(1 for status, _ in rows if status != "done"),
        "reclaimed": sum(1 for _, claims in rows if int(claims) > 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer submissions (CI)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    learners, per_learner = (30, 2) if args.quick else (100, 5)
    timeout = 600
    folder = temporary_folder()
    hosts = build_network()
    postgres = Postgres(folder, hosts["data"], 5432)
    redis = Redis(folder, hosts["data"], 6379, persistent=True)
    settings = Settings(
        postgres.url,
        redis.url,
        folder / "var",
        extra={
            "GRADING_LEASE_SECONDS": str(LEASE_SECONDS),
            "GRADING_SWEEP_SECONDS": str(SWEEP_SECONDS),
            "GRADING_RESEND_AFTER": str(RESEND_AFTER),
            "GRADER_CONCURRENCY": "1",
        },
    )
    (folder / "var").mkdir()
    web = Web(hosts["web"], 8000, settings, folder / "web.log")
    workers = [Worker(name, hosts[name], settings, folder / f"{name}.log") for name in ("w1", "w2")]
    results = {}
    try:
        postgres.create()
        redis.start()
        django(settings, SETUP_CONTENT, hosts["web"])
        sessions = make_learners(settings, learners, hosts["web"])
        pool = answers(REPO / "exercises")
        web.start()
        workers[0].start()
        web.wait_ready()
        workers[0].wait_ready()
        print(f"hosts: {', '.join(f'{h.name} {h.address}' for h in hosts.values())}", flush=True)

        # Untimed: each exercise's variant is derived (its reference graded) on first use, and kept.
        burst(web, folder, sessions[:20], pool, 3, timeout)
        one = burst(web, folder, sessions, pool, per_learner, timeout)
        results["one worker host"] = summary(one, postgres)
        workers[1].start()
        workers[1].wait_ready()
        two = burst(web, folder, sessions, pool, per_learner, timeout)
        results["two worker hosts"] = summary(two, postgres)

        cut: dict = {}
        cutter = threading.Timer(
            5, lambda: cut.update(back=cut_off(hosts["w2"], LEASE_SECONDS * 3), at=time.monotonic())
        )
        cutter.start()
        cut_burst = burst(web, folder, sessions, pool, per_learner, timeout)
        cutter.join()
        results["w2 cut off mid-grading"] = summary(cut_burst, postgres)
        counted_once = attempts_match(postgres)
    finally:
        for service in (*workers, web):
            service.stop()
        redis.kill()
        postgres.stop()
        tear_down_network()
    ratio = results["two worker hosts"]["per_s"] / results["one worker host"]["per_s"]
    for name, row in results.items():
        print(
            f"{name:<26} sent {row['submitted']:>4}  graded once {row['graded']:>4}  stuck {row['stuck']:>3}  "
            f"re-claimed {row['reclaimed']:>3}  {row['per_s']:5.2f} gradings/s  p50/p95/max {row['latency']} s"
        )
    print(f"attempt counts match graded submissions: {'yes' if counted_once else 'NO'}")
    print(f"throughput two worker hosts / one: {ratio:.2f}x")
    if args.json:
        args.json.write_text(json.dumps({"results": results, "ratio": ratio, "attempts_match": counted_once}, indent=2))


def summary(done_burst, postgres: Postgres) -> dict:
    ids = [s.submission_id for s in done_burst.submitted]
    counts = graded_once(postgres, ids)
    latencies = done_burst.latencies()
    seconds = max((s.verdict_at for s in done_burst.submitted if s.verdict_at), default=done_burst.ended_at) - (
        done_burst.started_at
    )
    return {
        "submitted": len(ids),
        **counts,
        "per_s": counts["graded"] / seconds if seconds > 0 else 0.0,
        "latency": done_burst.latency_summary(),
        "max_latency": latencies[-1] if latencies else None,
    }


if __name__ == "__main__":
    main()
