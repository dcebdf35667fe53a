"""The SSO tests' world: a real OpenID provider (tests/sso/provider: django-oauth-toolkit) in a process of its
own, Unroll on pytest-django's live_server configured to use it, and a `requests` browser following the real
redirects between the two."""

import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from support import free_port, wait_until

PROVIDER_DIR = Path(__file__).resolve().parent / "provider"
PROVIDER_ID = "test-idp"
PROVIDER_NAME = "Test University"
CLIENT_ID = "unroll-under-test"
CLIENT_SECRET = "unroll-under-test-secret"  # noqa: S105 - the test provider's, in a temporary folder


@dataclass
class Provider:
    """The running provider: its URL, and the manage.py commands that set it up."""

    url: str
    env: dict
    log: Path

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "django", *args], env=self.env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, f"provider's {args[0]} failed: {done.stderr}"
        return done.stdout.strip()

    def person(self, email: str, verified: bool, username: str = "", password: str = "idp-password-1") -> "Person":  # noqa: S107 - the test provider's
        """A person at the provider (a new one unless `username` names one, whose address then changes)."""
        username = username or f"p-{uuid.uuid4().hex[:10]}"
        flags = ["--verified"] if verified else []
        subject = self.manage("idp_user", username, "--email", email, "--password", password, *flags)
        return Person(username, password, subject)


@dataclass
class Person:
    username: str
    password: str
    subject: str  # the provider's `sub`, which Unroll keeps as the SocialAccount's uid


@pytest.fixture(scope="session")
def provider(tmp_path_factory):
    data = tmp_path_factory.mktemp("sso-provider")
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(PROVIDER_DIR),
        "DJANGO_SETTINGS_MODULE": "idp.settings",
        "IDP_DATA_DIR": str(data),
    }
    port = free_port()
    running = Provider(f"http://127.0.0.1:{port}", env, data / "runserver.log")
    running.manage("migrate", "--noinput")
    with running.log.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until(
            lambda: process.poll() is not None or answers(f"{running.url}/o/.well-known/openid-configuration"),
            60,
            "the test OpenID provider to answer",
            details=lambda: running.log.read_text(),
        )
        assert process.poll() is None, f"the test provider exited: {running.log.read_text()}"
        yield running
    finally:
        process.terminate()
        process.wait(timeout=20)


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def oidc_settings(provider_url: str) -> dict:
    """SOCIALACCOUNT_PROVIDERS as settings.py builds it from OIDC_SERVER_URL, OIDC_CLIENT_ID and friends."""
    app = {
        "provider_id": PROVIDER_ID,
        "name": PROVIDER_NAME,
        "client_id": CLIENT_ID,
        "secret": CLIENT_SECRET,
        "settings": {"server_url": f"{provider_url}/o", "oauth_pkce_enabled": True},
    }
    return {"openid_connect": {"APPS": [app]}}


@pytest.fixture
def sso(provider, live_server, settings):
    """Unroll (live_server) signing in through the provider, which knows Unroll's callback URL."""
    callback = live_server.url + reverse("openid_connect_callback", kwargs={"provider_id": PROVIDER_ID})
    provider.manage("idp_client", "--client-id", CLIENT_ID, "--secret", CLIENT_SECRET, "--redirect-uri", callback)
    settings.SOCIALACCOUNT_PROVIDERS = oidc_settings(provider.url)
    return provider


class Browser:
    """A requests.Session that fills in forms as a person would, following every redirect."""

    def __init__(self, site: str):
        self.site = site
        self.session = requests.Session()

    def get(self, path: str) -> requests.Response:
        return self.session.get(urljoin(self.site, path), timeout=30)

    def submit(self, page: requests.Response, button: str, **fields) -> requests.Response:
        """POST the form of `page` whose button says `button`, with its hidden fields and `fields`."""
        form = form_with_button(page, button)
        data = {field.name: field.value or "" for field in form.inputs if field.name and field.type == "hidden"}
        data.update(fields)
        return self.session.post(urljoin(page.url, form.action or page.url), data=data, timeout=30)

    def sign_in_with_provider(self, person: Person, start: str = "/accounts/login/") -> requests.Response:
        """Unroll's "Sign in with" button; the provider's own login form when it asks; back at Unroll."""
        page = self.submit(self.get(start), f"Sign in with {PROVIDER_NAME}")
        if "idp-login" in page.text:
            page = self.submit(page, "Sign in at the provider", username=person.username, password=person.password)
        return page

    def log_in_with_password(self, username: str, password: str) -> requests.Response:
        return self.submit(self.get("/accounts/login/"), "Log in", username=username, password=password)

    def user_id(self):
        """The pk of the account Unroll's session cookie is signed in as (None: signed out)."""
        key = self.session.cookies.get("sessionid")  # Unroll's; the provider's cookie has a name of its own
        if not key:
            return None
        value = SessionStore(session_key=key).get(SESSION_KEY)
        return int(value) if value else None


def form_with_button(page: requests.Response, button: str):
    document = lxml.html.fromstring(page.text)
    for form in document.forms:
        if any(b.text_content().strip() == button for b in form.iter("button")):
            return form
    raise AssertionError(f"no form with a {button!r} button on {page.url} ({page.status_code}):\n{page.text[:3000]}")


@pytest.fixture
def browser(live_server):
    return Browser(live_server.url)
