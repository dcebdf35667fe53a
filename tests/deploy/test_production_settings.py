"""Production settings as .env.example gives them: `check --deploy` has nothing to report, HTTPS
(redirect, HSTS, secure cookies) is on whenever DEBUG is off unless PLAIN_HTTP says otherwise, and
every answer carries a Content-Security-Policy that allows no inline script."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from deploy.test_docker_files import env_example

REPO = Path(__file__).resolve().parents[2]
# What docker-compose.yml sets beside .env (the services by their compose names).
COMPOSE_ENVIRONMENT = {
    "DATABASE_URL": "postgres://unroll:pw@postgres:5432/unroll",
    "CELERY_BROKER_URL": "redis://redis:6379/0",
}
SHOWN = (
    "SECURE_SSL_REDIRECT SECURE_HSTS_SECONDS SECURE_HSTS_INCLUDE_SUBDOMAINS SECURE_HSTS_PRELOAD "
    "SESSION_COOKIE_SECURE CSRF_COOKIE_SECURE"
).split()


def production_environment(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """.env.example's active lines with a real secret, as the web container gets them, and nothing of ours."""
    active = {**env_example()["active"], "SECRET_KEY": secrets.token_urlsafe(50)}
    return {
        "PATH": os.environ["PATH"],
        "LANG": "C.UTF-8",
        "PYTHONPATH": f"{REPO}:{REPO / 'platform'}",
        "DJANGO_SETTINGS_MODULE": "unroll.settings",
        "UNROLL_VAR_DIR": str(tmp_path),
        **active,
        **COMPOSE_ENVIRONMENT,
        **overrides,
    }


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


def https_settings(env: dict) -> dict:
    code = f"from django.conf import settings; import json; print(json.dumps({{n: getattr(settings, n) for n in {SHOWN!r}}}))"
    completed = manage(env, "shell", "-c", code)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_check_deploy_reports_nothing_with_the_example_settings(tmp_path):
    completed = manage(production_environment(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "System check identified no issues" in completed.stdout


def test_with_debug_off_https_is_on_by_default(tmp_path):
    env = production_environment(tmp_path)
    for name in ("PLAIN_HTTP", "SECURE_COOKIES"):
        env.pop(name, None)
    shown = https_settings(env)
    assert shown["SECURE_SSL_REDIRECT"] and shown["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert shown["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and shown["SECURE_HSTS_PRELOAD"]
    assert shown["SESSION_COOKIE_SECURE"] and shown["CSRF_COOKIE_SECURE"]


def test_plain_http_is_an_explicit_switch(tmp_path):
    shown = https_settings(production_environment(tmp_path, PLAIN_HTTP="true"))
    assert not shown["SECURE_SSL_REDIRECT"] and shown["SECURE_HSTS_SECONDS"] == 0
    assert not shown["SESSION_COOKIE_SECURE"]


def test_debug_on_is_plain_http(tmp_path):
    env = production_environment(tmp_path, DEBUG="true")
    env.pop("PLAIN_HTTP")
    assert not https_settings(env)["SECURE_SSL_REDIRECT"]


def directives(header: str) -> dict[str, list[str]]:
    found = {}
    for part in header.split(";"):
        name, *values = part.split()
        found[name] = values
    return found


@pytest.mark.parametrize("url", ["/accounts/login/", "/exercises/", "/no-such-page/"])
@pytest.mark.django_db
def test_every_answer_allows_scripts_from_the_sites_own_files_only(client, url):
    policy = directives(client.get(url)["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert "https:" not in " ".join(policy["img-src"])  # no remote images: no tracking pixels
