"""Settings of the test LMS: one process, no database, state in memory (see lms_platform/state.py)."""

import os

# Where browsers and the tool reach the LMS; also its issuer unless the tool registration names another.
LMS_BASE_URL = os.environ.get("LMS_BASE_URL", "http://localhost:8765").rstrip("/")

SECRET_KEY = "test-lms-only-never-deployed"
DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
ROOT_URLCONF = "lms_site.urls"
INSTALLED_APPS = ["lms_platform"]
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_TZ = True
TIME_ZONE = "UTC"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]

# With DEBUG off Django would send tracebacks nowhere; the fixture shows this stderr when a test fails.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "WARNING"},
        "lms_platform": {"handlers": ["stderr"], "level": "INFO"},
    },
}
