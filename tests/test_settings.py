"""Settings refuse what they cannot read: a switch that is neither yes nor no, a number that is not one,
and the sandbox's development switch on a site that is not in development."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


PRINT_SWITCHES = "import unroll.settings as s; print(s.DEBUG, s.GRADER_ALLOW_UNSAFE)"


def load_settings(program: str = PRINT_SWITCHES, **env) -> subprocess.CompletedProcess:
    """Run `program` (by default: import the real settings module) in a fresh interpreter with exactly
    these variables set."""
    environment = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": f"{REPO}:{REPO / 'platform'}",
        "SECRET_KEY": "settings-test",
        "DATABASE_URL": "sqlite:///:memory:",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", program],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("word, meaning", [("true", True), ("On", True), ("1", True), ("no", False), ("0", False)])
def test_a_switch_reads_the_usual_words(word, meaning):
    loaded = load_settings(DEBUG=word)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.split()[0] == str(meaning)


@pytest.mark.parametrize("name, value", [("DEBUG", "treu"), ("SECURE_COOKIES", "enabled"), ("EMAIL_USE_TLS", "y")])
def test_a_switch_that_is_neither_yes_nor_no_is_refused_by_name(name, value):
    loaded = load_settings(**{name: value})
    assert loaded.returncode != 0
    assert "ImproperlyConfigured" in loaded.stderr
    assert f"{name}={value!r} is not a yes or a no" in loaded.stderr


def test_a_number_that_is_not_one_is_refused_by_name():
    loaded = load_settings(GRADER_CONCURRENCY="two")
    assert loaded.returncode != 0
    assert "GRADER_CONCURRENCY='two' is not a whole number" in loaded.stderr


def test_the_unsafe_grader_switch_is_refused_unless_debug_is_on():
    refused = load_settings(DEBUG="false", GRADER_ALLOW_UNSAFE="true")
    assert refused.returncode != 0
    assert "GRADER_ALLOW_UNSAFE=true grades learners' code without the sandbox" in refused.stderr
    allowed = load_settings(DEBUG="true", GRADER_ALLOW_UNSAFE="true")
    assert allowed.returncode == 0, allowed.stderr
    assert allowed.stdout.split() == ["True", "True"]


def test_the_quick_start_worker_looks_for_work_more_often_than_the_page_asks_for_a_verdict():
    # The filesystem broker cannot wake a worker: an idle worker lists the queue folder, then sleeps
    # `polling_interval` (kombu's default: 1 s, which was most of a quick-start verdict's wait).
    # Read through Celery's own connection, so a misspelt option (silently ignored) fails here.
    loaded = load_settings(
        "from unroll.celery import app; import unroll.settings as s;"
        "t = app.connection_for_write().transport; print(t.driver_type, t.polling_interval, s.VERDICT_POLL_MS)"
    )
    assert loaded.returncode == 0, loaded.stderr
    driver, polling_seconds, page_poll_ms = loaded.stdout.split()
    assert driver == "filesystem"
    # Faster than the page polls, so the broker adds less than a poll to the wait; above zero, or an idle
    # worker would spin a core (benchmarks/quickstart.py prints both the wait and the idle CPU).
    assert 0 < float(polling_seconds) < int(page_poll_ms) / 1000
