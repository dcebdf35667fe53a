"""Shared fixtures: personas (a learner, another learner, an instructor) and the synced exercises."""

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from support import IN_CI
from unroll.catalog.sync import sync_exercises


def pytest_sessionstart(session):
    # Under CI the suite must run on the real PostgreSQL, never a silent SQLite fallback.
    if IN_CI and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.exit("CI=true but the tests are not configured for PostgreSQL", returncode=3)


@pytest.fixture
def alice(db):
    return User.objects.create_user("alice", "alice@example.com", "alice-password-1")


@pytest.fixture
def bob(db):
    return User.objects.create_user("bob", "bob@example.com", "bob-password-1")


@pytest.fixture
def charlie(db):
    """An instructor."""
    return User.objects.create_user("charlie", "charlie@example.com", "charlie-password-1", is_staff=True)


@pytest.fixture
def exercises(db):
    report = sync_exercises(settings.EXERCISES_DIR)
    assert report.ok, report.errors
    from unroll.catalog.models import Exercise

    return {e.slug: e for e in Exercise.objects.all()}


REPO = Path(__file__).resolve().parent.parent


def require_service(reachable: bool, what: str) -> None:
    """Under CI a missing service fails the test; on a developer's machine it skips it."""
    if reachable:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {what} is not reachable")
    pytest.skip(f"{what} is not reachable")


@pytest.fixture(scope="session")
def redis_url():
    import redis

    url = settings.CELERY_BROKER_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        reachable = url.startswith("redis://")
    except redis.RedisError:
        reachable = False
    require_service(reachable, f"Redis at {url}")
    return url


class WorkerProcess:
    """A real `celery worker` process, sharing the test database, with its log kept for failures."""

    def __init__(self, database_url: str, broker_url: str):
        env = {
            **os.environ,
            "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'platform'}",
            "DJANGO_SETTINGS_MODULE": "unroll.settings_test",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
        }
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "unroll",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            "pytest@%h",
        ]
        self.log: list[str] = []
        self.ready = threading.Event()
        self.proc = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.log.append(line)
            if " ready." in line:
                self.ready.set()

    def wait_ready(self, timeout: float = 60) -> None:
        if not self.ready.wait(timeout):
            self.stop()
            raise RuntimeError("the Celery worker did not start:\n" + "".join(self.log[-40:]))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="session")
def grading_worker(django_db_setup, django_db_blocker, redis_url):
    """A Celery worker over the real Redis, writing to the same PostgreSQL test database."""
    import redis
    from django.db import connection

    require_service(connection.vendor == "postgresql", "PostgreSQL (a worker cannot share an SQLite test database)")
    redis.Redis.from_url(redis_url).flushdb()  # nothing left from an earlier run
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    worker = WorkerProcess(database_url, redis_url)
    worker.wait_ready()
    yield worker
    worker.stop()


# --- a real headless Chromium (Debian's), driven by Playwright; Playwright's own browser download is never used

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM):
        if IN_CI:
            pytest.fail(f"CI=true but Chromium is not installed at {CHROMIUM}")
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
    # fixtures between browser steps are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
