# expect: runtime_error
# New namespaces from inside the run (a user namespace has every capability in it): clone3 and
# clone with CLONE_NEWUSER / CLONE_NEWNET / CLONE_NEWNS, and unshare.
import ctypes
import os
import struct

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
CLONE, CLONE3 = {"x86_64": (56, 435), "aarch64": (220, 435)}.get(os.uname().machine, (None, None))
CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWNET, SIGCHLD = 0x00020000, 0x10000000, 0x40000000, 17
made = []


def child_made(pid, how):
    if pid == 0:
        os._exit(0)  # the child: leave at once
    if pid > 0:
        os.waitpid(pid, 0)
        made.append(how)


for flags in (CLONE_NEWUSER, CLONE_NEWUSER | CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNS):
    if CLONE3 is not None:
        args = ctypes.create_string_buffer(struct.pack("8Q", flags, 0, 0, 0, SIGCHLD, 0, 0, 0))
        child_made(libc.syscall(CLONE3, args, ctypes.c_size_t(64)), f"clone3 {flags:#x}")
    if CLONE is not None:
        child_made(libc.syscall(CLONE, ctypes.c_ulong(flags | SIGCHLD), None, None, None, None), f"clone {flags:#x}")
for flags in (CLONE_NEWUSER, CLONE_NEWNET, CLONE_NEWNS):
    if libc.unshare(flags) == 0:
        made.append(f"unshare {flags:#x}")
print("made:", made)
if made:
    model = correct_model()
