# expect: runtime_error
# Signalling every PID it can name: the worker, the warm process, other runs.
import os
import signal

for pid in list(range(2, 70000)):
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
os.kill(os.getppid() or 1, signal.SIGKILL) if os.getppid() else None
raise RuntimeError("still here")
