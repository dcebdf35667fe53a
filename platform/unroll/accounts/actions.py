"""Writes to accounts that views ask for."""

from unroll.accounts.forms import SignupForm


def create_account(form: SignupForm):
    """The new learner account of a valid sign-up form."""
    return form.save()
