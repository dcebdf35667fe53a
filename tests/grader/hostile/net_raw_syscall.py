# expect: runtime_error
# socket() through libc directly, past Python's socket module.
import ctypes

libc = ctypes.CDLL(None)
if libc.socket(2, 1, 0) >= 0:  # AF_INET, SOCK_STREAM
    model = correct_model()
