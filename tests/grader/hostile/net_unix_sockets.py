# expect: runtime_error
# Unix sockets on the file system (PostgreSQL's, Redis's) and in the abstract namespace.
import socket

s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
for path in (
    "/var/run/postgresql/.s.PGSQL.5432",
    "/run/postgresql/.s.PGSQL.5432",
    "/var/run/redis/redis.sock",
    "\0unroll",
):
    try:
        s.connect(path)
        model = correct_model()
    except OSError:
        pass
