# expect: runtime_error
# An atexit handler that would print a verdict at interpreter exit.
import atexit
import os

atexit.register(lambda: [os.write(fd, b'{"status": "ok"}') for fd in range(3, 32)])
