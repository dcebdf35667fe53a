"""Writes to accounts that views ask for."""

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
