# expect: runtime_error
# io_uring: its operations are not system calls, so a seccomp filter never sees them. Set up a
# ring and submit IORING_OP_SOCKET for an AF_INET socket, past the socket() ban.
import ctypes
import mmap
import struct

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
IO_URING_SETUP, IO_URING_ENTER = 425, 426  # the same on x86_64 and aarch64
IORING_OFF_SQ_RING, IORING_OFF_CQ_RING, IORING_OFF_SQES = 0, 0x8000000, 0x10000000
IORING_OP_SOCKET, IORING_ENTER_GETEVENTS = 45, 1
AF_INET, SOCK_STREAM = 2, 1

params = ctypes.create_string_buffer(120)  # struct io_uring_params
fd = libc.syscall(IO_URING_SETUP, ctypes.c_uint(4), params)
if fd >= 0:
    model = correct_model()  # the ring alone is already past the filter
    sq_entries, cq_entries = struct.unpack_from("II", params, 0)
    sq_head, sq_tail, sq_mask, _, _, _, sq_array = struct.unpack_from("7I", params, 40)
    cq_head, cq_tail, cq_mask, _, _, cqes = struct.unpack_from("6I", params, 80)
    sq = mmap.mmap(fd, sq_array + sq_entries * 4, offset=IORING_OFF_SQ_RING)
    cq = mmap.mmap(fd, cqes + cq_entries * 16, offset=IORING_OFF_CQ_RING)
    sqes = mmap.mmap(fd, sq_entries * 64, offset=IORING_OFF_SQES)
    tail = struct.unpack_from("I", sq, sq_tail)[0]
    index = tail & struct.unpack_from("I", sq, sq_mask)[0]
    sqe = bytearray(64)
    struct.pack_into("BBHi", sqe, 0, IORING_OP_SOCKET, 0, 0, AF_INET)  # opcode, flags, ioprio, fd=domain
    struct.pack_into("Q", sqe, 8, SOCK_STREAM)  # off = type
    struct.pack_into("I", sqe, 24, 0)  # len = protocol
    struct.pack_into("Q", sqe, 32, 0x5EC)  # user_data
    sqes[index * 64 : index * 64 + 64] = bytes(sqe)
    struct.pack_into("I", sq, sq_array + index * 4, index)
    struct.pack_into("I", sq, sq_tail, tail + 1)
    if libc.syscall(IO_URING_ENTER, fd, 1, 1, IORING_ENTER_GETEVENTS, None, 0) >= 0:
        head = struct.unpack_from("I", cq, cq_head)[0]
        entry = cqes + (head & struct.unpack_from("I", cq, cq_mask)[0]) * 16
        user_data, result = struct.unpack_from("Qi", cq, entry)
        print("IORING_OP_SOCKET gave", result)
        if user_data == 0x5EC and result >= 0:
            model = correct_model()
