"""Shared fixtures: personas (a learner, another learner, an instructor) and the synced exercises."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from support import IN_CI, WorkerProcess, require_service, worker_database_url
from unroll.catalog.sync import sync_exercises


def pytest_sessionstart(session):
    # Under CI the suite must run on the real PostgreSQL, never a silent SQLite fallback.
    if IN_CI and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.exit("CI=true but the tests are not configured for PostgreSQL", returncode=3)


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Each test starts with no throttle counted against 127.0.0.1 (the counts live in the cache)."""
    from django.core.cache import cache

    cache.clear()


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


@pytest.fixture(scope="session")
def grading_worker(django_db_setup, django_db_blocker, redis_url):
    """A Celery worker over the real Redis, writing to the same PostgreSQL test database."""
    import redis
    from django.db import connection

    require_service(connection.vendor == "postgresql", "PostgreSQL (a worker cannot share an SQLite test database)")
    redis.Redis.from_url(redis_url).flushdb()  # nothing left from an earlier run
    worker = WorkerProcess(worker_database_url(), redis_url)
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


# Every page a browser test reaches records what the Content-Security-Policy blocked there; Chromium
# also logs each block to the console, which the page fixture reads for every page the test visits.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def page(chromium):
    """A page at 1280 px; the test fails if the site's CSP blocked anything on any page it reached."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(30_000)
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    yield page
    collect_violations(page.main_frame, blocked)
    context.close()
    assert not blocked, f"the Content-Security-Policy blocked what the site needs: {blocked}"


def collect_violations(frame, blocked: list) -> None:
    """Add what the frame's current document recorded (Chromium also logs each block to the console)."""
    try:
        blocked.extend(frame.evaluate("window.__cspViolations || []"))
    except Exception:  # noqa: BLE001 - a frame mid-navigation or closed has nothing left to say
        return
