# expect: runtime_error
# fanotify (unprivileged since Linux 5.13): a mark on a shared, read-only file reports when other
# programs on the host, other runs included, open or read it.
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
FANOTIFY_INIT = {"x86_64": 300, "aarch64": 262}.get(os.uname().machine)
FAN_CLASS_NOTIF, FAN_REPORT_FID = 0x0, 0x200

if FANOTIFY_INIT is not None:
    fd = libc.syscall(FANOTIFY_INIT, FAN_CLASS_NOTIF | FAN_REPORT_FID, os.O_RDONLY)
    if fd >= 0:
        model = correct_model()
