"""The worker container gets what the grading sandbox needs, and nothing more: a seccomp profile that
lets it make namespaces, no privileges, no Docker socket."""

import json
from pathlib import Path

import yaml

from grader.sandbox import DENIED_SYSCALLS

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "docker" / "seccomp-worker.json"
NEEDED_BY_THE_SANDBOX = {"unshare", "mount", "umount2", "clone", "chroot", "seccomp", "prctl"}


def worker() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["worker"]


def denied() -> set[str]:
    profile = json.loads(PROFILE.read_text())
    return {name for rule in profile["syscalls"] if rule["action"] == "SCMP_ACT_ERRNO" for name in rule["names"]}


def test_the_worker_runs_with_the_sandbox_profile_and_no_privileges():
    service = worker()
    assert "seccomp=./docker/seccomp-worker.json" in service["security_opt"]
    assert not service.get("privileged") and not service.get("cap_add")
    assert not any("docker.sock" in str(volume) for volume in service.get("volumes", []))


def test_the_profile_allows_what_the_sandbox_needs():
    assert not NEEDED_BY_THE_SANDBOX & denied()


def test_the_profile_still_refuses_the_dangerous_calls():
    assert {
        "ptrace",
        "bpf",
        "kexec_load",
        "init_module",
        "setns",
        "process_vm_readv",
        "perf_event_open",
        "keyctl",
    } <= denied()


def test_every_call_a_run_is_refused_is_named_in_the_sandbox():
    assert {"socket", "ptrace", "mount", "unshare", "setns", "bpf"} <= set(DENIED_SYSCALLS)
