"""Sign-up: a learner account with a username, an e-mail (for password resets) and a password.

Usernames are shown to instructors and classmates, so two must never look alike: a new one is
NFKC-normalised, then must be ASCII letters, digits, '.', '_' or '-' (no look-alike letters from
other scripts, no mixed scripts), and must differ from every existing one ignoring case.
"""

import re
import unicodedata

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User

USERNAME_RULE = re.compile(r"[A-Za-z0-9._-]{3,30}")
USERNAME_HELP = "3 to 30 characters: letters a–z, digits, '.', '_' or '-'."


def normalised_username(raw: str) -> str:
    """The username as it will be stored, or a ValidationError saying which rule it breaks."""
    username = unicodedata.normalize("NFKC", raw).strip()
    if not USERNAME_RULE.fullmatch(username):
        odd = sorted({c for c in username if not re.fullmatch(r"[A-Za-z0-9._-]", c)})
        if odd:
            shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in odd)
            raise forms.ValidationError(f"A username may not contain {shown}. {USERNAME_HELP}")
        raise forms.ValidationError(f"This username has {len(username)} characters. {USERNAME_HELP}")
    if User.objects.filter(username__iexact=username).exists():
        raise forms.ValidationError("This username is taken (or one that differs only in capitals). Choose another.")
    return username


class SignupForm(UserCreationForm):
    email = forms.EmailField(help_text="Used only to reset your password, once you open the link we send to it.")

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")
        help_texts = {"username": USERNAME_HELP}

    def clean_username(self) -> str:
        return normalised_username(self.cleaned_data["username"])

    def clean_email(self) -> str:
        # Never refused for being another account's: that would tell anyone which addresses are
        # registered (unroll.accounts.email_confirmation decides what the address receives).
        return self.cleaned_data["email"].strip().lower()


class EmailForm(forms.Form):
    email = forms.EmailField(label="E-mail address", help_text="We send a link to it; it is yours once you open it.")

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()
