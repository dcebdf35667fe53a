"""A control group per run, where the host lends them: the run's processes, memory and CPU charged to it alone.

rlimits count per process (CPU, address space) and cannot see tmpfs, memfd or shared-memory
pages; a control group counts every task and page of the run, whoever else runs on the host.

| mode | where | what it charges to the run |
| --- | --- | --- |
| cgroup v1 | the `pids`, `memory` and `cpuacct` hierarchies, under the warm process's own groups (root) | `pids.max`, `memory.limit_in_bytes` (page cache, tmpfs, memfd, shm included), `cpuacct.usage` |
| cgroup v2 | under `GRADER_CGROUP_ROOT`, a delegated cgroup v2 folder the worker may write | `pids.max`, `memory.max` (swap 0), `cpu.stat` |
| none | where no group can be made (an unprivileged container) | the run's own user namespace still counts its processes alone (`grader.sandbox`) |

`RunGroups.find()` says which mode this host allows; `RunGroups.create()` makes one run's
group, which the run's first process joins before it builds its sandbox.
"""

import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from grader.limits import Limits

V1_CONTROLLERS = {"pids": "pids", "memory": "memory", "cpu": "cpuacct"}
V2_CONTROLLERS = ("pids", "memory", "cpu")
DELEGATED_ROOT_VARIABLE = "GRADER_CGROUP_ROOT"
REMOVE_TRIES = 50  # a group empties a moment after its last task is reaped


class CgroupUnavailable(OSError):
    """The host lends no control group this process may use; the message says why."""


@dataclass
class GroupEvents:
    """What the kernel recorded about one run's group after it ended."""

    processes_limit_hit: bool = False
    memory_oom_kills: int = 0
    cpu_seconds: float = 0.0


@dataclass
class RunGroup:
    """One run's group: a folder per hierarchy (v1) or one folder (v2)."""

    version: int
    folders: dict[str, Path] = field(default_factory=dict)  # pids / memory / cpu -> folder

    def limit(self, limits: Limits, tasks: int) -> None:
        """At most `tasks` tasks and the run's memory (swap included, where swap is accounted)."""
        memory = limits.memory_mb * 1024 * 1024
        write(self.folders["pids"] / "pids.max", tasks)
        if self.version == 1:
            write(self.folders["memory"] / "memory.limit_in_bytes", memory)
            swap = self.folders["memory"] / "memory.memsw.limit_in_bytes"
            if swap.exists():
                write(swap, memory)
        else:
            write(self.folders["memory"] / "memory.max", memory)
            write(self.folders["memory"] / "memory.swap.max", 0)

    def join(self) -> None:
        """Move the calling process (and so everything it starts later) into the group."""
        for folder in set(self.folders.values()):
            (folder / "cgroup.procs").write_text(str(os.getpid()))

    def cpu_seconds(self) -> float:
        if self.version == 1:
            return int(read(self.folders["cpu"] / "cpuacct.usage") or 0) / 1e9
        return flat_keys(read(self.folders["cpu"] / "cpu.stat")).get("usage_usec", 0) / 1e6

    def events(self) -> GroupEvents:
        memory_events = "memory.oom_control" if self.version == 1 else "memory.events"
        return GroupEvents(
            processes_limit_hit=self.reached_its_process_limit(),
            memory_oom_kills=flat_keys(read(self.folders["memory"] / memory_events)).get("oom_kill", 0),
            cpu_seconds=self.cpu_seconds(),
        )

    def reached_its_process_limit(self) -> bool:
        """Whether the run itself held as many tasks as its own pids.max (not an ancestor's limit).

        pids.events counts failed forks whichever group's limit refused them (on v1), so the
        peak, where the kernel keeps one, tells the run's own limit from the host's.
        """
        folder = self.folders["pids"]
        peak, limit = read(folder / "pids.peak").strip(), read(folder / "pids.max").strip()
        if peak.isdigit() and limit.isdigit():
            return int(peak) >= int(limit)
        return flat_keys(read(folder / "pids.events")).get("max", 0) > 0

    def kill(self) -> None:
        """SIGKILL every task still in the group."""
        for pid in self.tasks():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                continue

    def tasks(self) -> list[int]:
        return [int(line) for line in read(self.folders["pids"] / "cgroup.procs").split()]

    def remove(self) -> None:
        """Delete the group's folders once the kernel has let its last task go."""
        for _ in range(REMOVE_TRIES):
            remaining = [f for f in set(self.folders.values()) if not try_rmdir(f)]
            if not remaining:
                return
            self.kill()
            time.sleep(0.02)


