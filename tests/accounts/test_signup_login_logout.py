"""Sign-up, log in and log out, and the login wall in front of every learner page."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

SIGNUP = reverse("signup")
LOGIN = reverse("login")
LOGOUT = reverse("logout")
EXERCISES = reverse("catalog:exercise_list")
STRONG_PASSWORD = "unrolled-blocks-42"


def signup_data(**overrides) -> dict:
    data = {
        "username": "dana",
        "email": "dana@example.com",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
    }
    return {**data, **overrides}


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


@pytest.mark.django_db
def test_signup_creates_a_learner_logs_them_in_and_opens_the_exercise_list(client):
    response = client.post(SIGNUP, signup_data())

    assert response.status_code == 302
    assert response.url == EXERCISES
    dana = User.objects.get(username="dana")
    assert not dana.is_staff
    assert not dana.is_superuser
    assert dana.check_password(STRONG_PASSWORD)
    assert logged_in_user_id(client) == str(dana.pk)
    assert client.get(EXERCISES).context["user"] == dana


def confirmation_link(message) -> str:
    found = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body)
    assert found, message.body
    return found.group(1)


@pytest.mark.django_db
def test_the_address_is_the_accounts_once_its_link_is_opened(client):
    client.post(SIGNUP, signup_data())
    dana = User.objects.get(username="dana")
    assert dana.email == ""  # a password reset cannot reach anyone through it yet
    [message] = mail.outbox
    assert message.to == ["dana@example.com"] and "Confirm your e-mail address" in message.subject

    confirmed = client.get(confirmation_link(message), follow=True)

    dana.refresh_from_db()
    assert dana.email == "dana@example.com"
    assert "dana@example.com is now the address of your account" in confirmed.content.decode()


@pytest.mark.django_db
def test_a_tampered_link_confirms_nothing(client):
    client.post(SIGNUP, signup_data())
    link = confirmation_link(mail.outbox[0])
    answer = client.get(link.replace("dana", "Dana", 1)[:-3] + "xy/", follow=True)
    assert "is not one the site sent" in answer.content.decode()
    assert User.objects.get(username="dana").email == ""


def test_signing_up_with_a_registered_address_looks_the_same_and_tells_its_owner(client, alice):
    fresh = client.post(SIGNUP, signup_data(username="erin", email="erin@example.com"), follow=True)
    client.logout()
    taken = client.post(SIGNUP, signup_data(email="Alice@Example.com"), follow=True)

    def shown(response) -> str:
        return response.content.decode().replace("erin@example.com", "ADDRESS").replace("alice@example.com", "ADDRESS")

    page_fresh = [line for line in shown(fresh).splitlines() if "flash" in line]
    page_taken = [line for line in shown(taken).splitlines() if "flash" in line]
    assert page_fresh == page_taken and "We sent a message to ADDRESS" in page_fresh[0]
    dana = User.objects.get(username="dana")
    assert dana.email == "" and logged_in_user_id(client) == str(dana.pk)
    to_alice = [message for message in mail.outbox if message.to == ["alice@example.com"]]
    assert len(to_alice) == 1 and "already" in to_alice[0].body and "confirm-email" not in to_alice[0].body


@pytest.mark.django_db
def test_signup_refuses_a_password_confirmation_that_does_not_match(client):
    response = client.post(SIGNUP, signup_data(password2="something-else-42"))

    assert response.status_code == 200
    assert response.context["form"].errors["password2"] == ["The two password fields didn’t match."]
    assert "The two password fields didn’t match." in response.content.decode()
    assert not User.objects.exists()
    assert logged_in_user_id(client) is None


def test_login_with_the_right_password_logs_the_learner_in(client, alice):
    response = client.post(LOGIN, {"username": "alice", "password": "alice-password-1"})

    assert response.status_code == 302
    assert response.url == EXERCISES
    assert logged_in_user_id(client) == str(alice.pk)


def test_login_with_a_wrong_password_shows_an_error_and_logs_nobody_in(client, alice):
    response = client.post(LOGIN, {"username": "alice", "password": "not-her-password"})

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert logged_in_user_id(client) is None


def test_logout_by_post_logs_the_learner_out(client, alice):
    client.force_login(alice)

    response = client.post(LOGOUT)

    assert response.status_code == 302
    assert response.url == LOGIN
    assert logged_in_user_id(client) is None
    assert client.get(EXERCISES).status_code == 302


def test_logout_is_not_done_by_a_get(client, alice):
    # A link or an <img> elsewhere must not be able to log a learner out.
    client.force_login(alice)

    response = client.get(LOGOUT)

    assert response.status_code == 405
    assert logged_in_user_id(client) == str(alice.pk)


@pytest.mark.parametrize(
    "url",
    [
        EXERCISES,
        reverse("catalog:exercise_detail", args=["single-output"]),
        reverse("submissions:detail", args=[1]),
        reverse("progress:class_progress"),
    ],
)
@pytest.mark.django_db
def test_pages_that_need_an_account_send_anonymous_visitors_to_the_login_page(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={url}"


@pytest.mark.django_db
def test_the_verdict_endpoint_answers_anonymous_callers_in_json(client):
    # The exercise page's script polls it: a redirect to an HTML login page would be unreadable.
    response = client.get(reverse("submissions:status", args=[1]))

    assert response.status_code == 401
    assert "Log in again" in response.json()["error"]


def test_signup_page_sends_a_logged_in_learner_to_the_exercise_list(client, alice):
    client.force_login(alice)

    response = client.get(SIGNUP)

    assert response.status_code == 302
    assert response.url == EXERCISES


def test_the_account_page_sends_a_new_link(client, alice):
    client.force_login(alice)
    page = client.get(reverse("account")).content.decode()
    assert "alice@example.com" in page
    client.post(reverse("account"), {"email": "alice.new@example.com"})
    client.get(confirmation_link(mail.outbox[0]))
    alice.refresh_from_db()
    assert alice.email == "alice.new@example.com"
    assert client.post(reverse("account"), {"email": "not an address"}).status_code == 200


def test_a_learner_changes_their_password_on_the_sites_own_pages(client, alice):
    client.force_login(alice)
    form = client.get(reverse("password_change"))
    assert "admin/base.html" not in [template.name for template in form.templates]
    new = {"old_password": "alice-password-1", "new_password1": STRONG_PASSWORD, "new_password2": STRONG_PASSWORD}
    done = client.post(reverse("password_change"), new, follow=True)
    assert "Your password is changed" in done.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(STRONG_PASSWORD)
