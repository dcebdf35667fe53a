from allauth.socialaccount.providers.openid_connect import urls as oidc_urls
from allauth.socialaccount.providers.saml import urls as saml_urls
from django.contrib.auth import views as auth_views
from django.urls import include, path

from unroll.accounts import views
from unroll.accounts.passwords import local_passwords_only
from unroll.accounts.throttling import throttled

urlpatterns = [
    path(
        "signup/",
        local_passwords_only(throttled("signup", "SIGNUP_RATE_PER_ADDRESS", "sign-ups")(views.signup)),
        name="signup",
    ),
    path("confirm-email/<str:token>/", views.confirm_email, name="confirm_email"),
    path("me/", views.account, name="account"),
    path(
        "login/",
        local_passwords_only(
            throttled("login", "LOGIN_RATE_PER_ADDRESS", "log-in attempts")(
                auth_views.LoginView.as_view(redirect_authenticated_user=True)
            )
        ),
        name="login",
    ),
    path(
        "password_reset/",
        local_passwords_only(
            throttled("password-reset", "PASSWORD_RESET_RATE_PER_ADDRESS", "password-reset requests")(
                auth_views.PasswordResetView.as_view()
            )
        ),
        name="password_reset",
    ),
    # Django's own, as in django.contrib.auth.urls below, but for the LOCAL_PASSWORDS switch.
    path(
        "password_change/",
        local_passwords_only(auth_views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "reset/<uidb64>/<token>/",
        local_passwords_only(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    # Single sign-on: only the providers' own URLs of django-allauth (its OpenID Connect login and callback,
    # SAML's ACS, SLS, metadata and login), never its account pages: Unroll's login page has the buttons.
    path("sso/", include(oidc_urls.urlpatterns + saml_urls.urlpatterns)),
    path("", include("django.contrib.auth.urls")),
]
