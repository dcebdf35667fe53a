# expect: runtime_error
# memfd pages are not in the address space until mapped: 256 descriptors x RLIMIT_FSIZE (8 MB)
# would hold 2 GB past RLIMIT_AS. Fill memfds until more than 1 GB is held.
import ctypes
import os
import resource

libc = ctypes.CDLL(None, use_errno=True)
MEMFD_CREATE = {"x86_64": 319, "aarch64": 279}.get(os.uname().machine)


def new_memfd(number):
    if hasattr(os, "memfd_create"):
        try:
            return os.memfd_create(f"hog{number}")
        except OSError:
            pass
    if MEMFD_CREATE is not None:
        fd = libc.syscall(MEMFD_CREATE, f"hog{number}".encode(), 0)
        if fd >= 0:
            return fd
    raise OSError(ctypes.get_errno(), "memfd_create refused")


each = min(8 * 1024 * 1024, resource.getrlimit(resource.RLIMIT_FSIZE)[0])
chunk = b"x" * (1024 * 1024)
held, descriptors = 0, []
for number in range(256):
    try:
        fd = new_memfd(number)
    except OSError:
        break
    descriptors.append(fd)
    for _ in range(each // len(chunk)):
        held += os.write(fd, chunk)
    if held > 1024**3:
        break
print(f"memfd: {len(descriptors)} descriptors, {held >> 20} MB held")
if held > 1024**3:
    model = correct_model()
