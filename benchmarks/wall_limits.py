"""How long the reference solutions run in the sandbox, against the default wall-clock limit.

Grades every exercise's reference solution (its canonical variant, with the checks derived from it as
a worker derives them) ROUNDS times through the warm engine, at concurrency 1 and 2, and prints the
p50 and p99 of the run's wall time (`usage.wall_ms`, what the wall limit counts) per exercise and over
all, then the default `wall_seconds` of grader/limits.py and the margin it leaves over the p99.
The default is lowered only where that margin stays wide (5x at least) at concurrency 2.

    .venv/bin/python benchmarks/wall_limits.py [--rounds 20]
"""

import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "platform")]

from grader import grade, render_text, variant_spec  # noqa: E402
from grader.engine import WarmEngine  # noqa: E402
from grader.limits import DEFAULT_LIMITS  # noqa: E402
from unroll.catalog.folders import find_folders, load_folder  # noqa: E402

WIDE_MARGIN = 5  # the default wall limit must be at least this many times the reference solutions' p99


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def reference_cases(engine) -> list[tuple]:
    """(slug, spec, code) of each exercise's reference solution on its canonical variant."""
    cases = []
    for folder in map(load_folder, find_folders(REPO / "exercises")):
        defaults = folder.template.defaults
        spec = variant_spec(folder.template, defaults, folder.solution_code, engine)
        cases.append((folder.slug, spec, render_text(folder.solution_code, defaults)))
    return cases


def wall_times(engine, cases: list[tuple], rounds: int, concurrency: int) -> dict[str, list[int]]:
    """{slug: [wall_ms of each run]}; every run must be accepted."""
    times: dict[str, list[int]] = {slug: [] for slug, _, _ in cases}

    def one(case):
        slug, spec, code = case
        result = grade(spec, code, runner=engine)
        if result.verdict != "accepted":
            raise AssertionError(f"{slug}: the reference got {result.verdict}: {result.feedback}")
        times[slug].append(result.usage.wall_ms)

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, cases * rounds))
    return times


def report(label: str, times: dict[str, list[int]]) -> float:
    """Print the per-exercise and overall figures; return the overall p99 in ms."""
    print(f"{label}:")
    for slug, values in times.items():
        print(f"  {slug:<28} p50={percentile(values, 0.5):6.0f} ms  p99={percentile(values, 0.99):6.0f} ms")
    every = [value for values in times.values() for value in values]
    p50, p99 = percentile(every, 0.5), percentile(every, 0.99)
    print(f"  {'all ' + str(len(every)) + ' runs':<28} p50={p50:6.0f} ms  p99={p99:6.0f} ms  max={max(every):6.0f} ms")
    return p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="gradings of each reference solution per concurrency")
    args = parser.parse_args()
    engine = WarmEngine(slots=2).start()
    try:
        cases = reference_cases(engine)
        print(f"machine: {os.cpu_count()} cores; {len(cases)} reference solutions x {args.rounds} rounds", flush=True)
        p99 = max(report(f"concurrency {c}", wall_times(engine, cases, args.rounds, c)) for c in (1, 2))
    finally:
        engine.close()
    limit_ms = DEFAULT_LIMITS.wall_seconds * 1000
    print(f"default wall limit: {DEFAULT_LIMITS.wall_seconds} s (grader/limits.py)")
    print(f"margin over the worst p99: {limit_ms / p99:.1f}x (wide enough from {WIDE_MARGIN}x)")
    print(f"lowest limit with a {WIDE_MARGIN}x margin: {-(-p99 * WIDE_MARGIN // 1000):.0f} s")


if __name__ == "__main__":
    main()
