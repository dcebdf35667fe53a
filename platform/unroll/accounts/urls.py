from django.contrib.auth import views as auth_views
from django.urls import include, path

from unroll.accounts import views
from unroll.accounts.throttling import throttled

urlpatterns = [
    path("signup/", throttled("signup", "SIGNUP_RATE_PER_ADDRESS", "sign-ups")(views.signup), name="signup"),
    path("confirm-email/<str:token>/", views.confirm_email, name="confirm_email"),
    path("me/", views.account, name="account"),
    path(
        "login/",
        throttled("login", "LOGIN_RATE_PER_ADDRESS", "log-in attempts")(
            auth_views.LoginView.as_view(redirect_authenticated_user=True)
        ),
        name="login",
    ),
    path(
        "password_reset/",
        throttled("password-reset", "PASSWORD_RESET_RATE_PER_ADDRESS", "password-reset requests")(
            auth_views.PasswordResetView.as_view()
        ),
        name="password_reset",
    ),
    path("", include("django.contrib.auth.urls")),
]
