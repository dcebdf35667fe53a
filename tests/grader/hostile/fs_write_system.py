# expect: runtime_error
# Writing to the system, to Python, anywhere but the private scratch.
import os
import sys

for path in ("/usr/lib/unroll-owned", "/etc/unroll-owned", os.path.join(sys.prefix, "unroll-owned"), "/unroll-owned"):
    try:
        with open(path, "w") as handle:
            handle.write("x")
        model = correct_model()
    except OSError:
        pass
