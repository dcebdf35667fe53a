"""Throttles: an account locks after wrong passwords in a row and unlocks when its cool-off has passed;
sign-up, log-in and password-reset floods from one address wait; each answer says how long.
Addresses come from REMOTE_ADDR, or from X-Forwarded-For only when a trusted proxy count is configured."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.db.models import F
from django.test import override_settings
from django.urls import reverse

from support import logs_in

LOGIN = reverse("login")
SIGNUP = reverse("signup")
RESET = reverse("password_reset")


def wrong_passwords(client, username: str, times: int, **headers) -> list[int]:
    return [
        client.post(LOGIN, {"username": username, "password": f"guess-{i}"}, **headers).status_code
        for i in range(times)
    ]


def time_passes(minutes: int) -> None:
    """The cool-off counts from the failures' recorded times: move them into the past."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_forty_wrong_passwords_lock_the_account_and_the_right_one_then_waits(client, alice):
    statuses = wrong_passwords(client, "alice", 40)
    assert statuses[:4] == [200] * 4  # the form again, with its error
    assert set(statuses[5:]) == {429}

    locked = client.post(LOGIN, {"username": "alice", "password": "alice-password-1"})

    assert locked.status_code == 429
    assert SESSION_KEY not in client.session
    page = locked.content.decode()
    assert "locked for 15 minutes" in page and "reset your password" in page
    assert int(locked["Retry-After"]) > 14 * 60


def test_the_lock_expires_after_its_cool_off(client, alice):
    wrong_passwords(client, "alice", 5)
    assert not logs_in(client, "alice", "alice-password-1")
    time_passes(minutes=10)
    locked = client.post(LOGIN, {"username": "alice", "password": "alice-password-1"})
    assert locked.status_code == 429 and "locked for" in locked.content.decode()

    time_passes(minutes=16)

    assert logs_in(client, "alice", "alice-password-1")


def test_the_wait_shown_is_what_is_left_of_the_cool_off(client, alice):
    wrong_passwords(client, "alice", 5)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=12))
    # The right password during the lock is itself refused, and a refusal restarts nothing here:
    # the wait counts from the last failure.
    answer = client.post(LOGIN, {"username": "alice", "password": "wrong-again"})
    assert answer.status_code == 429


def test_the_lock_is_per_account(client, alice, bob):
    wrong_passwords(client, "alice", 6)
    assert logs_in(client, "bob", "bob-password-1")


def test_a_successful_login_resets_the_count(client, alice):
    wrong_passwords(client, "alice", 4)
    assert logs_in(client, "alice", "alice-password-1")
    wrong_passwords(client, "alice", 4)
    assert logs_in(client, "alice", "alice-password-1")


def sign_up(client, n: int, **headers):
    form = {
        "username": f"learner{n}",
        "email": f"learner{n}@example.com",
        "password1": "a-long-password-42",
        "password2": "a-long-password-42",
    }
    client.logout()
    return client.post(SIGNUP, form, **headers)


@override_settings(SIGNUP_RATE_PER_ADDRESS="3/h")
@pytest.mark.django_db
def test_signups_from_one_address_wait_past_the_rate_and_others_do_not(client):
    assert [sign_up(client, n).status_code for n in range(3)] == [302] * 3

    refused = sign_up(client, 3)

    assert refused.status_code == 429
    assert "Too many sign-ups from your network. Try again in" in refused.content.decode()
    assert sign_up(client, 4, REMOTE_ADDR="203.0.113.9").status_code == 302


@override_settings(SIGNUP_RATE_PER_ADDRESS="2/h")
@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_escape_the_rate_without_a_trusted_proxy(client):
    answers = [sign_up(client, n, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)]
    assert answers == [302, 302, 429]


