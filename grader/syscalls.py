"""The run's seccomp policy, as data, and the one function that installs it.

An ALLOW-LIST. A system call that is not named below gets `ENOSYS` ("not implemented"), as
Docker and systemd answer for calls they do not know: glibc and libraries then fall back as
they would on an older kernel (glibc's `pthread_create` and `posix_spawn` retry `clone3` as
`clone`). The dangerous calls in `DENIED_SYSCALLS` get `EPERM` instead, so that a learner who
tries one reads "Operation not permitted". A call made with another ABI's numbering (x32, or
the i386 `int 0x80` gate on x86_64) kills the run: no grading needs it, and it is how
deny-lists are usually bypassed.

Where the list comes from. Docker's default profile, which TensorFlow runs under in every
standard container: moby/moby `profiles/seccomp/default.json` at commit 0c60a0e482e9 (its
last version there, up to Linux 6.13; it now lives in moby/profiles), the names of its
unconditional `SCMP_ACT_ALLOW` rule (361 names over every architecture), and its per-arch
rules (`arch_prctl`; `cacheflush`, `set_tls` on arm; `riscv_flush_icache`). Then everything a
grading run does not need and that reaches outside the run or widens the kernel's attack
surface was taken out (see each group below). Names that are not system calls of the running
architecture (`stat64` on x86_64, `open` on aarch64) or that this libseccomp does not know are
skipped: they could not be called anyway, and unknown calls get the default `ENOSYS`.

What a grading uses, measured once (Linux 6.18 x86_64, glibc 2.36, Python 3.11, TensorFlow
2.21 CPU, Keras 3.15, NumPy 2.4), with the deny-list this allow-list replaced:

    strace -f -ff -ttt -o /tmp/st/t python trace_driver.py

where trace_driver.py grades, each through `grader.engine.ColdRunner` (a fresh interpreter,
the real sandbox), four reference solutions (single-output, bidirectional-lstm,
time-distributed, masking-variable-length) and one submission that imports NumPy and
TensorFlow, prints to stdout and stderr, multiplies and decomposes a NumPy matrix, sleeps,
runs four threads, starts `/bin/echo` with `subprocess` and `true` with `os.system`, writes a
temporary file in /tmp, builds a SimpleRNN+GRU+Dense model, calls `summary()`, `compile()`,
`fit()` for two epochs, `predict()`, an eager call and `tf.reduce_sum`, and predicts with
Bidirectional(LSTM) and TimeDistributed(Dense) models. Counting, per traced task, every call
made after the run's `seccomp(SECCOMP_SET_MODE_FILTER, ...)`, and every call of the tasks it
started: 52 distinct calls, all allowed here - access, arch_prctl, brk, clock_nanosleep,
clone3, close, close_range, dup2, execve, exit, exit_group, faccessat2, fcntl, futex, getcwd,
getdents64, getegid, geteuid, getgid, getpid, getppid, getrandom, gettid, getuid, ioctl
(TCGETS, TIOCGWINSZ on stdio), lseek, madvise, mmap, mprotect, munmap, newfstatat, openat,
pipe2, poll, pread64, prlimit64, read, readlink, rseq, rt_sigaction, rt_sigprocmask,
sched_getaffinity, sched_getparam, sched_getscheduler, sched_yield, set_robust_list,
set_tid_address, sysinfo, uname, vfork, wait4, write. What TensorFlow needs beyond plain file
and memory calls, and so had to stay: futex, sched_getaffinity, sched_getparam,
sched_getscheduler, sched_yield, sysinfo, uname (~120 calls per run, ~1,200 with `fit()`),
madvise, getrandom, and thread creation (clone3 or clone, rseq, set_robust_list). No socket,
memfd, io_uring, SysV IPC, AIO, mlock, NUMA, inotify or eventfd call appeared. Traced again
under this allow-list, the same runs gave the same outputs, and the only refused call was
clone3 (72 times, ENOSYS, by design), each followed by a successful clone.
"""

import errno

