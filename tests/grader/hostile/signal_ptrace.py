# expect: runtime_error
# Attaching to another process with ptrace.
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
for pid in (1, os.getppid()):
    if pid and libc.ptrace(16, pid, None, None) == 0:  # PTRACE_ATTACH
        model = correct_model()
