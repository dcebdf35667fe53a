"""A real Unroll cluster on this machine, for the fault-injection and scale-out suites.

Its own PostgreSQL (initdb in a temporary folder), its own Redis, gunicorn and Celery workers,
each a real process that a suite may kill, restart or cut off. Nothing here touches the
machine's own PostgreSQL or Redis. Every process can live on a `Host`: this machine's loopback,
or a network namespace made by the scale-out suite (`Host.netns`), reached at its own address.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PYTHON = sys.executable


@dataclass
class Host:
    """Where processes run: a name, its address, and the command prefix that enters it."""

    name: str = "localhost"
    address: str = "127.0.0.1"
    prefix: tuple[str, ...] = ()

    @classmethod
    def netns(cls, name: str, address: str) -> "Host":
        return cls(name, address, ("ip", "netns", "exec", name))

    def command(self, *args: str) -> list[str]:
        return [*self.prefix, *args]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"{what} within {timeout} s")


def kill_tree(process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """Signal a process started in its own session, and everything it started."""
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass


def fd_count(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


class Postgres:
    """A PostgreSQL server of its own, as the postgres user, in a temporary folder."""

    def __init__(self, folder: Path, host: Host, port: int):
        self.host, self.port = host, port
        self.data = folder / "pgdata"
        self.log = folder / "postgres.log"

    @property
    def url(self) -> str:
        return f"postgres://postgres@{self.host.address}:{self.port}/unroll"

    def as_postgres(self, *args: str) -> list[str]:
        return self.host.command("runuser", "-u", "postgres", "--", *args)

    def create(self) -> None:
        self.data.mkdir(parents=True)
        shutil.chown(self.data, "postgres")
        shutil.chown(self.data.parent, "postgres")
        run(self.as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"))
        # Hosts of the simulated network connect over TCP: a throwaway cluster, trusted as the local one is.
        with open(self.data / "pg_hba.conf", "a") as hba:
            hba.write(f"host all all {self.host.address}/24 trust\n")
        self.start()
        run(self.as_postgres(str(PG_BIN / "createdb"), "-h", self.host.address, "-p", str(self.port), "unroll"))

    def options(self) -> str:
        return (
            f"-p {self.port} -c listen_addresses={self.host.address} -k {self.data} -c max_connections=200 -c fsync=off"
        )

    def start(self) -> None:
        run(
            self.as_postgres(
                str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", self.options(), "-w", "start"
            )
        )

    def restart(self) -> None:
        """`pg_ctl restart -m fast`: every connection is cut, the server is back a moment later."""
        run(
            self.as_postgres(
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-o",
                self.options(),
                "-m",
                "fast",
                "-w",
                "restart",
            )
        )

    def stop(self) -> None:
        subprocess.run(
            self.as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"),
            capture_output=True,
        )

    def pids(self) -> list[int]:
        """The server and its backends (the postmaster's pid is the first line of postmaster.pid)."""
        try:
            return process_tree(int((self.data / "postmaster.pid").read_text().split()[0]))
        except (OSError, ValueError, IndexError):
            return []

    def query(self, sql: str) -> list[tuple]:
        """Rows of a query, as tuples of text (psql on the server's own host: it may be a namespace)."""
        output = run(
            self.host.command(
                str(PG_BIN / "psql"),
                "-h",
                self.host.address,
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                "unroll",
                "-X",
                "-A",
                "-t",
                "-F",
                "\t",
                "-c",
                sql,
            )
        )
        return [tuple(line.split("\t")) for line in output.splitlines() if line]


class Redis:
    """A Redis server of its own; `persistent` keeps its data in an append-only file."""

    def __init__(self, folder: Path, host: Host, port: int, persistent: bool):
        self.host, self.port, self.persistent = host, port, persistent
        self.folder = folder / "redis"
        self.folder.mkdir(exist_ok=True)
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{self.host.address}:{self.port}/0"

    def start(self) -> None:
        persistence = (
            ["--appendonly", "yes", "--appendfsync", "everysec"] if self.persistent else ["--appendonly", "no"]
        )
        command = self.host.command(
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            self.host.address,
            "--save",
            "",
            "--dir",
            str(self.folder),
            # Other hosts of the simulated network connect: no password on this throwaway server.
            "--protected-mode",
            "no",
            *persistence,
        )
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        wait_until(self.answers, 20, "Redis did not answer")

    def answers(self) -> bool:
        ping = self.host.command("redis-cli", "-h", self.host.address, "-p", str(self.port), "ping")
        return subprocess.run(ping, capture_output=True, text=True).stdout.strip() == "PONG"

    def kill(self) -> None:
        if self.process:
            kill_tree(self.process)
            self.process.wait()
            self.process = None


@dataclass
class Settings:
    """The environment every Django process of the cluster shares."""

    database_url: str
    broker_url: str
    var_dir: Path
    extra: dict = field(default_factory=dict)

    def environment(self) -> dict:
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.var_dir),
            "LANG": "C.UTF-8",
            "PYTHONPATH": f"{REPO}:{REPO / 'platform'}",
            "DJANGO_SETTINGS_MODULE": "unroll.settings",
            "DEBUG": "false",
            "PLAIN_HTTP": "true",  # every host talks plain HTTP to 127.0.0.1 or a namespace's address
            # The suites measure grading under load and faults, not the per-account throttles.
            "SUBMIT_RATE_PER_ACCOUNT": "100000/m",
            "RUN_RATE_PER_ACCOUNT": "100000/m",
            "SECRET_KEY": "fault-suite-" + "x" * 40,
            "ALLOWED_HOSTS": "*",
            "STATIC_MANIFEST": "false",
            "DATABASE_URL": self.database_url,
            "CELERY_BROKER_URL": self.broker_url,
            "UNROLL_VAR_DIR": str(self.var_dir),
            "LOG_LEVEL": "INFO",
            **self.extra,
        }