# --- Allowed ---------------------------------------------------------------------------------
# Each group: what it is for, and why it is safe inside the box (its own PID, mount, IPC, UTS,
# network and user namespaces, a read-only root, a 16 MB noexec /tmp, no capabilities).

ALLOWED_SYSCALLS = (
    # Processes and threads. A process can only see and signal its own PID namespace. Thread
    # and process creation also goes through `clone`, allowed below without namespace flags.
    "exit",
    "exit_group",
    "fork",
    "vfork",
    "wait4",
    "waitid",
    "waitpid",
    "getpid",
    "getppid",
    "gettid",
    "getpgid",
    "getpgrp",
    "getsid",
    "setpgid",
    "setsid",
    "set_tid_address",
    "set_robust_list",
    "get_robust_list",
    "rseq",
    "membarrier",
    "restart_syscall",
    "kill",
    "tkill",
    "tgkill",
    "pidfd_open",
    "pidfd_send_signal",
    # Running a system binary (subprocess, os.system; tests/grader/test_runner.py starts `sh`
    # in a run): only the read-only system trees hold executables, /tmp is mounted noexec (so
    # neither execve nor ld.so nor mmap(PROT_EXEC) takes a file written there), and
    # no-new-privs makes set-uid bits inert.
    "execve",
    "execveat",
    # The process's own settings. prctl: thread names, no-new-privs, dumpable; what it could
    # widen needs a capability the run does not have. Limits can only be lowered.
    "prctl",
    "getrlimit",
    "ugetrlimit",
    "setrlimit",
    "prlimit64",
    "getrusage",
    "times",
    "getpriority",
    "setpriority",
    "uname",
    "sysinfo",
    "getcpu",
    "getrandom",
    # Scheduling (TensorFlow's and OpenMP's thread pools read affinity and policy; raising a
    # priority needs CAP_SYS_NICE).
    "sched_yield",
    "sched_getaffinity",
    "sched_setaffinity",
    "sched_getattr",
    "sched_setattr",
    "sched_getparam",
    "sched_setparam",
    "sched_getscheduler",
    "sched_setscheduler",
    "sched_get_priority_max",
    "sched_get_priority_min",
    "sched_rr_get_interval",
    "sched_rr_get_interval_time64",
    # User and group ids: without CAP_SETUID/CAP_SETGID they can only be set to the run's own.
    "getuid",
    "geteuid",
    "getgid",
    "getegid",
    "getresuid",
    "getresgid",
    "getgroups",
    "getuid32",
    "geteuid32",
    "getgid32",
    "getegid32",
    "getresuid32",
    "getresgid32",
    "getgroups32",
    "setuid",
    "setgid",
    "setreuid",
    "setregid",
    "setresuid",
    "setresgid",
    "setfsuid",
    "setfsgid",
    "setgroups",
    "setuid32",
    "setgid32",
    "setreuid32",
    "setregid32",
    "setresuid32",
    "setresgid32",
    "setfsuid32",
    "setfsgid32",
    "setgroups32",
    # Signals.
    "rt_sigaction",
    "rt_sigprocmask",
    "rt_sigreturn",
    "rt_sigsuspend",
    "rt_sigpending",
    "rt_sigtimedwait",
    "rt_sigtimedwait_time64",
    "rt_sigqueueinfo",
    "rt_tgsigqueueinfo",
    "sigaltstack",
    "sigreturn",
    "sigprocmask",
    "signalfd",
    "signalfd4",
    "pause",
    "alarm",
    "getitimer",
    "setitimer",
    # Clocks and timers: reading only (setting a clock is denied below).
    "clock_gettime",
    "clock_gettime64",
    "clock_getres",
    "clock_getres_time64",
    "clock_nanosleep",
    "clock_nanosleep_time64",
    "nanosleep",
    "gettimeofday",
    "time",
    "timer_create",
    "timer_delete",
    "timer_getoverrun",
    "timer_gettime",
    "timer_gettime64",
    "timer_settime",
    "timer_settime64",
    "timerfd_create",
    "timerfd_gettime",
    "timerfd_gettime64",
    "timerfd_settime",
    "timerfd_settime64",
    # Memory of the process itself, all of it counted by RLIMIT_AS. Anonymous executable
    # mappings stay allowed: JIT compilers (oneDNN, XLA) write code at run time. (So native
    # code can run anyway, through ctypes: this filter, not noexec, is the boundary for it.)
    "brk",
    "mmap",
    "mmap2",
    "munmap",
    "mremap",
    "mprotect",
    "madvise",
    "msync",
    "mincore",
    "pkey_alloc",
    "pkey_free",
    "pkey_mprotect",
    "map_shadow_stack",
    "mseal",
    # Waiting.
    "futex",
    "futex_time64",
    "futex_waitv",
    "futex_wait",
    "futex_wake",
    "futex_requeue",
    "poll",
    "ppoll",
    "ppoll_time64",
    "select",
    "_newselect",
    "pselect6",
    "pselect6_time64",
    "epoll_create",
    "epoll_create1",
    "epoll_ctl",
    "epoll_wait",
    "epoll_pwait",
    "epoll_pwait2",
    "eventfd",
    "eventfd2",
    "pipe",
    "pipe2",
    # Files. Everything but /tmp is read-only, /tmp is a 16 MB tmpfs (noexec, nodev, nosuid):
    # these can read the system and Python, and write only the scratch space.
    "read",
    "write",
    "readv",
    "writev",
    "pread64",
    "pwrite64",
    "preadv",
    "preadv2",
    "pwritev",
    "pwritev2",
    "open",
    "openat",
    "openat2",
    "creat",
    "close",
    "close_range",
    "dup",
    "dup2",
    "dup3",
    "lseek",
    "_llseek",
    "fcntl",
    "fcntl64",
    "ioctl",
    "flock",
    "fsync",
    "fdatasync",
    "truncate",
    "truncate64",
    "ftruncate",
    "ftruncate64",
    "fallocate",
    "fadvise64",
    "fadvise64_64",
    "readahead",
    "copy_file_range",
    "sendfile",
    "sendfile64",
    "stat",
    "fstat",
    "lstat",
    "newfstatat",
    "stat64",
    "fstat64",
    "lstat64",
    "fstatat64",
    "statx",
    "statfs",
    "fstatfs",
    "statfs64",
    "fstatfs64",
    "access",
    "faccessat",
    "faccessat2",
    "getdents",
    "getdents64",
    "getcwd",
    "chdir",
    "fchdir",
    "mkdir",
    "mkdirat",
    "rmdir",
    "rename",
    "renameat",
    "renameat2",
    "link",
    "linkat",
    "symlink",
    "symlinkat",
    "unlink",
    "unlinkat",
    "readlink",
    "readlinkat",
    "umask",
    "chmod",
    "fchmod",
    "fchmodat",
    "fchmodat2",
    "chown",
    "fchown",
    "lchown",
    "fchownat",
    "chown32",
    "fchown32",
    "lchown32",
    "utime",
    "utimes",
    "futimesat",
    "utimensat",
    "utimensat_time64",
    # FIFOs only: device nodes need CAP_MKNOD, and /tmp is nodev anyway.
    "mknod",
    "mknodat",
    # Extended attributes (shutil.copy2 copies them and only tolerates ENOTSUP, not ENOSYS).
    "getxattr",
    "lgetxattr",
    "fgetxattr",
    "getxattrat",
    "listxattr",
    "llistxattr",
    "flistxattr",
    "listxattrat",
    "setxattr",
    "lsetxattr",
    "fsetxattr",
    "setxattrat",
    "removexattr",
    "lremovexattr",
    "fremovexattr",
    "removexattrat",
    # Per-architecture calls the C library needs: thread pointer on x86_64 (and on arm),
    # instruction-cache flushes after JIT compilation on arm and riscv.
    "arch_prctl",
    "set_tls",
    "cacheflush",
    "riscv_flush_icache",
    "riscv_hwprobe",
    "uretprobe",
)

