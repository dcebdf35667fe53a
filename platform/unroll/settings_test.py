"""Settings for the test suite: the real settings, pointed at the machine's PostgreSQL and Redis.

Outside CI a developer without those services gets SQLite (and the tests that need Redis
skip); with CI=true an unreachable service is an error, never a silent fallback.
"""

import os
import socket
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("STATIC_MANIFEST", "false")
# Short grading leases, so that tests which kill a worker see its submission come back in seconds.
os.environ.setdefault("GRADING_LEASE_SECONDS", "6")
os.environ.setdefault("GRADING_SWEEP_SECONDS", "2")
# A score an LMS did not take is sent again after 1 s (then 2, 4 …), so that tests see it arrive in seconds.
os.environ.setdefault("LTI_SCORE_RETRY_SECONDS", "1")

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


if "DATABASE_URL" not in os.environ:
    if reachable("127.0.0.1", 5432):
        os.environ["DATABASE_URL"] = POSTGRES_URL
    elif IN_CI:
        raise RuntimeError("CI=true but PostgreSQL is not reachable on 127.0.0.1:5432")
os.environ.setdefault("CELERY_BROKER_URL", REDIS_URL)

from unroll.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Static files come straight from the apps' folders: no collectstatic before a test run.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="unroll-static-"))
WHITENOISE_USE_FINDERS = True

# The suite runs in one process (live_server's threads included): the throttles' counts stay in
# its memory, where a fixture clears them between tests, never in the Redis the workers share.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "django_ratelimit.E003"]  # noqa: F405
