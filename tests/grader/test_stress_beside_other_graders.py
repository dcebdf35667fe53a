"""Proof under real concurrency: four independent engines on one busy host, one of them hostile.

Four warm engines stand for four workers or containers on one host. Two processes keep both
cores busy beside them, and one engine keeps running a hostile submission that holds every
thread and as much memory as its limits allow. Meanwhile 400 gradings of every exercise's
reference solution and known wrong answers must each get exactly the verdict the exercise
declares: not one correct answer may come back as a crash.
"""

import itertools
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from grader import Limits, grade, render_text
from grader.engine import WarmEngine
from grader.variants import variant_spec
from grader_support import exercise_folders, exercise_spec, load_exercise

pytestmark = pytest.mark.slow

GRADINGS = 400
ENGINES = 4
HOSTILE = """
import threading, time
stop = threading.Event()
threads, held = 0, []
while True:
    try:
        threading.Thread(target=stop.wait, daemon=True).start()
    except RuntimeError:
        break
    threads += 1
try:
    while True:
        held.append(bytearray(16 << 20))  # touched pages, 16 MB at a time, until the limit
except MemoryError:
    pass
print(threads, 16 * len(held), flush=True)
time.sleep(4)
"""


@pytest.fixture(scope="module")
def engines():
    started = [WarmEngine(slots=2).start() for _ in range(ENGINES)]
    yield started
    for engine in started:
        engine.close()


@pytest.fixture
def both_cores_busy():
    hogs = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True)
        for _ in range(os.cpu_count() or 2)
    ]
    yield
    for hog in hogs:
        os.killpg(hog.pid, signal.SIGKILL)
        hog.wait()


def graded_cases(engine: WarmEngine) -> list[tuple]:
    """(exercise, file, spec, code, declared verdict) for every reference and known wrong answer."""
    cases = []
    for folder in map(load_exercise, exercise_folders()):
        defaults = folder.template.defaults
        spec = variant_spec(folder.template, defaults, folder.solution_code, engine)
        cases.append((folder.slug, "solution.py", spec, render_text(folder.solution_code, defaults), "accepted"))
        for wrong in folder.known_wrong:
            cases.append((folder.slug, wrong.name, spec, render_text(wrong.code, defaults), wrong.verdict))
    return cases


def keep_running_hostile(engine: WarmEngine, stop: threading.Event, held: list[tuple[int, int]]) -> None:
    """Run the hostile submission again and again; note the threads and MB each run held."""
    spec = exercise_spec("single-output")
    while not stop.is_set():
        printed = grade(spec, HOSTILE, Limits(wall_seconds=15), runner=engine).stdout.split()
        held.append((int(printed[0]), int(printed[1])) if len(printed) == 2 else (0, 0))


def test_four_engines_on_a_busy_host_beside_a_hostile_run_grade_every_answer_as_declared(engines, both_cores_busy):
    hostile_engine, *graders = engines
    cases = graded_cases(graders[0])
    stop, hostile_held = threading.Event(), []
    hostile = threading.Thread(target=keep_running_hostile, args=(hostile_engine, stop, hostile_held))
    hostile.start()
    work = list(itertools.islice(itertools.cycle(cases), GRADINGS))
    engine_for = itertools.cycle(engines)  # the hostile engine grades too, between its hostile runs
    try:
        with ThreadPoolExecutor(max_workers=ENGINES) as pool:
            futures = [(case, pool.submit(grade, case[2], case[3], runner=next(engine_for))) for case in work]
            results = [(case, future.result()) for case, future in futures]
    finally:
        stop.set()
        hostile.join()
    wrong = [
        f"{slug}/{name}: declared {declared}, got {result.verdict}: {result.feedback[:1]}"
        for (slug, name, _, _, declared), result in results
        if result.verdict != declared
    ]
    counts = Counter(result.verdict for _, result in results)
    print(
        f"\n{len(results)} gradings beside {len(hostile_held)} hostile runs (threads, MB held: {hostile_held}): {dict(counts)}"
    )
    assert len(results) == GRADINGS
    # The hostile runs really held their limits: every thread the run may have, and memory.
    assert hostile_held and max(threads for threads, _ in hostile_held) >= Limits().processes - 2, hostile_held
    assert max(megabytes for _, megabytes in hostile_held) >= Limits().memory_mb // 4, hostile_held
    assert wrong == [], "\n".join(wrong)
