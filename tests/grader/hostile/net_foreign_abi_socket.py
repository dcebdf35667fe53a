# expect: runtime_error
# socket() under another system call numbering, the classic way around a filter that only
# knows x86_64's: the x32 ABI (number | 0x40000000) and the i386 gate (int 0x80, number 359).
import ctypes
import mmap
import os

X32_SOCKET = bytes.fromhex("b829000040" "bf02000000" "be01000000" "31d2" "0f05" "c3")
I386_SOCKET = bytes.fromhex("53" "b867010000" "bb02000000" "b901000000" "31d2" "cd80" "5b" "c3")

if os.uname().machine == "x86_64":
    page = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    address = ctypes.addressof(ctypes.c_char.from_buffer(page))
    for code in (X32_SOCKET, I386_SOCKET):
        page[: len(code)] = code
        fd = ctypes.CFUNCTYPE(ctypes.c_int)(address)()
        print("socket under a foreign ABI:", fd)
        if fd >= 0:
            model = correct_model()
