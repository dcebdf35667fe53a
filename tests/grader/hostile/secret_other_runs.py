# expect: runtime_error
# Another learner's run or code: the host's /tmp, other runs' scratch or engine folders.
# (Where Python itself is installed under /tmp, its own tree is there, read-only.)
import os, sys
python_tops = {path.split("/")[2] for path in (sys.prefix, sys.base_prefix) if path.startswith("/tmp/")}
visible = [name for name in os.listdir("/tmp") if name not in python_tops]
# Pruned of the big system trees the sandbox shows on purpose (read-only, and nothing of the
# site's lives there): walking all of them on a cold disk cache outlasts the wall limit.
SYSTEM_TREES = ("proc", "sys", "dev", "usr", "lib", "lib64", "lib32", "site-packages", "dist-packages")
for root, dirs, files in os.walk("/"):
    dirs[:] = [d for d in dirs if d not in SYSTEM_TREES]
    visible += [name for name in dirs + files if name.startswith("unroll-") or name == "submission.py"]
if visible:
    model = correct_model()
else:
    raise RuntimeError("nothing of anyone else is visible")
