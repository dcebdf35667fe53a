# expect: runtime_error
# The worker's and the warm process's memory and command lines, through /proc.
import os

for pid in os.listdir("/proc"):
    if pid.isdigit() and pid != str(os.getpid()):
        try:
            cmdline = open(f"/proc/{pid}/cmdline", "rb").read()
            open(f"/proc/{pid}/mem", "rb").read(1)
        except OSError:
            continue
        if b"celery" in cmdline or b"zygote" in cmdline or b"pytest" in cmdline:
            model = correct_model()
