"""Linux isolation for one run: namespaces, a read-only minimal root, dropped privileges, seccomp, rlimits.

`isolate_process()` is called in a freshly forked child; it returns in a *grandchild* that is
PID 1 of new PID, mount, network, IPC and UTS namespaces, chrooted into a new root that holds
only what Python needs (read-only) plus a private, size-bounded /tmp, running as an
unprivileged user with no capabilities, no-new-privs, a seccomp filter and rlimits. The
forked child in between only waits for it and passes its exit status on.

When the grandchild (PID 1 of its namespace) ends, the kernel kills every process the
submission started: nothing of a run survives it.
"""

import ctypes
import ctypes.util
import errno
import os
import resource
import signal
import sys
import sysconfig
from pathlib import Path

from grader.limits import Limits
from grader.syscalls import (
    CLONE_NEWIPC,
    CLONE_NEWNET,
    CLONE_NEWNS,
    CLONE_NEWPID,
    CLONE_NEWUSER,
    CLONE_NEWUTS,
    install_policy,
)
from grader.syscalls import DENIED_SYSCALLS as DENIED_SYSCALLS  # re-exported: the worker's profile test

MS_RDONLY = 0x1
MS_NOSUID = 0x2
MS_NODEV = 0x4
MS_NOEXEC = 0x8
MS_REMOUNT = 0x20
MS_BIND = 0x1000
MS_REC = 0x4000
MS_PRIVATE = 1 << 18

PR_SET_NO_NEW_PRIVS = 38
PR_SET_PDEATHSIG = 1
PR_CAPBSET_DROP = 24
CAP_LAST = 40
SANDBOX_TASKS = 2  # the middle process and the run's PID 1, before the submission adds any
# The host uid of every run started by root. Runs need no uid of their own: each has its own
# user, PID, mount, IPC and network namespaces, and the kernel counts its processes per user namespace.
SANDBOX_UID = 61000

# The system paths a Python with TensorFlow needs, bound read-only into the new root.
SYSTEM_PATHS = ("/usr", "/etc", "/lib", "/lib64", "/bin", "/sbin")
DEVICES = ("/dev/null", "/dev/zero", "/dev/random", "/dev/urandom")
# The run's seccomp policy (an allow-list; DENIED_SYSCALLS get EPERM) is grader/syscalls.py.

libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


class IsolationUnavailable(OSError):
    """The kernel or the container refuses what the sandbox needs; the message says what."""


ROOT_MOUNTPOINT = Path("/tmp/unroll-sandbox-root")


def python_paths() -> list[str]:
    """The interpreter's own trees (standard library, site-packages), wherever they are installed.

    Each also at its real path: a virtual environment made of symbolic links (lib64 -> lib, or a
    whole tree linked from elsewhere) must resolve inside the new root as it does outside.
    """
    trees = sysconfig.get_paths()
    paths = {sys.base_prefix, sys.prefix, trees["stdlib"], trees["purelib"], trees["platlib"]}
    return sorted(paths | {os.path.realpath(path) for path in paths})


def prepare_mountpoint() -> None:
    """Every run mounts its own root here, each in its own mount namespace: one empty folder serves all."""
    ROOT_MOUNTPOINT.mkdir(mode=0o700, exist_ok=True)


def check(result: int, what: str) -> None:
    if result != 0:
        code = ctypes.get_errno()
        raise IsolationUnavailable(code, f"{what} failed: {os.strerror(code)}")


def unshare(flags: int) -> None:
    check(libc.unshare(flags), "unshare")


