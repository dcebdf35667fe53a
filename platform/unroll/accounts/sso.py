"""Single sign-on through django-allauth (OpenID Connect, SAML): which Unroll account a sign-in is.

- A sign-in the provider made before is found by its subject (allauth's SocialAccount: provider, uid), never
  by e-mail: the address at the provider may change, the account stays the same.
- A first sign-in joins an existing local account only when the provider says the address is verified AND
  it is that account's confirmed address (Unroll's `User.email`, which holds an address only once its
  owner opened the link sent to it: accounts/email_confirmation.py) AND the account has no other identity
  at this provider (an address the provider gave to someone new must not reach its former holder's work).
- Otherwise a new account is made, with a free username by the accounts' rules, and the address only
  when it is verified and no account's yet. Never a takeover of an account by an address it did not confirm.

allauth's EmailAddress table is left empty: `User.email` stays the one record of a confirmed address (two
records would drift apart as people confirm new addresses on their account page), so nothing of allauth's
that reads EmailAddress (its e-mail login, its linking by e-mail, both off) could see a stale one.
"""

import logging
from functools import wraps
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount, SocialLogin
from allauth.socialaccount.providers.base import AuthError
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from unroll.accounts.actions import create_sso_account
from unroll.accounts.usernames import free_username

logger = logging.getLogger(__name__)
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def verified_email(sociallogin: SocialLogin) -> str:
    """The first address the provider says is verified (OIDC `email_verified`, or SAML_EMAIL_VERIFIED), or ""."""
    return next((a.email.strip().lower() for a in sociallogin.email_addresses if a.verified), "")


def linkable_account(sociallogin: SocialLogin):
    """The local account a first sign-in may join, or None (see the module's docstring for the rule)."""
    email = verified_email(sociallogin)
    if not email:
        return None
    owners = list(get_user_model().objects.filter(email__iexact=email)[:2])
    if len(owners) != 1:
        return None
    owner = owners[0]
    if SocialAccount.objects.filter(user=owner, provider=sociallogin.account.provider).exists():
        return None  # another identity at this provider already signs in to it
    return owner


def claimable_email(sociallogin: SocialLogin) -> str:
    """The address a new account may have: verified by the provider, and no account's yet; else ""."""
    email = verified_email(sociallogin)
    if email and not get_user_model().objects.filter(email__iexact=email).exists():
        return email
    return ""


def username_candidates(sociallogin: SocialLogin) -> list[str]:
    user = sociallogin.user
    data = sociallogin.account.extra_data or {}
    claims = data.get("userinfo") or data.get("id_token") or {}
    email = next((a.email for a in sociallogin.email_addresses), "")
    return [
        user.username,
        claims.get("preferred_username", "") if isinstance(claims, dict) else "",
        email.partition("@")[0],
        f"{user.first_name}.{user.last_name}".strip("."),
    ]


def provider_origins() -> list[str]:
    """The origins of the configured providers (settings.SOCIALACCOUNT_PROVIDERS): an OIDC issuer's, a SAML
    IdP's sign-in or metadata URL's."""
    urls = []
    for config in settings.SOCIALACCOUNT_PROVIDERS.values():
        for app in config.get("APPS", []):
            options = app.get("settings", {})
            idp = options.get("idp", {})
            urls += [options.get("server_url"), idp.get("sso_url"), idp.get("metadata_url")]
    return sorted({f"{part.scheme}://{part.netloc}" for part in map(urlsplit, filter(None, urls))})


def allows_sign_in_forms(view):
    """The view's pages may hold a sign-in button: their CSP lets its form go on to the providers.

    A button POSTs to Unroll, which redirects the browser to the provider; browsers hold a form to the
    page's `form-action` through every redirect, so 'self' alone would stop it there.
    """

    @wraps(view)
    def allowing(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        origins = provider_origins()
        if origins:
            response._csp_update = {"form-action": origins}
        return response

    return allowing


def back_to_login(request: HttpRequest, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect("login")


class SingleSignOnAdapter(DefaultSocialAccountAdapter):
    """allauth's social-account hooks, holding Unroll's rule for who a first sign-in is."""

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        if sociallogin.is_existing:
            return  # found by the provider's subject
        owner = linkable_account(sociallogin)
        if owner is not None:
            sociallogin.connect(request, owner)
            logger.info("single sign-on: %s joined account %s", sociallogin.account.provider, owner.pk)
            return
        # A new account follows: only an address it may claim goes with it (allauth's auto sign-up would
        # otherwise stop at its sign-up form, which is not mounted, on an address already in use).
        email = claimable_email(sociallogin)
        sociallogin.user.email = email
        sociallogin.email_addresses = [a for a in sociallogin.email_addresses if email and a.email.lower() == email]

    def authenticate_by_email(self, sociallogin: SocialLogin):
        return None  # never allauth's linking by e-mail: pre_social_login holds the rule

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return True  # a first sign-in through a provider makes an account, LOCAL_PASSWORDS or not

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form=None):
        username = free_username(*username_candidates(sociallogin))
        return create_sso_account(sociallogin.user, username, sociallogin.account)

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None) -> None:
        """Back on Unroll's login page, saying what happened (allauth's error pages are not Unroll's)."""
        name = getattr(provider, "name", "single sign-on")
        if error == AuthError.CANCELLED:
            message = f"Signing in with {name} was cancelled."
        else:
            logger.warning("single sign-on with %s failed: %s %r", name, error, exception)
            message = f"Signing in with {name} did not work. Try again, or log in another way."
        raise ImmediateHttpResponse(back_to_login(request, message))


class AccountAdapter(DefaultAccountAdapter):
    """allauth's account hooks, for the sign-ins its social accounts finish (its own account pages are unused)."""

    def get_login_stages(self) -> list[str]:
        return []  # no allauth e-mail verification, code or phone stage: their pages are not mounted

    def login(self, request: HttpRequest, user) -> None:
        user.backend = MODEL_BACKEND  # the session's backend, as Unroll's own logins record it
        super().login(request, user)

    def respond_user_inactive(self, request: HttpRequest, user) -> HttpResponse:
        return back_to_login(request, "This account is switched off. Ask the site's operator.")

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return True

    def populate_username(self, request: HttpRequest, user) -> None:
        user.username = free_username(user.username, user.email.partition("@")[0])
