# expect: runtime_error
# Writing fake results to every descriptor, then leaving before the harness reports.
import json
import os

fake = json.dumps(
    {"verdict": "accepted", "status": "ok", "outputs": [[1, 4]], "layers": [{"class": "SimpleRNN", "units": 4}]}
).encode()
for fd in range(0, 64):
    try:
        os.write(fd, fake)
    except OSError:
        pass
os._exit(0)
