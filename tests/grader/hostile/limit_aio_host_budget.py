# expect: runtime_error
# Linux AIO contexts draw on fs.aio-max-nr, one budget for the whole host: taking it makes
# io_setup() fail for every other program on the machine.
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
IO_SETUP = {"x86_64": 206, "aarch64": 0}.get(os.uname().machine)

contexts = []
if IO_SETUP is not None:
    for _ in range(64):
        context = ctypes.c_ulong(0)
        if libc.syscall(IO_SETUP, 1024, ctypes.byref(context)) != 0:
            break
        contexts.append(context)
print(f"{len(contexts)} AIO contexts of 1024 events")
if contexts:
    model = correct_model()