def mount(source: str, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    result = libc.mount(
        source.encode(), target.encode(), fstype.encode() if fstype else None, flags, data.encode() if data else None
    )
    check(result, f"mount {source} on {target}")


def prctl(option: int, arg: int) -> None:
    check(libc.prctl(option, arg, 0, 0, 0), f"prctl({option})")


def enter_user_namespace() -> None:
    """Every run gets a user namespace of its own: an identity unique on the host.

    The kernel counts processes (RLIMIT_NPROC), pending signals, message queues and inotify
    instances per user *and per user namespace* (ucounts, Linux 5.15+), so a run's limits count
    that run alone, whatever other engines, workers or containers of the same host uid run
    beside it. Its uid 0 is mapped by `map_user_namespace`: by the process itself when it is
    not root, else by its parent, since only a process outside may map another uid.
    """
    unshare(CLONE_NEWUSER)


def map_user_namespace(pid: int | str, host_uid: int, host_gid: int) -> None:
    """Make uid and gid 0 of `pid`'s new user namespace `host_uid` and `host_gid` on the host."""
    for name, text in (("setgroups", "deny"), ("uid_map", f"0 {host_uid} 1"), ("gid_map", f"0 {host_gid} 1")):
        with open(f"/proc/{pid}/{name}", "w") as handle:
            handle.write(text)


def become_namespace_root() -> None:
    """Take the namespace's uid and gid 0 (for root's runs, SANDBOX_UID on the host)."""
    os.setresgid(0, 0, 0)
    os.setresuid(0, 0, 0)


def leave_root_behind() -> None:
    """Before root's run enters its namespace: no supplementary groups, and no low host-level cap on processes.

    A new user namespace records its creator's RLIMIT_NPROC as the ceiling of the creator's own
    host-wide count (all of root's processes), so it is raised as far as root may: only the run's
    own count, in its namespace, is what `apply_rlimits` limits.
    """
    os.setgroups([])
    _, hard = resource.getrlimit(resource.RLIMIT_NPROC)
    resource.setrlimit(resource.RLIMIT_NPROC, (hard, hard))


def bind_read_only(source: str, target: Path, device: bool = False) -> None:
    if os.path.isdir(source):
        target.mkdir(parents=True, exist_ok=True)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch(exist_ok=True)
    mount(source, str(target), None, MS_BIND | MS_REC)
    # A bind mount is writable until it is remounted read-only. Keep the flags the kernel
    # locks on it (noexec), and forbid device nodes except on the devices we bind on purpose.
    flags = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | (0 if device else MS_NODEV)
    mount("none", str(target), None, flags | (os.statvfs(source).f_flag & MS_NOEXEC))


def build_root(scratch_mb: int) -> Path:
    """A tmpfs holding a private scratch /tmp and read-only binds of the system and of Python, nothing else."""
    root = ROOT_MOUNTPOINT
    prepare_mountpoint()
    mount("none", "/", None, MS_REC | MS_PRIVATE)
    mount("unroll-root", str(root), "tmpfs", MS_NOSUID, "size=1m,mode=755")
    # Scratch first: Python itself may live under /tmp (a checkout there), and its trees are
    # then bound read-only on top of the scratch space, at their own paths.
    (root / "tmp").mkdir(mode=0o1777)
    mount("scratch", str(root / "tmp"), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, f"size={scratch_mb}m,mode=1777")
    for path in SYSTEM_PATHS:
        if os.path.islink(path):
            (root / path.lstrip("/")).symlink_to(os.readlink(path))
        elif os.path.isdir(path):
            bind_read_only(path, root / path.lstrip("/"))
    for path in python_paths():
        if os.path.isdir(path) and not any(path.startswith(p + "/") for p in SYSTEM_PATHS):
            bind_read_only(path, root / path.lstrip("/"))
    for device in DEVICES:
        bind_read_only(device, root / device.lstrip("/"), device=True)
    (root / "proc").mkdir()
    return root


def mount_proc(root: Path) -> None:
    """In the new PID namespace: a /proc that shows only this run."""
    mount("proc", str(root / "proc"), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)


def drop_privileges() -> None:
    """Shed every capability the run holds in its own user namespace, for good (bounding set emptied)."""
    for cap in range(CAP_LAST + 1):
        libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    clear_capabilities()


def clear_capabilities() -> None:
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this thread
    data = (ctypes.c_uint32 * 6)()
    check(libc.syscall(capset_syscall(), header, data), "capset")


def capset_syscall() -> int:
    """capset(2)'s number: x86_64 and aarch64 (the machines Unroll's images are built for) differ."""
    return {"x86_64": 126, "aarch64": 91}[os.uname().machine]


def install_seccomp() -> None:
    """No-new-privs, then the run's system-call allow-list (grader/syscalls.py); raises if either fails."""
    prctl(PR_SET_NO_NEW_PRIVS, 1)
    install_policy()


def current_address_space() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def apply_rlimits(limits: Limits, address_space_base: int) -> None:
    """Limits relative to this process: it inherited the warm process's mappings (TensorFlow's).

    RLIMIT_NPROC counts the tasks of the run's own user namespace only: the middle process, the
    run's PID 1, and the `processes` it may add.
    """
    memory = address_space_base + limits.memory_mb * 1024 * 1024
    processes = SANDBOX_TASKS + limits.processes
    for which, value in (
        (resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1)),
        (resource.RLIMIT_AS, (memory, memory)),
        (resource.RLIMIT_FSIZE, (limits.file_size_mb * 1024 * 1024,) * 2),
        (resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files)),
        (resource.RLIMIT_NPROC, (processes, processes)),
        (resource.RLIMIT_CORE, (0, 0)),
    ):
        resource.setrlimit(which, value)


