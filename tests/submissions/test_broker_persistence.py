"""The worker warns when the broker keeps nothing on disk; it says nothing of one that does.
Real Redis servers of this test's own, started with and without an append-only file."""

import shutil

import pytest

from support import IN_CI, free_port, start_redis_server
from unroll.submissions.broker import persistence_warning


@pytest.fixture
def redis_server(tmp_path):
    if not shutil.which("redis-server"):
        if IN_CI:
            pytest.fail("CI=true but redis-server is not installed")
        pytest.skip("needs redis-server")
    started = []

    def start(*persistence: str) -> str:
        port = free_port()
        started.append(start_redis_server(port, "--dir", str(tmp_path), *persistence))
        return f"redis://127.0.0.1:{port}/0"

    yield start
    for process in started:
        process.kill()
        process.wait()


def test_a_redis_that_keeps_nothing_is_warned_about(redis_server):
    warning = persistence_warning(redis_server("--save", "", "--appendonly", "no"))
    assert "keeps nothing on disk" in warning
    assert "--appendonly yes" in warning


def test_a_redis_with_an_append_only_file_is_fine(redis_server):
    assert persistence_warning(redis_server("--save", "", "--appendonly", "yes")) is None


def test_a_redis_with_snapshots_is_fine(redis_server):
    assert persistence_warning(redis_server("--save", "60 1", "--appendonly", "no")) is None


def test_the_quick_starts_filesystem_queue_needs_no_warning():
    assert persistence_warning("filesystem://") is None
