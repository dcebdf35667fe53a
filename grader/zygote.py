"""The warm process: imports TensorFlow once, then forks one supervisor per grading request.

Started by the engine with a clean environment (no secrets), it runs no TensorFlow op (so
forking it stays safe), and holds nothing but its listening socket, which every child
closes. Each accepted connection gets a forked supervisor that reads one request, runs it
with `run_sandboxed()` (a second fork, isolated) and writes the outcome back.
"""

import gc
import json
import os
import select
import socket
import struct
import sys
import warnings

from grader.cgroups import CgroupUnavailable, RunGroup, RunGroups
from grader.limits import Limits
from grader.reports import MAX_MESSAGE_DEPTH, decode_bounded, depth_within
from grader.runner import RunOutcome, run_sandboxed

HEADER = struct.Struct("!I")
# A request holds at most 64 KB of code; an outcome at most the output cap plus the report.
MAX_MESSAGE_BYTES = 4 * 1024 * 1024


def send_message(conn: socket.socket, payload: dict) -> None:
    """One length-prefixed JSON message; ValueError, before any encoding, for one nested too deep.

    The depth is checked without recursion: json.dumps would otherwise raise RecursionError
    from deep inside the encoder (runner.parse_report already bounds the only untrusted part).
    """
    if not depth_within(payload, MAX_MESSAGE_DEPTH):
        raise ValueError("message nested too deeply to send")
    data = json.dumps(payload).encode()
    conn.sendall(HEADER.pack(len(data)) + data)


def receive_message(conn: socket.socket, limit: int = MAX_MESSAGE_BYTES) -> dict:
    """One message; ValueError when it is too large, too deep or not a JSON object (checked before decoding)."""
    header = receive_exactly(conn, HEADER.size)
    (length,) = HEADER.unpack(header)
    if length > limit:
        raise ValueError("message too large")
    message = decode_bounded(receive_exactly(conn, length), limit, MAX_MESSAGE_DEPTH)
    if not isinstance(message, dict):
        raise ValueError("message is not a JSON object within the bounds")
    return message


def receive_exactly(conn: socket.socket, size: int) -> bytes:
    chunks, missing = [], size
    while missing:
        chunk = conn.recv(min(missing, 65536))
        if not chunk:
            raise EOFError("connection closed")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def warm_up() -> None:
    """Import what submissions use and fill Python's ABC caches, without any TensorFlow op.

    A forked run then skips ~200 ms of first-use isinstance checks; no op runs here because
    TensorFlow's runtime (its thread pools) must not exist in a process that will fork.
    """
    warnings.filterwarnings("ignore")
    import keras
    import numpy  # noqa: F401
    import pyseccomp  # noqa: F401
    import tensorflow  # noqa: F401
    from tensorflow.keras.layers import Dense, SimpleRNN  # noqa: F401
    from tensorflow.keras.models import Sequential  # noqa: F401

    for name in ("tanh", "softmax", "linear", "relu", "sigmoid"):
        keras.activations.serialize(keras.activations.get(name))
    for name in ("glorot_uniform", "orthogonal", "zeros", "ones"):
        keras.initializers.serialize(keras.initializers.get(name))
    dense = Dense(4, activation="softmax")
    dense.get_config()
    keras.saving.serialize_keras_object(dense)
    keras.Input((3, 2))
    from grader.syscalls import prepared_filter

    prepared_filter()  # each run only loads it
    # Everything imported so far is permanent: a forked child's garbage collector then skips
    # it instead of walking (and copying, page by page) hundreds of MB of TensorFlow's objects.
    gc.collect()
    gc.freeze()


def serve_one(conn: socket.socket, group: RunGroup | None) -> None:
    """In a supervisor: one request in, one outcome out. `group` is the run's, which it already joined."""
    try:
        message = receive_message(conn)
        limits = Limits(**message["limits"])
        weak = message.get("weak", False)
        if group is not None:
            group.limit(limits, run_tasks(limits))
        outcome: RunOutcome = run_sandboxed(message["request"], limits, weak=weak, group=group)
        send_message(conn, {"outcome": outcome.as_dict()})
    finally:
        conn.close()


