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

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

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
NOBODY_BASE_UID = 61000  # one unprivileged uid per concurrent run slot (root mode)

# The system paths a Python with TensorFlow needs, bound read-only into the new root.
SYSTEM_PATHS = ("/usr", "/etc", "/lib", "/lib64", "/bin", "/sbin")
DEVICES = ("/dev/null", "/dev/zero", "/dev/random", "/dev/urandom")
# Syscalls the submission never needs and that would reach outside its box.
DENIED_SYSCALLS = (
    "socket",
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "unshare",
    "setns",
    "keyctl",
    "add_key",
    "request_key",
    "bpf",
    "perf_event_open",
    "userfaultfd",
    "kexec_load",
    "init_module",
    "finit_module",
    "delete_module",
    "reboot",
    "swapon",
    "swapoff",
    "syslog",
    "acct",
    "quotactl",
    "open_by_handle_at",
    "name_to_handle_at",
)

libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


class IsolationUnavailable(OSError):
    """The kernel or the container refuses what the sandbox needs; the message says what."""


ROOT_MOUNTPOINT = Path("/tmp/unroll-sandbox-root")


def python_paths() -> list[str]:
    """The interpreter's own trees (standard library, site-packages), wherever they are installed."""
    paths = {sys.base_prefix, sys.prefix, sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"]}
    return sorted(paths)


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


def write_file(path: str, text: str) -> None:
    with open(path, "w") as handle:
        handle.write(text)


def enter_user_namespace_if_needed() -> int:
    """Root can build namespaces directly; anyone else needs a user namespace to own them."""
    if os.geteuid() == 0:
        return 0
    uid, gid = os.geteuid(), os.getegid()
    unshare(CLONE_NEWUSER)
    write_file("/proc/self/setgroups", "deny")
    write_file("/proc/self/uid_map", f"0 {uid} 1")
    write_file("/proc/self/gid_map", f"0 {gid} 1")
    return CLONE_NEWUSER


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
    mount("none", "/", None, MS_REC | MS_PRIVATE)
    mount("unroll-root", str(root), "tmpfs", MS_NOSUID, "size=1m,mode=755")
    # Scratch first: Python itself may live under /tmp (a checkout there), and its trees are
    # then bound read-only on top of the scratch space, at their own paths.
    (root / "tmp").mkdir(mode=0o1777)
    mount("scratch", str(root / "tmp"), "tmpfs", MS_NOSUID | MS_NODEV, f"size={scratch_mb}m,mode=1777")
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


def enter_root(root: Path) -> None:
    """In the new PID namespace: a /proc that shows only this run, then chroot."""
    mount("proc", str(root / "proc"), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    os.chroot(root)
    os.chdir("/tmp")


def drop_privileges(slot: int, user_namespace: bool) -> None:
    """Root mode: become a dedicated unprivileged uid. User-namespace mode: shed every capability."""
    for cap in range(CAP_LAST + 1):
        libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    if not user_namespace:
        uid = NOBODY_BASE_UID + slot
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
        return
    clear_capabilities()


def clear_capabilities() -> None:
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this thread
    data = (ctypes.c_uint32 * 6)()
    check(libc.syscall(capset_syscall(), header, data), "capset")


def capset_syscall() -> int:
    """capset(2)'s number: x86_64 and aarch64 (the machines Unroll's images are built for) differ."""
    return {"x86_64": 126, "aarch64": 91}[os.uname().machine]


def install_seccomp() -> None:
    import pyseccomp as seccomp

    prctl(PR_SET_NO_NEW_PRIVS, 1)
    syscall_filter = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    for name in DENIED_SYSCALLS:
        try:
            syscall_filter.add_rule(seccomp.ERRNO(errno.EPERM), name)
        except (RuntimeError, ValueError, OSError):
            continue  # not a syscall on this architecture
    syscall_filter.load()


def current_address_space() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def apply_rlimits(limits: Limits, address_space_base: int, tasks_already: int) -> None:
    """Limits relative to this process: it inherited the warm process's mappings (TensorFlow's)."""
    memory = address_space_base + limits.memory_mb * 1024 * 1024
    processes = tasks_already + limits.processes
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


def isolate_process(slot: int, limits: Limits, keep_fds: tuple[int, ...]) -> None:
    """Call in a fresh child; returns in the fully isolated grandchild (the middle process never returns)."""
    close_other_fds(keep_fds)
    # Root mode gives each slot its own uid, so RLIMIT_NPROC counts this run alone; a user
    # namespace maps to the worker's uid, whose existing threads must be counted in.
    tasks_already = tasks_of_user(os.geteuid()) if os.geteuid() != 0 else 0
    user_namespace = enter_user_namespace_if_needed()
    unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWPID)
    root = build_root(limits.scratch_mb)
    pid = os.fork()
    if pid:
        relay_exit_status(pid)
    prctl(PR_SET_PDEATHSIG, 9)  # if the middle process is killed, so is this one
    enter_root(root)
    base = current_address_space()
    drop_privileges(slot, bool(user_namespace))
    install_seccomp()
    apply_rlimits(limits, base, tasks_already)


def close_other_fds(keep: tuple[int, ...]) -> None:
    """No descriptor of the warm process crosses into the run: only stdio and the protocol's own."""
    previous = -1
    for fd in sorted({0, 1, 2, *keep}):
        if fd - previous > 1:
            os.closerange(previous + 1, fd)
        previous = fd
    os.closerange(previous + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[0])


def tasks_of_user(uid: int) -> int:
    """Threads the real uid already runs (RLIMIT_NPROC counts them all, the worker's included)."""
    count = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if os.stat(entry.path).st_uid == uid:
                    count += len(os.listdir(f"{entry.path}/task"))
            except OSError:
                continue
    return count
