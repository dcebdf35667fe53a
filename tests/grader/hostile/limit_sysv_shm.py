# expect: runtime_error
# SysV shared memory outlives shmdt, so segments filled and detached one by one are never in
# the address space at once: more than 1 GB held past RLIMIT_AS. POSIX shared memory too.
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
libc.shmat.argtypes = (ctypes.c_int, ctypes.c_void_p, ctypes.c_int)
libc.shmdt.argtypes = (ctypes.c_void_p,)
IPC_PRIVATE, IPC_CREAT = 0, 0o1000
SEGMENT = 64 * 1024 * 1024

held = 0
for _ in range(20):
    segment = libc.shmget(IPC_PRIVATE, ctypes.c_size_t(SEGMENT), IPC_CREAT | 0o600)
    if segment < 0:
        break
    address = libc.shmat(segment, None, 0)
    if address in (None, ctypes.c_void_p(-1).value):
        break
    ctypes.memset(address, 1, SEGMENT)
    libc.shmdt(address)
    held += SEGMENT
print(f"SysV shared memory: {held >> 20} MB held")

try:
    from multiprocessing import shared_memory

    blocks = [shared_memory.SharedMemory(create=True, size=SEGMENT) for _ in range(20)]
    for block in blocks:
        block.buf[:] = b"x" * SEGMENT
        block.close()
    held += 20 * SEGMENT
except (OSError, ValueError) as exc:
    print("POSIX shared memory:", type(exc).__name__)
if held > 1024**3:
    model = correct_model()
