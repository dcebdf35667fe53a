from allauth.socialaccount.providers.openid_connect import urls as oidc_urls
from allauth.socialaccount.providers.saml import urls as saml_urls
from django.contrib.auth import views as auth_views
from django.urls import URLResolver, include, path

from unroll.accounts import views
from unroll.accounts.passwords import local_passwords_only
from unroll.accounts.sso import allows_sign_in_forms
from unroll.accounts.throttling import throttled


def sign_in_page(view):
    """A password page: the sign-in buttons instead while passwords are off (local_passwords_only), and
    the buttons' forms allowed on to the providers (allows_sign_in_forms)."""
    return allows_sign_in_forms(local_passwords_only(view))


def provider_urls() -> list:
    """django-allauth's provider URLs (OpenID Connect login and callback; SAML's ACS, SLS, metadata and
    login), each view wrapped by allows_sign_in_forms: its GET page's button goes on to the provider too."""
    patterns = oidc_urls.urlpatterns + saml_urls.urlpatterns
    for pattern in each_pattern(patterns):
        if not getattr(pattern.callback, "allows_sign_in_forms", False):
            pattern.callback = allows_sign_in_forms(pattern.callback)
            pattern.callback.allows_sign_in_forms = True
    return patterns


def each_pattern(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from each_pattern(pattern.url_patterns)
        else:
            yield pattern


urlpatterns = [
    path(
        "signup/",
        sign_in_page(throttled("signup", "SIGNUP_RATE_PER_ADDRESS", "sign-ups")(views.signup)),
        name="signup",
    ),
    path("confirm-email/<str:token>/", views.confirm_email, name="confirm_email"),
    path("me/", views.account, name="account"),
    path(
        "login/",
        sign_in_page(
            throttled("login", "LOGIN_RATE_PER_ADDRESS", "log-in attempts")(
                auth_views.LoginView.as_view(redirect_authenticated_user=True)
            )
        ),
        name="login",
    ),
    path(
        "password_reset/",
        sign_in_page(
            throttled("password-reset", "PASSWORD_RESET_RATE_PER_ADDRESS", "password-reset requests")(
                auth_views.PasswordResetView.as_view()
            )
        ),
        name="password_reset",
    ),
    # Django's own, as in django.contrib.auth.urls below, but for the LOCAL_PASSWORDS switch.
    path(
        "password_change/",
        sign_in_page(auth_views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "reset/<uidb64>/<token>/",
        sign_in_page(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    # Single sign-on: only the providers' own URLs of django-allauth (its OpenID Connect login and callback,
    # SAML's ACS, SLS, metadata and login), never its account pages: Unroll's login page has the buttons.
    path("sso/", include(provider_urls())),
    path("", include("django.contrib.auth.urls")),
]
