"""Container health probe (Docker's HEALTHCHECK contract: exit 0 healthy, 1 unhealthy).

    python docker/healthcheck.py web      the web server answers on 127.0.0.1:8000
    python docker/healthcheck.py worker   this container's Celery worker answers a ping

The web probe sends the first ALLOWED_HOSTS name as its Host header, so it passes Django's
host validation without logging "Invalid HTTP_HOST header" every 30 seconds; any answer
below 500 (a redirect to the login page, say) means the server is up.
"""

import http.client
import os
import socket
import sys
from pathlib import Path

# As manage.py does: the repository root and the platform/ source root, appended so that
# nothing in them can shadow the standard library. (The image's PYTHONPATH has both too.)
REPO = Path(__file__).resolve().parent.parent
for entry in (REPO, REPO / "platform"):
    if str(entry) not in sys.path:
        sys.path.append(str(entry))


def probe_host() -> str:
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost").split(",") if h.strip()]
    host = hosts[0] if hosts else "localhost"
    if host == "*":
        return "localhost"
    return host.lstrip(".")  # ".example.org" allows example.org and its subdomains


def web() -> int:
    connection = http.client.HTTPConnection("127.0.0.1", 8000, timeout=8)
    try:
        connection.request("GET", "/", headers={"Host": probe_host()})
        status = connection.getresponse().status
    except OSError as exc:
        print(f"web server not answering: {exc}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    if status >= 500:
        print(f"web server answered {status}", file=sys.stderr)
        return 1
    return 0


def worker() -> int:
    from unroll.celery import app

    node = f"celery@{socket.gethostname()}"  # celery's default node name, celery@%h
    replies = app.control.ping(destination=[node], timeout=10)
    if not replies:
        print(f"no ping reply from {node}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    role = sys.argv[1] if len(sys.argv) > 1 else "web"
    sys.exit(worker() if role == "worker" else web())
