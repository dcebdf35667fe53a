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

from grader.cgroups import CgroupUnavailable, RunGroups
from grader.limits import Limits
from grader.reports import MAX_MESSAGE_DEPTH, decode_bounded, depth_within
from grader.runner import RunOutcome, run_sandboxed

HEADER = struct.Struct("!I")
# A request holds at most 64 KB of code; an outcome at most the output cap plus the report.
MAX_MESSAGE_BYTES = 4 * 1024 * 1024
PR_SET_PDEATHSIG = 1


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
    # Everything imported so far is permanent: a forked child's garbage collector then skips
    # it instead of walking (and copying, page by page) hundreds of MB of TensorFlow's objects.
    gc.collect()
    gc.freeze()


def serve_one(conn: socket.socket, groups: RunGroups | None) -> None:
    """In a supervisor: one request in, one outcome out."""
    try:
        message = receive_message(conn)
        limits = Limits(**message["limits"])
        weak = message.get("weak", False)
        group = (
            None if weak or groups is None else groups.create(run_group_name(os.getpid()), limits, run_tasks(limits))
        )
        try:
            outcome: RunOutcome = run_sandboxed(message["request"], limits, weak=weak, group=group)
        finally:
            if group is not None:
                group.remove()
        send_message(conn, {"outcome": outcome.as_dict()})
    finally:
        conn.close()


def run_group_name(supervisor_pid: int) -> str:
    return f"run-{supervisor_pid}"


def run_tasks(limits: Limits) -> int:
    from grader.sandbox import SANDBOX_TASKS

    return SANDBOX_TASKS + limits.processes


class Zygote:
    def __init__(self, listener: socket.socket, groups: RunGroups | None):
        self.listener = listener
        self.groups = groups
        self.supervisors: set[int] = set()

    def reap(self) -> None:
        while self.supervisors:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self.supervisors.discard(pid)
            if self.groups is not None:
                # A supervisor killed mid-run leaves its run's group behind: it is empty by now.
                self.groups.forget(run_group_name(pid))

    def serve_forever(self) -> None:
        while True:
            self.reap()
            ready, _, _ = select.select([self.listener], [], [], 0.2)
            if not ready:
                continue
            conn, _ = self.listener.accept()
            pid = os.fork()
            if pid == 0:
                self.listener.close()
                try:
                    die_with_parent()
                    serve_one(conn, self.groups)
                finally:
                    os._exit(0)
            conn.close()
            self.supervisors.add(pid)


def die_with_parent() -> None:
    import ctypes
    import ctypes.util

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
    Zygote(listener, groups).serve_forever()
