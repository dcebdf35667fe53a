"""Unroll's one settings module, driven by environment variables (see .env.example).

The defaults are the quick start: SQLite, an embedded filesystem Celery transport, console
e-mail, a signing key generated once into var/. Production (docker-compose) sets DATABASE_URL,
CELERY_BROKER_URL, SECRET_KEY and friends.
"""

import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("UNROLL_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off", "")


def env_bool(name: str, default: bool = False) -> bool:
    """A switch: a misspelt value is refused, never read as off (`DEBUG=treu` must not quietly mean False)."""
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word not in TRUE_WORDS + FALSE_WORDS:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a yes or a no: use one of {', '.join(TRUE_WORDS)} or {', '.join(FALSE_WORDS[:-1])}"
        )
    return word in TRUE_WORDS


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_secret(name: str, default: str = "") -> str:
    """A secret from NAME, or from the file NAME_FILE points to (Docker secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return env(name, default)


# The quick start's SQLite has several writers at once: runserver's threads and the worker.
# SQLite's default (deferred) transaction reads first and fails at once with "database is locked"
# when it then needs the write lock another holds; IMMEDIATE takes the lock when a transaction
# begins, so writers wait their turn, up to `timeout` seconds. WAL lets pages read while one writes.
SQLITE_CONCURRENT_WRITERS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def database_from_url(url: str) -> dict:
    """sqlite:///path or postgres://user:pass@host:port/name into a DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": unquote(parsed.path[1:]) or str(VAR_DIR / "unroll.sqlite3"),
            "OPTIONS": {**SQLITE_CONCURRENT_WRITERS},
        }
    if parsed.scheme in ("postgres", "postgresql"):
        options = {k: v[0] for k, v in parse_qs(parsed.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path[1:]),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            # A database that restarted leaves dead connections in every process's pool: connect
            # quickly or fail, and check a kept connection before each request or task uses it.
            # A host cut off (not closed) is noticed by TCP keepalives in about 25 s, not hours.
            "OPTIONS": {
                "connect_timeout": "5",
                "keepalives": "1",
                "keepalives_idle": "10",
                "keepalives_interval": "5",
                "keepalives_count": "3",
                **options,
            },
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    raise ValueError(f"DATABASE_URL scheme {parsed.scheme!r} is not supported: use sqlite:/// or postgres://")


def cache_from_url(url: str) -> dict:
    """locmem:// (one process) or redis://host:port/db into a CACHES entry."""
    scheme = urlparse(url).scheme
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if is_redis(url):
        # A Redis that is away must fail a throttle's count at once (it then lets the request through),
        # not hold the request: short timeouts, as the broker's.
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "unroll",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    raise ImproperlyConfigured(f"CACHE_URL scheme {scheme!r} is not supported: use redis:// or locmem://")


def is_redis(url: str) -> bool:
    return urlparse(url).scheme in ("redis", "rediss")


def is_quick_start(database_url: str, broker_url: str) -> bool:
    """SQLite and the filesystem broker: one machine whose var/ nobody else shares."""
    return urlparse(database_url).scheme == "sqlite" and urlparse(broker_url).scheme == "filesystem"


def persisted_secret(path: Path) -> str:
    """The secret kept in PATH, generated on first use with mode 0600.

    It is written to a private temporary file and hard-linked into place, which fails if the
    file already exists, so processes starting together (the site and its worker) keep one key.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")  # mode 0600
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_urlsafe(50) + "\n")
            os.link(draft, path)
        except FileExistsError:
            pass  # another process generated it first: use theirs
        finally:
            os.unlink(draft)
    secret = path.read_text().strip()
    if not secret:
        raise ImproperlyConfigured(f"{path} is empty: delete it to generate a new key, or set SECRET_KEY")
    return secret


def secret_key(debug: bool, quick_start: bool, generated: Path) -> str:
    """SECRET_KEY (or SECRET_KEY_FILE); without one, the key generated into var/ on the quick start
    or under DEBUG; otherwise (production) none at all, so the site refuses to start."""
    given = env_secret("SECRET_KEY")
    if given.startswith("change-me"):
        raise ImproperlyConfigured("SECRET_KEY is still the placeholder from .env.example: set a real one")
    if given:
        return given
    if not (debug or quick_start):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: with DEBUG off and a database or broker server (DATABASE_URL, "
            "CELERY_BROKER_URL), set SECRET_KEY or SECRET_KEY_FILE, e.g. to the output of "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    try:
        return persisted_secret(generated)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"cannot keep a generated SECRET_KEY in {generated} ({exc}): set SECRET_KEY"
        ) from exc


DEBUG = env_bool("DEBUG", False)
# Not a setting (a leading underscore keeps it off DEBUG error pages): the URL may hold a password.
_DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'unroll.sqlite3'}")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "filesystem://")
# The quick start (and DEBUG) sign with a key generated once and kept, 0600, in var/: every
# command works with no environment and sessions survive restarts. Production must set its own.
GENERATED_SECRET_KEY_FILE = VAR_DIR / "secret_key"
_QUICK_START = is_quick_start(_DATABASE_URL, CELERY_BROKER_URL)
SECRET_KEY = secret_key(DEBUG, _QUICK_START, GENERATED_SECRET_KEY_FILE)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_ace",
    "axes",
    "django_ratelimit",
    "csp",
    # Single sign-on (see "--- Single sign-on" below): django-allauth's accounts and social accounts,
    # with only its OpenID Connect and SAML providers. Its account pages are not mounted.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "unroll.content",
    "unroll.accounts",
    "unroll.catalog",
    "unroll.submissions",
    "unroll.progress",
    "unroll.quizzes",
    "unroll.courses",
    # LTI 1.3: django-lti's registrations, keys and LMS objects, then Unroll's ties to them.
    "lti_tool",
    "unroll.lti",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Single sign-on: django-allauth requires it (it keeps the request at hand for its flows).
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside the two above (it sets what they send): the registered LMSes may show Unroll in a frame.
    "unroll.lti.framing.LmsFramingMiddleware",
    # Last, as django-axes asks: it turns a locked account's login into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

# django-axes counts wrong passwords before Django's own backend checks them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Single sign-on: with LOCAL_PASSWORDS=false, refuses every password but a superuser's (/admin/).
    # A sign-in through a provider calls no backend's authenticate(): axes never sees, nor blocks, it.
    "unroll.accounts.passwords.LocalPasswordsSwitch",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "unroll.urls"
WSGI_APPLICATION = "unroll.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # local_passwords: whether pages offer "Sign up" (LOCAL_PASSWORDS, single sign-on).
                "unroll.accounts.passwords.switch",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(_DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# The page scripts post JSON: a refused CSRF check answers them in JSON too.
CSRF_FAILURE_VIEW = "unroll.errors.csrf_failure"
LOGIN_REDIRECT_URL = "catalog:exercise_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Unroll <unroll@localhost>")

# --- Throttles (unroll/accounts/throttling.py) ----------------------------------------------
# How many reverse proxies in front of the site append to X-Forwarded-For (0: none, the header is
# ignored). docker-compose's web service behind one proxy: 1.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# An account is locked after this many wrong passwords in a row, for this long.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "unroll.accounts.throttling.client_address"
AXES_LOCKOUT_CALLABLE = "unroll.accounts.throttling.locked_out"
AXES_VERBOSE = False
# Per client address (django-ratelimit's "N/period"): generous, as a class may share one address.
LOGIN_RATE_PER_ADDRESS = env("LOGIN_RATE_PER_ADDRESS", "100/10m")
SIGNUP_RATE_PER_ADDRESS = env("SIGNUP_RATE_PER_ADDRESS", "60/h")
PASSWORD_RESET_RATE_PER_ADDRESS = env("PASSWORD_RESET_RATE_PER_ADDRESS", "20/h")
# Per account: Submit and Run clicked faster than anyone reads a verdict (a script in a loop).
SUBMIT_RATE_PER_ACCOUNT = env("SUBMIT_RATE_PER_ACCOUNT", "20/m")
RUN_RATE_PER_ACCOUNT = env("RUN_RATE_PER_ACCOUNT", "30/m")
RATELIMIT_IP_META_KEY = "unroll.accounts.throttling.client_address"
# The counts live in the cache, which every web process must share. Without CACHE_URL: the
# broker's Redis where there is one, else this process's memory, which django-ratelimit's check
# refuses (E003) except in the quick start, whose single runserver process serves every request.
CACHES = {
    "default": cache_from_url(env("CACHE_URL", CELERY_BROKER_URL if is_redis(CELERY_BROKER_URL) else "locmem://"))
}
SILENCED_SYSTEM_CHECKS = [
    # django-ratelimit lists the cache backends it knew in 2023: Django's own RedisCache, newer,
    # increments atomically (Redis INCR), which is all it needs.
    "django_ratelimit.W001",
    # django-axes would also lock by address; here the address is django-ratelimit's to count,
    # at a rate a class behind one NAT can live with, and axes locks the account.
    "axes.W006",
]
if _QUICK_START:
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")  # one runserver process: all requests share its memory

# --- Single sign-on (unroll/accounts/sso.py, README "Single sign-on") -------------------------
# django-allauth signs people in through one OpenID Connect provider (OIDC_*) and/or one SAML
# identity provider (SAML_*), configured here from the environment only (no SocialApp rows needed).
# Unroll keeps its own login page, with a "Sign in with <name>" button per provider; allauth's own
# account pages are never mounted (unroll/accounts/urls.py mounts only the providers' URLs).


def oidc_provider() -> dict:
    """One OpenID Connect provider, from OIDC_SERVER_URL (its issuer), OIDC_CLIENT_ID, OIDC_CLIENT_SECRET."""
    if not env("OIDC_SERVER_URL"):
        return {}
    if not env("OIDC_CLIENT_ID"):
        raise ImproperlyConfigured(
            "OIDC_SERVER_URL is set but OIDC_CLIENT_ID is not: set both (and OIDC_CLIENT_SECRET)"
        )
    app = {
        # In the URLs (/accounts/sso/oidc/<id>/login/callback/) and in every account's link to it: never rename.
        "provider_id": env("OIDC_PROVIDER_ID", "sso"),
        "name": env("OIDC_NAME", "single sign-on"),
        "client_id": env("OIDC_CLIENT_ID"),
        "secret": env_secret("OIDC_CLIENT_SECRET"),
        "settings": {"server_url": env("OIDC_SERVER_URL"), "oauth_pkce_enabled": env_bool("OIDC_PKCE", True)},
    }
    return {"openid_connect": {"APPS": [app]}}


def saml_provider() -> dict:
    """One SAML identity provider: from its metadata (SAML_IDP_METADATA_URL), or its entity id, sign-in URL
    and certificate given one by one (SAML_IDP_ENTITY_ID, SAML_IDP_SSO_URL, SAML_IDP_X509CERT)."""
    metadata_url, sso_url = env("SAML_IDP_METADATA_URL"), env("SAML_IDP_SSO_URL")
    if not (metadata_url or sso_url):
        return {}
    if metadata_url:
        idp = {"metadata_url": metadata_url, "entity_id": env("SAML_IDP_ENTITY_ID") or None}
    else:
        idp = {"entity_id": env("SAML_IDP_ENTITY_ID"), "sso_url": sso_url, "x509cert": env_secret("SAML_IDP_X509CERT")}
        if not (idp["entity_id"] and idp["x509cert"]):
            raise ImproperlyConfigured("SAML_IDP_SSO_URL needs SAML_IDP_ENTITY_ID and SAML_IDP_X509CERT (or its _FILE)")
    app = {
        "provider_id": "saml",
        "name": env("SAML_NAME", "your institution"),
        # The organisation's slug in the URLs: /accounts/sso/saml/<slug>/acs/, .../metadata/.
        "client_id": env("SAML_ORGANIZATION", "institution"),
        "settings": {
            "idp": idp,
            # Without SAML_ENTITY_ID the service provider is named by its metadata URL.
            "sp": {"entity_id": env("SAML_ENTITY_ID") or None},
            # SAML says nothing of verified addresses: the operator vouches (or not) for the IdP's.
            "verified_email": env_bool("SAML_EMAIL_VERIFIED", False),
            "advanced": {"want_assertion_signed": True, "reject_idp_initiated_sso": True},
        },
    }
    return {"saml": {"APPS": [app]}}


SOCIALACCOUNT_PROVIDERS = {**oidc_provider(), **saml_provider()}
# LOCAL_PASSWORDS=false: no password form, sign-up or reset; password logins refused, but a superuser's at
# /admin/ (an operator's way in; manage.py createsuperuser and changepassword still work).
LOCAL_PASSWORDS = env_bool("LOCAL_PASSWORDS", True)
if not LOCAL_PASSWORDS and not SOCIALACCOUNT_PROVIDERS:
    raise ImproperlyConfigured(
        "LOCAL_PASSWORDS=false leaves no way to sign in: configure OIDC_SERVER_URL or SAML_IDP_METADATA_URL too"
    )
# Who a first sign-in becomes (linked to a local account, or a new one) is Unroll's rule, in these adapters.
SOCIALACCOUNT_ADAPTER = "unroll.accounts.sso.SingleSignOnAdapter"
ACCOUNT_ADAPTER = "unroll.accounts.sso.AccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True  # a first sign-in makes the account at once: allauth's sign-up form is not mounted
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # allauth's own linking by e-mail: never (the adapter's rule instead)
SOCIALACCOUNT_EMAIL_REQUIRED = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"  # addresses are confirmed Unroll's way (accounts/email_confirmation.py)
ACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_LOGIN_ON_GET = False  # the buttons POST (with the CSRF token): no sign-in by a stray link
SOCIALACCOUNT_STORE_TOKENS = False  # Unroll calls no provider API: nothing to keep
SOCIALACCOUNT_REQUESTS_TIMEOUT = env_int("SSO_REQUESTS_TIMEOUT", 10)

# --- HTTPS and headers ----------------------------------------------------------------------
# With DEBUG off the site is served over HTTPS: plain-HTTP requests are redirected, browsers are
# told to come back over HTTPS only (HSTS) and cookies travel over HTTPS only. PLAIN_HTTP=true is
# the explicit switch for a test install reached over http:// (never where people log in).
PLAIN_HTTP = env_bool("PLAIN_HTTP", DEBUG)
SECURE_SSL_REDIRECT = not PLAIN_HTTP
SECURE_HSTS_SECONDS = 0 if PLAIN_HTTP else env_int("HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not PLAIN_HTTP)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if TRUSTED_PROXY_COUNT:
    # The proxy that terminates TLS says so; believed only from a proxy the operator declared.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts only from this site's own files, never inline.
# Styles may be inline: the Ace editor injects its <style> at run time and model drawings carry
# style attributes; images are the site's own (data: for Ace's icons).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- LTI 1.3 (unroll/lti/) ------------------------------------------------------------------
# Inside an LMS's iframe Unroll is a third-party site, and browsers send a third-party site's cookies only
# when they are SameSite=None (and Secure). Over HTTPS they are, so that a learner launched from the LMS
# stays signed in inside its frame; Django's CSRF token still guards every POST. LTI_FRAMED_COOKIES=false
# keeps them Lax, for a site that is never shown inside an LMS.
LTI_FRAMED_COOKIES = SESSION_COOKIE_SECURE and env_bool("LTI_FRAMED_COOKIES", True)
SESSION_COOKIE_SAMESITE = "None" if LTI_FRAMED_COOKIES else "Lax"
CSRF_COOKIE_SAMESITE = SESSION_COOKIE_SAMESITE
# Grades and rosters (lti/grades.py, lti/roster.py): each call to an LMS gives up after LTI_HTTP_TIMEOUT s; a
# score the LMS did not take is tried again after LTI_SCORE_RETRY_SECONDS, then twice that, up to
# LTI_SCORE_RETRY_MAX_SECONDS; the worker's sweeper syncs each LMS course's roster every LTI_ROSTER_SYNC_MINUTES.
LTI_HTTP_TIMEOUT = env_int("LTI_HTTP_TIMEOUT", 10)
LTI_SCORE_RETRY_SECONDS = env_int("LTI_SCORE_RETRY_SECONDS", 30)
LTI_SCORE_RETRY_MAX_SECONDS = env_int("LTI_SCORE_RETRY_MAX_SECONDS", 3600)
LTI_ROSTER_SYNC_MINUTES = env_int("LTI_ROSTER_SYNC_MINUTES", 360)

# --- Celery -------------------------------------------------------------------------------
_QUEUE_DIR = VAR_DIR / "queue"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(_QUEUE_DIR),
        "data_folder_out": str(_QUEUE_DIR),
        "processed_folder": str(VAR_DIR / "processed"),
        "control_folder": str(VAR_DIR / "control"),
        # The filesystem transport has no way to wake a worker: it lists the queue folder and,
        # finding it empty, sleeps this long (kombu's default is 1 s, most of a quick-start
        # verdict's wait). Ten looks a second cost an idle worker about 0.2 % of a core more
        # (benchmarks/quickstart.py measures the wait and the idle CPU).
        "polling_interval": 0.1,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 600),
        # A broker host that vanished (cut off, not closed) must fail a call, not hang it: the
        # submission is then saved unsent, or the worker reconnects, instead of waiting forever.
        "socket_connect_timeout": 5,
        "socket_timeout": 15,
        "socket_keepalive": True,
    }
)
CELERY_BROKER_CONNECTION_TIMEOUT = 5
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("GRADING_SOFT_TIME_LIMIT", 120)
CELERY_TASK_TIME_LIMIT = env_int("GRADING_HARD_TIME_LIMIT", 150)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Unroll -------------------------------------------------------------------------------
EXERCISES_DIR = Path(env("EXERCISES_DIR", str(BASE_DIR / "exercises")))
QUIZZES_DIR = Path(env("QUIZZES_DIR", str(BASE_DIR / "quizzes")))
# Gradings one worker runs at once (its Celery concurrency and its sandbox slots).
GRADER_CONCURRENCY = env_int("GRADER_CONCURRENCY", 2)
# DEVELOPMENT ONLY: grade without namespaces, chroot and seccomp when the sandbox cannot be
# built. Every grading then logs a warning. Never on a worker that untrusted code reaches.
GRADER_ALLOW_UNSAFE = env_bool("GRADER_ALLOW_UNSAFE", False)
if GRADER_ALLOW_UNSAFE and not DEBUG:
    raise ImproperlyConfigured(
        "GRADER_ALLOW_UNSAFE=true grades learners' code without the sandbox: it is for development only, "
        "so it is refused unless DEBUG=true. On a real worker, give the sandbox what it needs (README, 'Self-hosting')."
    )
# Grading leases and the sweeper (submissions/sweeper.py; every worker runs one). A worker holds
# a submission's lease while it grades, renewing it every third of GRADING_LEASE_SECONDS; a lease
# not renewed (the worker died) lapses, and the next sweep hands the submission to another worker.
# A queued submission whose message was lost (the broker restarted empty, or was down at submit)
# is sent again GRADING_RESEND_AFTER seconds after its last send, then after twice that, and so on.
GRADING_LEASE_SECONDS = env_int("GRADING_LEASE_SECONDS", 30)
GRADING_SWEEP_SECONDS = env_int("GRADING_SWEEP_SECONDS", 10)
GRADING_RESEND_AFTER = env_int("GRADING_RESEND_AFTER", 60)
# A submission whose grading was started this many times without ending (each time its worker
# died) is given internal_error, never counted, instead of taking down workers for ever.
GRADING_MAX_CLAIMS = env_int("GRADING_MAX_CLAIMS", 5)
# Submissions one learner may have waiting at once; beyond that Submit is refused.
MAX_PENDING_PER_LEARNER = env_int("MAX_PENDING_PER_LEARNER", 3)
# How often the exercise page polls for a verdict, in milliseconds.
VERDICT_POLL_MS = env_int("VERDICT_POLL_MS", 250)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # django-axes tells of every login at INFO; its warnings (a failed login, a lockout) still show.
    "loggers": {"axes": {"level": "WARNING"}},
}
