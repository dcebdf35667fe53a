# expect: runtime_error time_limit
# A fork bomb: contained by the process limit and the PID namespace.
import os

while True:
    os.fork()
