# expect: runtime_error
# personality(): READ_IMPLIES_EXEC makes every readable mapping executable, ADDR_NO_RANDOMIZE
# turns ASLR off for what the run starts next.
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
libc.personality.restype = ctypes.c_int
libc.personality.argtypes = (ctypes.c_ulong,)
READ_IMPLIES_EXEC, ADDR_NO_RANDOMIZE, QUERY = 0x0400000, 0x0040000, 0xFFFFFFFF

for persona in (READ_IMPLIES_EXEC, ADDR_NO_RANDOMIZE):
    if libc.personality(persona) != -1 and libc.personality(QUERY) & persona:
        model = correct_model()
