"""In Chromium: the sign-in button, the provider's round trip, and the pages single sign-on adds (the login page
with its button, the page that replaces the password forms, allauth's confirmation page in Unroll's layout),
each with nothing blocked by the Content-Security-Policy (the root `page` fixture) and no serious axe finding."""

import pytest
from allauth.socialaccount.models import SocialAccount
from browser.axe import assert_no_serious_violations
from sso_support import PROVIDER_ID, PROVIDER_NAME

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_signs_in_with_the_button_and_again_from_allauths_own_page(sso, live_server, page, settings):
    person = sso.person("grace@uni.example", verified=True)
    page.goto(f"{live_server.url}/accounts/login/")
    assert_no_serious_violations(page, "the login page with a provider's button")
    page.get_by_role("button", name=f"Sign in with {PROVIDER_NAME}").click()
    page.wait_for_url(f"{sso.url}/login/**")
    page.fill("#id_username", person.username)
    page.fill("#id_password", person.password)
    page.get_by_role("button", name="Sign in at the provider").click()
    page.wait_for_url(f"{live_server.url}/exercises/")
    account = SocialAccount.objects.get(provider=PROVIDER_ID, uid=person.subject).user
    assert page.locator(".topbar .who").inner_text() == account.username

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    settings.LOCAL_PASSWORDS = False
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("input[type=password]").count() == 0
    assert_no_serious_violations(page, "the login page with passwords off")

    # A GET of the provider's login URL (a bookmark) shows allauth's confirmation page, in Unroll's layout.
    page.goto(f"{live_server.url}/accounts/sso/oidc/{PROVIDER_ID}/login/")
    assert_no_serious_violations(page, "allauth's confirmation page")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/exercises/")  # the provider remembered the person: straight back
    assert page.locator(".topbar .who").inner_text() == account.username