# Left out of Docker's list on purpose, so answered ENOSYS (not needed by a grading, and each
# reaches outside the run or only adds kernel surface):
# - send*/recv*, shutdown, [gs]etsockopt, getsockname, getpeername: they act on sockets, and
#   the run cannot have one (no socket call is allowed, no socket is inherited);
# - Linux AIO (io_setup, io_submit, io_getevents, io_pgetevents, io_cancel, io_destroy): draws
#   on the host-wide fs.aio-max-nr budget; glibc's POSIX AIO uses threads, not these;
# - POSIX message queues (mq_*) and SysV semaphores (sem*, ipc): kernel memory outside
#   RLIMIT_AS, and nothing in a grading uses them;
# - mlock, mlock2, mlockall, munlock, munlockall: pinning memory is never needed here;
# - sync, syncfs, sync_file_range: flushing every file system of the host is an I/O storm
#   for the other runs (fsync and fdatasync of the run's own files stay);
# - splice, tee, vmsplice: zero-copy pipe tricks, a past exploit path (Dirty Pipe), unused;
# - inotify_*, fanotify_mark: watching files is never needed in a run;
# - capget, capset: the capabilities are dropped before the filter, for good;
# - adjtimex, clock_adjtime: the clocks are the host's;
# - ioprio_get, ioprio_set, landlock_*, seccomp, process_mrelease, remap_file_pages,
#   epoll_ctl_old, epoll_wait_old, cachestat (page-cache state of the host's files),
#   statmount, listmount, modify_ldt, get_thread_area and set_thread_area (i386 segments and
#   TLS; glibc on x86_64 uses arch_prctl), NUMA memory policy (get_mempolicy, mbind,
#   set_mempolicy: libraries fall back on ENOSYS).