def relay_exit_status(pid: int) -> None:
    """The middle process: wait for the sandboxed grandchild and exit the way it did."""
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        # Die of the same signal so the supervisor sees it; restore its default action first
        # (SIGKILL has no action to restore).
        number = os.WTERMSIG(status)
        if number != signal.SIGKILL:
            signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1)


def isolate_process(limits: Limits, keep_fds: tuple[int, ...]) -> None:
    """Call in a fresh child; returns in the fully isolated grandchild (the middle process never returns).

    Anyone but root needs the user namespace first, to own the others; root builds the box as
    root, and the run then enters a user namespace of its own, which the middle process maps.
    (Where the host lends control groups, the child starts in its run's: its supervisor joined it.)
    """
    die_with_parent()
    close_other_fds(keep_fds)
    as_root = os.geteuid() == 0
    if not as_root:
        enter_user_namespace()
        map_user_namespace("self", os.geteuid(), os.getegid())
        become_namespace_root()
        die_with_parent()
    unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWPID)
    root = build_root(limits.scratch_mb)
    handshake = Handshake()
    pid = os.fork()
    if pid:
        if as_root:
            handshake.map_child(pid)
        relay_exit_status(pid)
    die_with_parent()  # if the middle process is killed, so is this one
    mount_proc(root)
    if as_root:
        leave_root_behind()
        enter_user_namespace()
        handshake.wait_for_map()
        become_namespace_root()
        die_with_parent()
    handshake.close()
    os.chroot(root)
    os.chdir("/tmp")
    base = current_address_space()
    drop_privileges()
    install_seccomp()
    apply_rlimits(limits, base)


class Handshake:
    """Two pipes between the middle process and the run: "I have my namespace" / "it is mapped"."""

    def __init__(self):
        self.entered_r, self.entered_w = os.pipe()
        self.mapped_r, self.mapped_w = os.pipe()

    def map_child(self, pid: int) -> None:
        """In the middle process: once the run has entered its namespace, map it to SANDBOX_UID."""
        os.close(self.entered_w)
        os.close(self.mapped_r)
        if os.read(self.entered_r, 1) == b"1":  # nothing comes if the run died first
            map_user_namespace(pid, SANDBOX_UID, SANDBOX_UID)
            os.write(self.mapped_w, b"1")
        os.close(self.entered_r)
        os.close(self.mapped_w)

    def wait_for_map(self) -> None:
        os.write(self.entered_w, b"1")
        if os.read(self.mapped_r, 1) != b"1":
            raise IsolationUnavailable(errno.EPERM, "the user namespace of the run could not be mapped")

    def close(self) -> None:
        for fd in (self.entered_r, self.entered_w, self.mapped_r, self.mapped_w):
            try:
                os.close(fd)
            except OSError:
                continue


def die_with_parent() -> None:
    """SIGKILL when the parent dies (a change of identity clears this, so it is set again after one)."""
    parent = os.getppid()
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def close_other_fds(keep: tuple[int, ...]) -> None:
    """No descriptor of the warm process crosses into the run: only stdio and the protocol's own."""
    previous = -1
    for fd in sorted({0, 1, 2, *keep}):
        if fd - previous > 1:
            os.closerange(previous + 1, fd)
        previous = fd
    os.closerange(previous + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
