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

from grader.limits import Limits
from grader.runner import RunOutcome, run_sandboxed

HEADER = struct.Struct("!I")
# A request holds at most 64 KB of code; an outcome at most the output cap plus the report.
MAX_MESSAGE_BYTES = 4 * 1024 * 1024
PR_SET_PDEATHSIG = 1


def send_message(conn: socket.socket, payload: dict) -> None:
    data = json.dumps(payload).encode()
    conn.sendall(HEADER.pack(len(data)) + data)


def receive_message(conn: socket.socket, limit: int = MAX_MESSAGE_BYTES) -> dict:
    header = receive_exactly(conn, HEADER.size)
    (length,) = HEADER.unpack(header)
    if length > limit:
        raise ValueError("message too large")
    return json.loads(receive_exactly(conn, length))


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


def serve_one(conn: socket.socket, slot: int) -> None:
    """In a supervisor: one request in, one outcome out."""
    try:
        message = receive_message(conn)
        limits = Limits(**message["limits"])
        outcome: RunOutcome = run_sandboxed(message["request"], limits, slot=slot, weak=message.get("weak", False))
        send_message(conn, {"outcome": outcome.as_dict()})
    finally:
        conn.close()


class Zygote:
    def __init__(self, listener: socket.socket, slots: int):
        self.listener = listener
        self.free_slots = list(range(slots))
        self.busy: dict[int, int] = {}  # supervisor pid -> slot

    def reap(self) -> None:
        while self.busy:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            slot = self.busy.pop(pid, None)
            if slot is not None:
                self.free_slots.append(slot)

    def take_slot(self) -> int:
        # More connections than slots only happens when clients exceed their concurrency;
        # they then share uids, which still keeps them apart by namespaces.
        return self.free_slots.pop(0) if self.free_slots else len(self.busy)

    def serve_forever(self) -> None:
        while True:
            self.reap()
            ready, _, _ = select.select([self.listener], [], [], 0.2)
            if not ready:
                continue
            conn, _ = self.listener.accept()
            slot = self.take_slot()
            pid = os.fork()
            if pid == 0:
                self.listener.close()
                try:
                    serve_one(conn, slot)
                finally:
                    os._exit(0)
            conn.close()
            self.busy[pid] = slot


def main(socket_path: str, slots: int) -> None:
    import ctypes
    import ctypes.util

    ctypes.CDLL(ctypes.util.find_library("c")).prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0)  # die with the worker
    warm_up()
    from grader import sandbox

    sandbox.prepare_mountpoint()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    if os.path.exists(socket_path):
        os.unlink(socket_path)
    listener.bind(socket_path)
    os.chmod(socket_path, 0o600)
    listener.listen(64)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # nothing else goes to the engine's pipe
    os.close(devnull)
    Zygote(listener, slots).serve_forever()