@override_settings(SIGNUP_RATE_PER_ADDRESS="2/h", TRUSTED_PROXY_COUNT=1)
@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_client_address_counts_alone(client):
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # the proxy appends the address it received from
    first = [sign_up(client, n, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code for n in range(3)]
    other = sign_up(client, 3, HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy).status_code
    assert first == [302, 302, 429] and other == 302


@override_settings(SIGNUP_RATE_PER_ADDRESS="2/h", TRUSTED_PROXY_COUNT=1)
@pytest.mark.django_db
def test_behind_a_trusted_proxy_entries_the_client_wrote_are_not_believed(client):
    forged = [f"198.51.100.{n}, 203.0.113.7" for n in range(3)]  # the client's own entry, then the proxy's
    answers = [sign_up(client, n, HTTP_X_FORWARDED_FOR=header).status_code for n, header in enumerate(forged)]
    assert answers == [302, 302, 429]


@override_settings(PASSWORD_RESET_RATE_PER_ADDRESS="2/h")
def test_password_reset_requests_wait_past_the_rate(client, alice):
    answers = [client.post(RESET, {"email": "alice@example.com"}).status_code for _ in range(3)]
    assert answers == [302, 302, 429]


@override_settings(LOGIN_RATE_PER_ADDRESS="3/h")
def test_log_in_attempts_from_one_address_wait_past_the_rate(client, alice, bob):
    wrong_passwords(client, "alice", 2)
    wrong_passwords(client, "bob", 1)
    refused = client.post(LOGIN, {"username": "bob", "password": "bob-password-1"})
    assert refused.status_code == 429
    assert "Too many log-in attempts from your network" in refused.content.decode()


@override_settings(LOGIN_RATE_PER_ADDRESS="1/h")
def test_a_json_caller_gets_a_json_refusal(client, alice):
    client.post(LOGIN, {"username": "alice", "password": "x"})
    refused = client.post(LOGIN, {"username": "alice", "password": "x"}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 429
    assert refused.json()["error"].startswith("Too many log-in attempts")


@override_settings(SUBMIT_RATE_PER_ACCOUNT="3/m")
def test_submits_from_one_account_wait_past_the_rate_and_another_account_does_not(client, alice, bob, exercises):
    url = reverse("submissions:submit", args=["single-output"])
    client.force_login(alice)
    answers = [client.post(url, {"code": f"x = {n}"}, content_type="application/json") for n in range(4)]
    assert [a.status_code for a in answers] == [202, 202, 202, 429]
    refused = answers[3].json()
    assert refused["error"].startswith("Too many submissions in a row. Try again in")
    assert 0 < refused["retry_after"] <= 60 and answers[3]["Retry-After"] == str(refused["retry_after"])
    client.force_login(bob)
    assert client.post(url, {"code": "x = 1"}, content_type="application/json").status_code != 429


@override_settings(RUN_RATE_PER_ACCOUNT="1/m")
def test_runs_wait_past_their_own_rate(client, alice, exercises):
    url = reverse("submissions:run", args=["single-output"])
    client.force_login(alice)
    client.post(url, {"code": "print(1)"}, content_type="application/json")
    refused = client.post(url, {"code": "print(2)"}, content_type="application/json")
    assert refused.status_code == 429 and refused.json()["error"].startswith("Too many runs in a row")


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there: the cache is away
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
)
def test_a_submit_goes_through_when_the_throttles_cache_is_away(client, alice, exercises, caplog):
    client.force_login(alice)
    answer = client.post(
        reverse("submissions:submit", args=["single-output"]), {"code": "x = 1"}, content_type="application/json"
    )
    assert answer.status_code == 202 and answer["Content-Type"] == "application/json"
    assert "the cache is away" in caplog.text


@override_settings(SUBMIT_RATE_PER_ACCOUNT="3/m")
def test_an_anonymous_submit_is_told_to_log_in_in_json_before_any_count(client, exercises):
    url = reverse("submissions:submit", args=["single-output"])
    answers = [client.post(url, {"code": "x"}, content_type="application/json") for _ in range(5)]
    assert {a.status_code for a in answers} == {401}
