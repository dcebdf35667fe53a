"""LOCAL_PASSWORDS=false: the password forms give way to the sign-in buttons, their POSTs are refused saying
why, a superuser keeps /admin/ (the operator's way in), and signing in through the provider still works."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse
from sso_support import PROVIDER_NAME, Browser, oidc_settings

PASSWORDS_OFF = "Passwords are turned off on this site"


@pytest.fixture
def passwords_off(settings):
    settings.LOCAL_PASSWORDS = False
    settings.SOCIALACCOUNT_PROVIDERS = oidc_settings("http://127.0.0.1:9")  # its button; never followed here


@pytest.mark.django_db
def test_the_login_page_shows_no_button_without_a_provider_and_one_per_provider(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    assert "Sign in with" not in client.get("/accounts/login/").content.decode()
    settings.SOCIALACCOUNT_PROVIDERS = oidc_settings("http://127.0.0.1:9")
    answer = client.get("/accounts/login/?next=/quizzes/")
    page = answer.content.decode()
    assert page.count(f"Sign in with {PROVIDER_NAME}") == 1
    assert 'name="next" value="/quizzes/"' in page and 'name="password"' in page
    # The button's POST is redirected to the provider: the page's CSP lets the form go on there.
    assert "form-action 'self' http://127.0.0.1:9;" in answer["Content-Security-Policy"] + ";"


@pytest.mark.django_db
def test_with_passwords_off_the_login_page_has_the_button_and_no_password_field(client, passwords_off):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert f"Sign in with {PROVIDER_NAME}" in page.content.decode()
    assert 'name="password"' not in page.content.decode()


@pytest.mark.django_db
def test_pages_offer_sign_up_only_while_passwords_are_on(client, settings):
    signup = reverse("signup")
    assert f'href="{signup}"' in client.get("/").content.decode()

    settings.LOCAL_PASSWORDS = False
    settings.SOCIALACCOUNT_PROVIDERS = oidc_settings("http://127.0.0.1:9")
    for path in ("/", reverse("login"), reverse("catalog:exercise_list")):
        assert f'href="{signup}"' not in client.get(path, follow=True).content.decode(), path


@pytest.mark.parametrize(
    "url, body",
    [
        ("/accounts/login/", {"username": "alice", "password": "alice-password-1"}),
        (
            "/accounts/signup/",
            {
                "username": "newbie",
                "email": "n@example.com",
                "password1": "Zx-91-long-pass",
                "password2": "Zx-91-long-pass",
            },
        ),
        ("/accounts/password_reset/", {"email": "alice@example.com"}),
    ],
)
def test_with_passwords_off_password_posts_are_refused_saying_why(client, alice, passwords_off, url, body):
    refused = client.post(url, body)
    assert refused.status_code == 403
    assert PASSWORDS_OFF in refused.content.decode()
    assert SESSION_KEY not in client.session
    assert not mail.outbox
    assert not type(alice).objects.filter(username="newbie").exists()


def test_with_passwords_off_only_a_superuser_logs_in_to_the_admin(client, charlie, django_user_model, passwords_off):
    client.post("/admin/login/", {"username": "charlie", "password": "charlie-password-1"})  # staff, no superuser
    assert SESSION_KEY not in client.session
    django_user_model.objects.create_superuser("operator", "op@example.com", "operator-password-1")
    client.post("/admin/login/", {"username": "operator", "password": "operator-password-1"})
    assert SESSION_KEY in client.session


@pytest.mark.django_db(transaction=True)
def test_with_passwords_off_the_provider_still_signs_people_in(sso, live_server, settings, alice):
    settings.LOCAL_PASSWORDS = False
    browser = Browser(live_server.url)
    page = browser.get("/accounts/login/")
    assert 'name="password"' not in page.text
    posted = browser.session.post(
        live_server.url + "/accounts/login/",
        data={
            "username": "alice",
            "password": "alice-password-1",
            "csrfmiddlewaretoken": browser.session.cookies.get("csrftoken"),
        },
        timeout=30,
    )
    assert posted.status_code == 403 and browser.user_id() is None

    person = sso.person("alice@example.com", verified=True)
    landed = browser.sign_in_with_provider(person)
    assert landed.status_code == 200
    assert browser.user_id() == alice.pk
    assert SocialAccount.objects.get(uid=person.subject).user == alice
