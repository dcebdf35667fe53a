"""Signing in through a real OpenID provider (tests/sso/provider, in a process of its own): the first sign-in
makes an account or joins a local one by the rule of unroll/accounts/sso.py; later ones find it by subject."""

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import User
from sso_support import PROVIDER_ID, Browser

pytestmark = pytest.mark.django_db(transaction=True)


def account_of(person) -> User:
    return SocialAccount.objects.get(provider=PROVIDER_ID, uid=person.subject).user


def test_a_first_sign_in_makes_an_account_and_the_next_finds_it_by_subject(sso, live_server):
    person = sso.person("ada@uni.example", verified=True)
    first = Browser(live_server.url)
    landed = first.sign_in_with_provider(person)
    assert landed.status_code == 200 and landed.url == live_server.url + "/exercises/", landed.url
    account = account_of(person)
    assert first.user_id() == account.pk
    assert account.username == person.username  # the provider's preferred_username, free by the accounts' rules
    assert account.email == "ada@uni.example"  # verified by the provider, and nobody's yet
    assert not account.has_usable_password()
    assert not EmailAddress.objects.exists()  # User.email stays the one record of a confirmed address

    # The address changes at the provider: the same subject is still the same account, its address untouched.
    sso.person("ada.lovelace@uni.example", verified=True, username=person.username)
    second = Browser(live_server.url)
    second.sign_in_with_provider(person)
    assert second.user_id() == account.pk
    assert User.objects.count() == 1
    account.refresh_from_db()
    assert account.email == "ada@uni.example"


def test_a_verified_address_that_is_a_local_accounts_confirmed_one_joins_that_account(sso, live_server, alice):
    person = sso.person("ALICE@example.com", verified=True)  # alice's confirmed address, in other capitals
    browser = Browser(live_server.url)
    browser.sign_in_with_provider(person)
    assert browser.user_id() == alice.pk
    assert account_of(person) == alice
    alice.refresh_from_db()
    assert alice.check_password("alice-password-1")  # her password still works: nothing was wiped
    assert User.objects.count() == 1


def test_an_unverified_address_of_a_local_account_gets_an_account_of_its_own(sso, live_server, alice):
    alices_own = Browser(live_server.url)
    alices_own.log_in_with_password("alice", "alice-password-1")
    assert alices_own.user_id() == alice.pk
    password_hash = alice.password

    mallory = sso.person("alice@example.com", verified=False)
    browser = Browser(live_server.url)
    browser.sign_in_with_provider(mallory)

    newcomer = account_of(mallory)
    assert newcomer != alice and browser.user_id() == newcomer.pk
    assert newcomer.email == ""  # an address the provider did not vouch for is nobody's to claim
    alice.refresh_from_db()
    assert alice.password == password_hash and alice.email == "alice@example.com"
    assert not SocialAccount.objects.filter(user=alice).exists()
    assert alices_own.user_id() == alice.pk  # her session is untouched
    assert "alice" in alices_own.get("/accounts/me/").text


def test_an_address_only_waiting_for_confirmation_is_no_accounts_to_join(sso, live_server, client):
    # Signed up with it; the link mailed to it was never opened: the account has no address yet.
    client.post(
        "/accounts/signup/",
        {"username": "bea", "email": "bea@uni.example", "password1": "x-Pass-word-91", "password2": "x-Pass-word-91"},
    )
    bea = User.objects.get(username="bea")
    assert bea.email == ""

    person = sso.person("bea@uni.example", verified=True)
    browser = Browser(live_server.url)
    browser.sign_in_with_provider(person)
    newcomer = account_of(person)
    assert newcomer != bea and newcomer.email == "bea@uni.example"


def test_a_second_identity_at_the_provider_with_the_same_address_does_not_join_the_first_ones_account(
    sso, live_server, alice
):
    first = sso.person("alice@example.com", verified=True)
    Browser(live_server.url).sign_in_with_provider(first)
    assert account_of(first) == alice

    # The provider gave the address to someone else (a recycled address): a new subject, a new account.
    second = sso.person("alice@example.com", verified=True)
    browser = Browser(live_server.url)
    browser.sign_in_with_provider(second)
    newcomer = account_of(second)
    assert newcomer != alice and browser.user_id() == newcomer.pk
    assert newcomer.email == ""  # alice's address stays hers alone


def test_a_taken_username_gets_a_free_one_by_the_accounts_rules(sso, live_server, alice):
    person = sso.person("someone@uni.example", verified=True, username="Alice")
    browser = Browser(live_server.url)
    browser.sign_in_with_provider(person)
    newcomer = account_of(person)
    assert newcomer != alice
    assert newcomer.username == "Alice-2"


def test_an_account_locked_by_wrong_passwords_still_signs_in_through_the_provider(sso, live_server, alice, settings):
    guesser = Browser(live_server.url)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        guesser.log_in_with_password("alice", "a-wrong-guess")
    locked = guesser.log_in_with_password("alice", "alice-password-1")
    assert locked.status_code == 429 and guesser.user_id() is None  # django-axes holds the password door

    person = sso.person("alice@example.com", verified=True)
    browser = Browser(live_server.url)
    landed = browser.sign_in_with_provider(person)
    assert landed.status_code == 200 and browser.user_id() == alice.pk  # the provider's door is not axes'
