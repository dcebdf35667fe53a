"""The engine's start-up proofs, run as submissions in real sandboxes: isolation, and limits per run.

The probe tries what hostile code would (the network, a secret file, the worker's
environment and processes, writing to the system) and prints what got through. Any opening
means the worker must not grade, and the message says what is missing. The accounting proof
holds every thread one run may have while a correct run beside it must still work.
"""

import json
import os
import secrets
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from grader.grading import run_past_machine_faults
from grader.limits import DEFAULT_LIMITS
from grader.runner import CHILD_ENVIRONMENT, Runner

PROBE = """
import json, os, socket
results = {}
def attempt(name, action):
    try:
        action()
        results[name] = "open"
    except BaseException as exc:
        results[name] = "blocked"
def tcp(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM); s.settimeout(1); s.connect(("127.0.0.1", port))
def udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.sendto(b"x", ("127.0.0.1", 53))
for port in PORTS:
    attempt(f"tcp:{port}", lambda port=port: tcp(port))
attempt("udp", udp)
attempt("dns", lambda: socket.getaddrinfo("pypi.org", 443))
for path in SECRETS:
    attempt(f"read:{path}", lambda path=path: open(path).read())
def write_system():
    with open("/usr/unroll-probe", "w") as handle:
        handle.write("x")
    os.remove("/usr/unroll-probe")  # only reached where the sandbox failed: leave nothing behind
attempt("write:/usr", write_system)
attempt("environment", lambda: [k for k in os.environ if k in FORBIDDEN_ENV][0])
attempt("other processes", lambda: [p for p in os.listdir("/proc") if p.isdigit() and int(p) > 3][0])
print(json.dumps(results))
"""


def probe_code(ports: list[int], secret_paths: list[str], forbidden_env: list[str]) -> str:
    header = f"PORTS = {ports!r}\nSECRETS = {secret_paths!r}\nFORBIDDEN_ENV = {forbidden_env!r}\n"
    return header + PROBE


def prove_isolation(runner: Runner, ports: list[int], secret_paths: list[str] = ()) -> list[str]:
    """Run the probe; the list of what got out (empty when the sandbox holds)."""
    with tempfile.TemporaryDirectory(prefix="unroll-selftest-") as folder:
        secret = Path(folder) / "secret.txt"
        secret.write_text(secrets.token_hex(16))
        paths = [str(secret), *secret_paths]
        code = probe_code(ports, paths, sorted(set(os.environ) - set(CHILD_ENVIRONMENT)))
        outcome = runner.run({"code": code, "model_variable": "model"}, DEFAULT_LIMITS)
    if not outcome.isolated:
        return [f"the sandbox could not be built: {outcome.stderr.strip()[-400:] or 'no reason given'}"]
    try:
        results = json.loads(outcome.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return [f"the probe did not report (stderr: {outcome.stderr.strip()[-300:]})"]
    return [f"{name} is reachable from the sandbox" for name, state in sorted(results.items()) if state != "blocked"]


# One run holds every thread its limit allows, as a hostile learner's would, while a correct
# run beside it builds and runs a model (TensorFlow starts its threads then). Both share the
# host uid, as two engines' runs do: the correct one must not notice the hostile one.
HOLD_THREADS = """
import json, threading, time
stop = threading.Event()
held = 0
while True:
    try:
        threading.Thread(target=stop.wait, daemon=True).start()
    except RuntimeError:
        break
    held += 1
print(json.dumps({"held": held, "since": time.time()}), flush=True)
time.sleep(HOLD_SECONDS)
print(json.dumps({"until": time.time()}), flush=True)
"""
CORRECT_RUN = """
import numpy
from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential
model = Sequential([SimpleRNN(4, input_shape=(3, 2))])
model.predict(numpy.zeros((1, 3, 2)), verbose=0)
"""
HOLD_TRIES = (3, 8, 20)  # seconds the hostile run holds; longer again if the machine was too slow to overlap


def prove_run_accounting(runner: Runner, meanwhile: Callable[[], None] = lambda: None) -> list[str]:
    """Prove that a run's limits count that run alone: what went wrong (empty when they do).

    `meanwhile` runs while the hostile run holds its threads (the isolation probe, to save time).
    """
    for hold in HOLD_TRIES:
        with ThreadPoolExecutor(max_workers=1) as pool:
            holding = pool.submit(run_holding_threads, runner, hold)
            time.sleep(0.5)
            meanwhile()
            meanwhile = lambda: None  # noqa: E731 - once is enough
            began = time.time()
            # As a grading would: a run the machine ended is run again before anything is concluded.
            correct = run_past_machine_faults(runner, {"code": CORRECT_RUN, "model_variable": "model"}, DEFAULT_LIMITS)
            ended = time.time()
            hostile = holding.result()
        held = held_window(hostile)
        if held is None:
            return [f"the run holding threads did not report (stderr: {hostile.stderr.strip()[-300:]})"]
        if not (held["since"] <= began and ended <= held["until"]):
            continue  # the machine was too slow for the two runs to overlap: hold longer
        if correct.report is None or correct.report.get("status") != "ok":
            return [f"a correct run failed while another run held {held['held']} threads ({how_it_ended(correct)})"]
        return []
    return ["the run holding threads never overlapped the correct run, even held 20 s"]


def how_it_ended(outcome) -> str:
    ending = f"signal {outcome.signal}" if outcome.signal else f"exit code {outcome.exit_code}"
    report = (outcome.report or {}).get("status", "no report")
    return f"{ending}, {report}, {outcome.stderr.strip()[-300:] or 'nothing on stderr'}"


def run_holding_threads(runner: Runner, hold: float):
    code = f"HOLD_SECONDS = {hold}\n" + HOLD_THREADS
    return runner.run({"code": code, "model_variable": "model"}, replace(DEFAULT_LIMITS, wall_seconds=int(hold) + 20))


def held_window(outcome) -> dict | None:
    """{'held', 'since', 'until'} from what the run holding threads printed, or None."""
    try:
        lines = [json.loads(line) for line in outcome.stdout.strip().splitlines()]
        return {**lines[0], **lines[1]}
    except (ValueError, IndexError, TypeError):
        return None
