"""Control groups left by dead engines are cleaned by whichever engine starts next, and several may start at once.

These tests make real cgroup v1 folders (root only), named like a dead engine's.
"""

import os
import threading
from pathlib import Path

import pytest

from grader.cgroups import CgroupUnavailable, RunGroups

DEAD_ENGINE = "unroll-engine-4999999"  # above any pid this kernel hands out (pid_max is 4194304 at most)


@pytest.fixture
def groups():
    try:
        found = RunGroups.find(f"unroll-engine-{os.getpid()}")
    except CgroupUnavailable as exc:
        pytest.skip(f"no control groups here: {exc}")
    yield found
    found.close()


def leave_stale_groups(groups: RunGroups, runs: int = 3) -> list[Path]:
    """What a killed engine leaves: its folder in every hierarchy, with empty run folders inside."""
    folders = [base.parent / DEAD_ENGINE for base in set(groups.bases.values())]
    for folder in folders:
        for run in range(runs):
            (folder / f"unroll-run-{run}").mkdir(parents=True, exist_ok=True)
    return folders


def test_a_dead_engines_groups_are_removed(groups):
    folders = leave_stale_groups(groups)
    groups.remove_stale(alive=lambda name: name != DEAD_ENGINE)
    assert not any(folder.exists() for folder in folders)


def test_a_folder_another_engine_removes_first_is_not_an_error(groups):
    """The other engine wins the race between our look at the folder and our removal of it."""
    folders = leave_stale_groups(groups)

    def another_engine_cleans_first(name: str) -> bool:
        if name == DEAD_ENGINE:
            RunGroups(groups.version, groups.bases).remove_stale(alive=lambda other: other != DEAD_ENGINE)
        return name != DEAD_ENGINE

    groups.remove_stale(alive=another_engine_cleans_first)
    assert not any(folder.exists() for folder in folders)


def test_engines_starting_together_all_clean_without_error(groups):
    errors = []

    def clean() -> None:
        try:
            RunGroups(groups.version, groups.bases).remove_stale(alive=lambda name: name != DEAD_ENGINE)
        except OSError as exc:
            errors.append(exc)

    for _ in range(30):
        leave_stale_groups(groups, runs=20)
        cleaners = [threading.Thread(target=clean) for _ in range(4)]
        for cleaner in cleaners:
            cleaner.start()
        for cleaner in cleaners:
            cleaner.join()
    assert errors == []