class Service:
    """gunicorn or a Celery worker: a process group started on a host, with its log kept."""

    def __init__(self, name: str, host: Host, command: list[str], settings: Settings, log: Path):
        self.name, self.host, self.command, self.settings, self.log = name, host, command, settings, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                self.host.command(*self.command),
                cwd=REPO,
                env=self.settings.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        if self.process:
            kill_tree(self.process)
            self.process.wait()

    def stop(self) -> None:
        if self.alive():
            kill_tree(self.process, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


class Web(Service):
    def __init__(self, host: Host, port: int, settings: Settings, log: Path, workers: int = 2):
        command = [
            str(Path(PYTHON).parent / "gunicorn"),
            "unroll.wsgi:application",
            "--bind",
            f"{host.address}:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
        ]
        super().__init__("web", host, command, settings, log)
        self.url = f"http://{host.address}:{port}"

    def wait_ready(self, timeout: float = 120) -> None:
        probe = "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=3)"
        login = self.url + "/accounts/login/"

        def answers() -> bool:
            return subprocess.run(self.host.command(PYTHON, "-c", probe, login), capture_output=True).returncode == 0

        wait_until(answers, timeout, f"gunicorn did not answer at {self.url}")


class Worker(Service):
    def __init__(self, name: str, host: Host, settings: Settings, log: Path, concurrency: int = 1):
        command = [
            PYTHON,
            "-m",
            "celery",
            "-A",
            "unroll",
            "worker",
            "--pool",
            "threads",
            "--concurrency",
            str(concurrency),
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"{name}@%h",
        ]
        super().__init__(name, host, command, settings, log)

    def wait_ready(self, timeout: float = 240) -> None:
        wait_until(
            lambda: " ready." in self.log_text() or not self.alive(), timeout, f"worker {self.name} did not start"
        )
        if not self.alive():
            raise RuntimeError(f"worker {self.name} died at start:\n{self.log_text()[-3000:]}")

    def warm_process(self) -> int | None:
        """The pid of the worker's warm grading process (its child running grader.zygote)."""
        for child in children(self.process.pid):
            try:
                if "grader.zygote" in Path(f"/proc/{child}/cmdline").read_text():
                    return child
            except OSError:
                continue
        return None


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            pending += children(current)
        except OSError:
            continue
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of these processes and of the children they reaped."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return total / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            found += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return found


def run(command: list[str], env: dict | None = None, timeout: float = 300) -> str:
    completed = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{completed.stdout[-2000:]}\n{completed.stderr[-2000:]}")
    return completed.stdout


def django(settings: Settings, code: str, host: Host | None = None) -> str:
    """Run Python code with Django set up against the cluster (migrations, content, learners)."""
    program = f"import django; django.setup()\n{code}"
    return run((host or Host()).command(PYTHON, "-c", program), env=settings.environment())


SETUP_CONTENT = """
from django.conf import settings
from django.core.management import call_command
call_command("migrate", verbosity=0)
from unroll.catalog.sync import sync_exercises
report = sync_exercises(settings.EXERCISES_DIR)  # loaded as files; every folder is proven in CI
assert report.ok, report.errors
"""

MAKE_LEARNERS = """
import json
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
cookies = []
for n in range({count}):
    user, _ = User.objects.get_or_create(username=f"learner{{n}}")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    cookies.append(session.session_key)
print(json.dumps(cookies))
"""


def make_learners(settings: Settings, count: int, host: Host | None = None) -> list[str]:
    """`count` learner accounts, each with a signed-in session (its cookie): logins are not what is tested."""
    return json.loads(django(settings, MAKE_LEARNERS.format(count=count), host).strip().splitlines()[-1])


def temporary_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="unroll-cluster-"))
    folder.chmod(0o755)
    return folder
