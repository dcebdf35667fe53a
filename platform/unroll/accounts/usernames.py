"""Usernames for accounts that are made for someone rather than by them (an LMS launch, single sign-on).

They follow sign-up's rule (unroll.accounts.forms.normalised_username), so nobody gets a name a learner
could not have chosen: the wanted names folded to ASCII letters, digits, '.', '_' and '-'; the first that
the first wanted name that makes one, and if an account has it (ignoring case), that name numbered "-2",
"-3"... until one is free.
"""

import re
import unicodedata

from django import forms

from unroll.accounts.forms import normalised_username

FALLBACK = "learner"
BASE_LENGTH = 24  # leaves room for "-NNNNN" within the rule's 30 characters


def ascii_username(text: str | None) -> str:
    """`text` as letters a-z, digits, '.', '_' and '-' (accents dropped, anything else a '-'), or "" if short."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", plain).strip("-._")[:BASE_LENGTH]
    return name if len(name) >= 3 else ""


def free_username(*wanted: str | None) -> str:
    """The first wanted name (folded), numbered while it is taken, as sign-up would accept it."""
    base = next((name for name in map(ascii_username, wanted) if name), FALLBACK)
    for number in range(1, 100_000):
        try:
            return normalised_username(base if number == 1 else f"{base}-{number}")
        except forms.ValidationError:
            continue
    raise RuntimeError(f"no free username near {base!r}")