@dataclass
class RunGroups:
    """Where this process makes its runs' groups."""

    version: int
    bases: dict[str, Path]  # pids / memory / cpu -> the folder runs' groups go in

    @property
    def mode(self) -> str:
        return f"cgroup v{self.version}"

    @classmethod
    def find(cls, engine_name: str) -> "RunGroups":
        """This host's groups for runs, in a folder named for this engine; CgroupUnavailable if none."""
        delegated = os.environ.get(DELEGATED_ROOT_VARIABLE)
        if delegated:
            return cls.in_delegated_v2(Path(delegated), engine_name)
        if os.geteuid() != 0:
            raise CgroupUnavailable("only root may make control groups here, and no delegated group was given")
        return cls.in_own_v1_groups(engine_name)

    @classmethod
    def in_own_v1_groups(cls, engine_name: str) -> "RunGroups":
        own = own_v1_groups()
        missing = [name for name in V1_CONTROLLERS.values() if name not in own]
        if missing:
            raise CgroupUnavailable(f"no cgroup v1 hierarchy for {', '.join(missing)}")
        bases = {role: own[name] / engine_name for role, name in V1_CONTROLLERS.items()}
        make_folders(bases.values())
        return cls(1, bases)

    @classmethod
    def in_delegated_v2(cls, root: Path, engine_name: str) -> "RunGroups":
        available = read(root / "cgroup.controllers").split()
        missing = [name for name in V2_CONTROLLERS if name not in available]
        if missing:
            raise CgroupUnavailable(f"{root} does not offer the {', '.join(missing)} controller(s)")
        base = root / engine_name
        make_folders([base])
        enable_controllers(root)
        enable_controllers(base)
        return cls(2, dict.fromkeys(V2_CONTROLLERS, base))

    def create(self, name: str) -> RunGroup:
        """A new, empty group for one run; `RunGroup.limit` sets its limits once they are known."""
        group = self.group(name)
        make_folders(group.folders.values())
        return group

    def group(self, name: str) -> RunGroup:
        return RunGroup(self.version, {role: base / name for role, base in self.bases.items()})

    def forget(self, name: str) -> None:
        """Delete a run's group once its supervisor has ended (whatever of the run is left is killed)."""
        self.group(name).remove()

    def remove_stale(self, alive: Callable[[str], bool]) -> None:
        """Groups left by engines that died (kill -9): delete those that are empty.

        Engines that start together clean the same folders at once: a folder another one has
        already removed is done, never an error (the warm process would die before it is ready).
        """
        for base in set(self.bases.values()):
            for folder in base.parent.iterdir():
                if folder != base and folder.name.startswith("unroll-") and not alive(folder.name):
                    remove_with_its_runs(folder)

    def close(self) -> None:
        for base in set(self.bases.values()):
            for run in base.iterdir():
                if run.is_dir():
                    try_rmdir(run)
            try_rmdir(base)


def own_v1_groups() -> dict[str, Path]:
    """Each mounted v1 controller's folder for this process's own group."""
    paths = {}
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, names, path = line.split(":", 2)
        for name in names.split(","):
            if name:
                paths[name] = path
    folders = {}
    for mount_root, mount_point, options in v1_mounts():
        for name in options:
            if name in paths:
                relative = os.path.relpath(paths[name], mount_root)
                folders[name] = Path(mount_point) / ("" if relative == "." else relative)
    return folders


def v1_mounts() -> list[tuple[str, str, list[str]]]:
    """(root, mount point, controllers) of each cgroup v1 mount."""
    mounts = []
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields, _, tail = line.partition(" - ")
        fstype, _, super_options = tail.split(" ", 2)
        if fstype == "cgroup":
            parts = fields.split()
            mounts.append((parts[3], parts[4], super_options.split(",")))
    return mounts


def enable_controllers(folder: Path) -> None:
    wanted = " ".join(f"+{name}" for name in V2_CONTROLLERS)
    try:
        write(folder / "cgroup.subtree_control", wanted)
    except OSError as exc:
        raise CgroupUnavailable(f"cannot enable {wanted} in {folder}: {exc.strerror}") from exc


def make_folders(folders) -> None:
    for folder in folders:
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            raise CgroupUnavailable(f"cannot make the control group {folder}: {exc.strerror}") from exc


def remove_with_its_runs(folder: Path) -> None:
    """Delete a dead engine's folder and the empty run folders in it, whoever else deletes them meanwhile."""
    try:
        runs = [run for run in folder.iterdir() if run.is_dir()]
    except (FileNotFoundError, NotADirectoryError):
        return
    for run in runs:
        try_rmdir(run)
    try_rmdir(folder)


def try_rmdir(folder: Path) -> bool:
    try:
        folder.rmdir()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


def read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def write(path: Path, value: object) -> None:
    path.write_text(str(value))


def flat_keys(text: str) -> dict[str, int]:
    """'key value' lines (pids.events, memory.events, cpu.stat) as a mapping."""
    found = {}
    for line in text.splitlines():
        key, _, value = line.partition(" ")
        if value.strip().lstrip("-").isdigit():
            found[key] = int(value)
    return found
