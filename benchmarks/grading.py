"""Cold sandbox vs warm engine, side by side in one run on this machine.

Grades the same ten submissions (the five reference solutions and one known wrong answer of
each guide exercise) through (a) a cold sandbox that starts Python and TensorFlow for every
submission and (b) the warm engine (TensorFlow imported once, a fresh sandbox per run), at
concurrency 1 and 2. Prints p50/p95 latency, gradings per second and the peak memory (PSS) of
the grading tier for each, then the targets, and last `throughput ratio warm/cold: N.N`.

    .venv/bin/python benchmarks/grading.py [--warm-rounds 5] [--cold-rounds 1]
"""

import argparse
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "platform")]

from grader import grade  # noqa: E402
from grader.engine import ColdRunner, WarmEngine  # noqa: E402
from unroll.catalog.folders import find_folders, load_folder  # noqa: E402

GUIDE = ("single-output", "multiple-output", "time-distributed", "stacked-rnn", "sentiment-head")


def submissions() -> list[tuple]:
    """(spec, code, verdict) cases. The specs leave out the checks derived from the reference solution:
    a worker derives those once per variant and keeps them, so they are no part of a grading's cost."""
    folders = {f.slug: f for f in map(load_folder, find_folders(REPO / "exercises"))}
    specs = {slug: folders[slug].spec.without_reference_checks() for slug in GUIDE}
    cases = [(specs[s], folders[s].solution_code, "accepted") for s in GUIDE]
    cases += [(specs[s], folders[s].known_wrong[0].code, folders[s].known_wrong[0].verdict) for s in GUIDE]
    return cases


def descendants(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        parent = queue.pop()
        for task in os.listdir(f"/proc/{parent}/task"):
            try:
                children = Path(f"/proc/{parent}/task/{task}/children").read_text().split()
            except OSError:
                continue
            found += [int(c) for c in children]
            queue += [int(c) for c in children]
    return found


def pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class TierMemory:
    """Samples the summed PSS of every process below this one (the grading tier) and keeps the peak."""

    def __init__(self):
        self.peak_kb, self.running = 0, True
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def sample(self) -> None:
        while self.running:
            self.peak_kb = max(self.peak_kb, sum(pss_kb(p) for p in descendants(os.getpid())))
            time.sleep(0.02)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()


def measure(runner, cases: list[tuple], rounds: int, concurrency: int) -> dict:
    work = cases * rounds
    latencies = []

    def one(case):
        spec, code, expected = case
        started = time.monotonic()
        result = grade(spec, code, runner=runner)
        latencies.append(time.monotonic() - started)
        if result.verdict != expected:
            raise AssertionError(f"{spec.slug}: expected {expected}, got {result.verdict}: {result.feedback}")

    with TierMemory() as memory:
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            list(pool.map(one, work))
        elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "n": len(work),
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))] * 1000,
        "per_s": len(work) / elapsed,
        "peak_mb": memory.peak_kb / 1024,
    }


def show(label: str, row: dict) -> None:
    print(
        f"{label:<16} n={row['n']:<4} p50={row['p50_ms']:8.1f} ms  p95={row['p95_ms']:8.1f} ms  "
        f"{row['per_s']:6.2f} gradings/s  peak tier memory={row['peak_mb']:7.1f} MB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warm-rounds", type=int, default=5, help="passes over the ten submissions, warm")
    parser.add_argument("--cold-rounds", type=int, default=1, help="passes over the ten submissions, cold")
    args = parser.parse_args()
    cases = submissions()
    print(f"machine: {os.cpu_count()} cores; {len(cases)} submissions (5 references, 5 wrong answers)", flush=True)

    results = {}
    cold = ColdRunner()
    for concurrency in (1, 2):
        results[("cold", concurrency)] = measure(cold, cases, args.cold_rounds, concurrency)
        show(f"cold  conc={concurrency}", results[("cold", concurrency)])
    with TierMemory() as startup:
        engine = WarmEngine(slots=2).start()
    try:
        grade(cases[0][0], cases[0][1], runner=engine)  # the first run after start-up
        for concurrency in (1, 2):
            results[("warm", concurrency)] = measure(engine, cases, args.warm_rounds, concurrency)
            show(f"warm  conc={concurrency}", results[("warm", concurrency)])
    finally:
        engine.close()

    warm1, warm2 = results[("warm", 1)], results[("warm", 2)]
    ratio = warm2["per_s"] / results[("cold", 2)]["per_s"]
    ratio1 = warm1["per_s"] / results[("cold", 1)]["per_s"]
    print(f"warm engine start-up (TensorFlow import): peak {startup.peak_kb / 1024:.0f} MB")
    print("targets:")
    print(
        f"  warm p50 at concurrency 1 <= 250 ms: {warm1['p50_ms']:.0f} ms {'PASS' if warm1['p50_ms'] <= 250 else 'FAIL'}"
    )
    print(f"  warm at concurrency 2 >= 6 gradings/s: {warm2['per_s']:.1f} {'PASS' if warm2['per_s'] >= 6 else 'FAIL'}")
    print(
        f"  warm tier memory at concurrency 2 <= 1536 MB: {warm2['peak_mb']:.0f} MB {'PASS' if warm2['peak_mb'] <= 1536 else 'FAIL'}"
    )
    print(
        f"  throughput warm/cold >= 15x: {ratio:.1f}x {'PASS' if ratio >= 15 else 'FAIL'} (concurrency 1: {ratio1:.1f}x)"
    )
    print(f"throughput ratio warm/cold: {ratio:.1f}")


if __name__ == "__main__":
    main()
