"""The engine's start-up proof of isolation: probe code run as a submission, in a real sandbox.

The probe tries what hostile code would (the network, a secret file, the worker's
environment and processes, writing to the system) and prints what got through. Any opening
means the worker must not grade, and the message says what is missing.
"""

import json
import os
import secrets
import tempfile
from pathlib import Path

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
