# expect: runtime_error
# Descriptors inherited from the worker: only stdin, stdout, stderr and the report pipe exist.
import os

fds = [int(fd) for fd in os.listdir("/proc/self/fd")]
others = [fd for fd in fds if fd > 2]
# one of them is the report pipe, one is the listing itself
if len(others) > 2:
    model = correct_model()
else:
    raise RuntimeError(f"only {fds}")
