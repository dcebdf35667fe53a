"""Writes to accounts that views ask for."""

from django.db import transaction

from unroll.accounts.email_confirmation import send_signup_mail
from unroll.accounts.forms import SignupForm


def create_account(form: SignupForm):
    """The new learner account of a valid sign-up form: without an address until its link is opened."""
    user = form.save(commit=False)
    user.email = ""
    user.save()
    send_signup_mail(user, form.cleaned_data["email"])
    return user


def confirm_address(user, email: str) -> None:
    user.email = email
    user.save(update_fields=["email"])


def create_sso_account(user, username: str, social_account):
    """The new account of a first single sign-on (accounts/sso.py chose its username and address), tied to the
    provider's subject: no password, so it signs in through the provider only."""
    user.username = username
    user.set_unusable_password()
    with transaction.atomic():
        user.save()
        social_account.user = user
        social_account.save()
    return user