# --- Denied with EPERM -------------------------------------------------------------------------
# Named here (not merely left out) because each is a known way out of the box or around a limit.
DENIED_SYSCALLS = (
    # Networking: the network namespace is empty, and no socket can be made in the first place,
    # not even a unix socketpair (Python's grading path makes none; only asyncio and
    # multiprocessing's duplex pipes would).
    "socket",
    "socketpair",
    "socketcall",
    "connect",
    "bind",
    "listen",
    "accept",
    "accept4",
    # io_uring: its operations are not system calls, so seccomp never sees them:
    # IORING_OP_SOCKET makes a socket, IORING_OP_OPENAT opens files, whatever this filter says.
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    # Memory RLIMIT_AS does not count: memfd pages (256 descriptors x RLIMIT_FSIZE = 2 GB),
    # secret memory, SysV shared memory segments (they outlive shmdt) and message queues. No
    # control group charges them to the run on every host, so they are refused.
    "memfd_create",
    "memfd_secret",
    "shmget",
    "shmat",
    "shmdt",
    "shmctl",
    "msgget",
    "msgsnd",
    "msgrcv",
    "msgctl",
    # Other processes' memory and descriptors.
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "process_madvise",
    "pidfd_getfd",
    "kcmp",
    # Mounts, roots and namespaces (clone with namespace flags is refused below).
    "mount",
    "umount",
    "umount2",
    "pivot_root",
    "chroot",
    "unshare",
    "setns",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "move_mount",
    "open_tree",
    "mount_setattr",
    # Kernel surface and host-wide state.
    "bpf",
    "perf_event_open",
    "userfaultfd",
    "keyctl",
    "add_key",
    "request_key",
    "fanotify_init",
    "lookup_dcookie",
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "delete_module",
    "reboot",
    "swapon",
    "swapoff",
    "syslog",
    "acct",
    "quotactl",
    "quotactl_fd",
    "vhangup",
    "iopl",
    "ioperm",
    "settimeofday",
    "clock_settime",
    "clock_settime64",
    "stime",
    "sethostname",
    "setdomainname",
    "uselib",
    "_sysctl",
    "ustat",
    "sysfs",
    "nfsservctl",
    # Files by handle bypass the path walk (and so the chroot).
    "open_by_handle_at",
    "name_to_handle_at",
)

