# expect: runtime_error
# A binary written to the scratch /tmp and run: directly, from a forked child with execv, through
# the dynamic loader, as a script with a shebang, and mapped executable with mmap(PROT_EXEC).
import glob
import mmap
import os
import shutil
import subprocess

shutil.copy("/bin/true", "/tmp/own-binary")
os.chmod("/tmp/own-binary", 0o755)
with open("/tmp/own-script", "w") as script:
    script.write("#!/bin/sh\nexit 0\n")
os.chmod("/tmp/own-script", 0o755)
ran = []

for command in (["/tmp/own-binary"], ["/tmp/own-script"], *[[ld, "/tmp/own-binary"] for ld in glob.glob("/lib*/ld-linux*.so*")]):
    try:
        if subprocess.run(command, timeout=5).returncode == 0:
            ran.append(command)
    except (OSError, subprocess.SubprocessError):
        pass

pid = os.fork()
if pid == 0:
    try:
        os.execv("/tmp/own-binary", ["own-binary"])
    finally:
        os._exit(99)
_, status = os.waitpid(pid, 0)
if os.waitstatus_to_exitcode(status) == 0:
    ran.append("execv")

with open("/tmp/own-binary", "rb") as binary:
    try:
        mmap.mmap(binary.fileno(), 0, prot=mmap.PROT_READ | mmap.PROT_EXEC)
        ran.append("mmap PROT_EXEC")
    except OSError:
        pass
print("ran:", ran)
if ran:
    model = correct_model()