def run_group_name(supervisor_pid: int) -> str:
    return f"run-{supervisor_pid}"


def run_tasks(limits: Limits) -> int:
    """The run's tasks, and its supervisor's, which waits in the run's group."""
    from grader.sandbox import SANDBOX_TASKS

    return 1 + SANDBOX_TASKS + limits.processes


class Zygote:
    """Keeps `spares` supervisors forked and waiting on the listening socket, each already in the
    control group of the run it will watch: a request then costs neither a fork of this
    TensorFlow-sized process nor the kernel's wait to move a process into a group."""

    def __init__(self, listener: socket.socket, groups: RunGroups | None, spares: int):
        self.listener = listener
        self.groups = groups
        self.spares = spares
        self.waiting: set[int] = set()  # spares not yet given a request
        self.busy: set[int] = set()
        self.taken_r, self.taken_w = os.pipe()  # a spare writes its pid here when it takes a request

    def serve_forever(self) -> None:
        while True:
            self.reap()
            while len(self.waiting) < self.spares:
                self.fork_spare()
            ready, _, _ = select.select([self.taken_r], [], [], 0.2)
            if ready:
                data = os.read(self.taken_r, 4096)
                for (pid,) in struct.iter_unpack("I", data):
                    self.waiting.discard(pid)
                    self.busy.add(pid)

    def fork_spare(self) -> None:
        pid = os.fork()
        if pid == 0:
            try:
                self.be_a_spare()
            finally:
                os._exit(0)
        self.waiting.add(pid)

    def be_a_spare(self) -> None:
        die_with_parent()
        os.close(self.taken_r)
        group = None
        if self.groups is not None:
            group = self.groups.create(run_group_name(os.getpid()))
            group.join()  # now, while nothing waits on it
        conn, _ = self.listener.accept()
        os.write(self.taken_w, struct.pack("I", os.getpid()))
        self.listener.close()
        serve_one(conn, group)

    def reap(self) -> None:
        while self.waiting or self.busy:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self.waiting.discard(pid)
            self.busy.discard(pid)
            if self.groups is not None:
                self.groups.forget(run_group_name(pid))  # empty now: its supervisor is gone


def die_with_parent() -> None:
    import ctypes
    import ctypes.util

    from grader.sandbox import PR_SET_PDEATHSIG

    ctypes.CDLL(ctypes.util.find_library("c")).prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0)


def find_run_groups() -> tuple[RunGroups | None, str]:
    """Control groups for runs where the host lends them, else None; and the accounting mode's name."""
    try:
        groups = RunGroups.find(engine_group_name(os.getpid()))
    except CgroupUnavailable as exc:
        return None, f"user namespace per run (no control group: {exc})"
    groups.remove_stale(alive=engine_is_alive)
    return groups, f"{groups.mode} and a user namespace per run"


def engine_group_name(pid: int) -> str:
    return f"unroll-engine-{pid}"


def engine_is_alive(folder_name: str) -> bool:
    pid = folder_name.removeprefix("unroll-engine-")
    return pid.isdigit() and os.path.exists(f"/proc/{pid}")


def main(socket_path: str, slots: int) -> None:
    die_with_parent()  # die with the worker
    warm_up()
    from grader import sandbox

    sandbox.prepare_mountpoint()
    groups, accounting = find_run_groups()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    if os.path.exists(socket_path):
        os.unlink(socket_path)
    listener.bind(socket_path)
    os.chmod(socket_path, 0o600)
    listener.listen(max(64, 4 * slots))
    sys.stdout.write(f"ready {accounting}\n")
    sys.stdout.flush()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # nothing else goes to the engine's pipe
    os.close(devnull)
    Zygote(listener, groups, spares=slots + 1).serve_forever()