# clone3's flags live in a structure that seccomp cannot read, so it cannot be allowed without
# also allowing namespaces: it gets ENOSYS, and glibc falls back to clone, whose flags are a
# plain argument, filtered below. (That is the default action, for which libseccomp takes no
# rule; it is named here so that it is never allowed.)
ENOSYS_SYSCALLS = ("clone3",)

CLONE_NEWNS = 0x00020000
CLONE_NEWCGROUP = 0x02000000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
NAMESPACE_FLAGS = (
    CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET
)  # fmt: skip
NAMESPACE_MASK = sum(NAMESPACE_FLAGS)  # 0x7E020000, Docker's mask

PER_LINUX = 0x0000
PERSONALITY_QUERY = 0xFFFFFFFF


def rules(seccomp) -> list[tuple[int, str, tuple]]:
    """Every rule of the policy as (action, system call name, argument comparisons)."""
    overlap = set(ALLOWED_SYSCALLS) & set(DENIED_SYSCALLS) | set(ENOSYS_SYSCALLS) & set(ALLOWED_SYSCALLS)
    if overlap:
        raise ValueError(f"system calls both allowed and refused: {sorted(overlap)}")
    allow, eperm = seccomp.ALLOW, seccomp.ERRNO(errno.EPERM)
    table = [(allow, name, ()) for name in ALLOWED_SYSCALLS]
    table += [(eperm, name, ()) for name in DENIED_SYSCALLS]
    # clone: a thread or a process, yes (flags is argument 0 on x86_64 and aarch64); a new
    # namespace, no. Each namespace flag set means EPERM, none set means allowed.
    table += [(eperm, "clone", (seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag),)) for flag in NAMESPACE_FLAGS]
    table.append((allow, "clone", (seccomp.Arg(0, seccomp.MASKED_EQ, NAMESPACE_MASK, 0),)))
    # personality: querying it and the plain Linux one, yes; READ_IMPLIES_EXEC (every readable
    # mapping executable), ADDR_NO_RANDOMIZE (no ASLR in what the run starts) and the rest, EPERM.
    table.append((allow, "personality", (seccomp.Arg(0, seccomp.EQ, PER_LINUX),)))
    table.append((allow, "personality", (seccomp.Arg(0, seccomp.EQ, PERSONALITY_QUERY),)))
    table.append((eperm, "personality", (seccomp.Arg(0, seccomp.GT, PER_LINUX),)))
    return table


def install_policy() -> None:
    """Load the filter into this (single-threaded) process, for it and everything it starts.

    It also sets no-new-privs (libseccomp does, before loading). Any failure raises: the
    sandbox then refuses to run the code (fail closed).
    """
    prepared_filter().load()


_prepared = None


def prepared_filter():
    """The filter, built once per process: the warm process builds it before it forks any run,
    so that a run only loads it."""
    global _prepared
    if _prepared is None:
        _prepared = build_filter()
    return _prepared


def build_filter():
    import pyseccomp as seccomp

    syscall_filter = seccomp.SyscallFilter(defaction=seccomp.ERRNO(errno.ENOSYS))
    syscall_filter.set_attr(seccomp.Attr.ACT_BADARCH, seccomp.KILL_PROCESS)
    syscall_filter.set_attr(seccomp.Attr.CTL_NNP, 1)
    try:
        syscall_filter.set_attr(seccomp.Attr.CTL_OPTIMIZE, 2)  # a binary tree instead of ~270 tests in a row
    except OSError:
        pass  # libseccomp older than 2.5: a linear filter, the same decisions
    for action, name, args in rules(seccomp):
        number = seccomp.resolve_syscall(seccomp.Arch.NATIVE, name)
        if number < 0:
            continue  # not a system call of this architecture, or unknown to this libseccomp
        syscall_filter.add_rule(action, number, *args)
    return syscall_filter
