# expect: time_limit
# Ignoring the CPU limit's warning signal.
import signal

signal.signal(signal.SIGXCPU, signal.SIG_IGN)
while True:
    pass
