# expect: runtime_error
# Another learner's run or code: the host's /tmp, other runs' scratch or engine folders.
import os

visible = os.listdir("/tmp")
for root, dirs, files in os.walk("/"):
    dirs[:] = [d for d in dirs if d not in ("proc", "sys", "dev")]
    visible += [name for name in dirs + files if name.startswith("unroll-") or name == "submission.py"]
if visible:
    model = correct_model()
else:
    raise RuntimeError("nothing of anyone else is visible")
