"""Usernames for accounts that are created for someone rather than by them (an LMS launch, single sign-on).

They follow sign-up's rule (unroll.accounts.forms.USERNAME_RULE), so nobody gets a name a learner could
not have chosen: the wanted name folded to ASCII letters, digits, '.', '_' and '-', then numbered until
no account has it, ignoring case.
"""

import re
import unicodedata

from django.contrib.auth.models import User

from unroll.accounts.forms import USERNAME_RULE

FALLBACK = "learner"
MAX_LENGTH = 30


def ascii_name(wanted: str) -> str:
    """'Zoë Ångström' → 'Zoe.Angstrom': accents dropped, other characters replaced by '.', within the length."""
    folded = unicodedata.normalize("NFKD", wanted).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9._-]+", ".", folded).strip(".-_")
    return name[: MAX_LENGTH - 5]


def free_username(*wanted: str) -> str:
    """The first of the wanted names (folded to the rule) that no account has, numbered if all are taken."""
    candidates = [ascii_name(name) for name in wanted if name] + [FALLBACK]
    candidates = [name for name in candidates if USERNAME_RULE.fullmatch(name)]
    for name in candidates:
        if not User.objects.filter(username__iexact=name).exists():
            return name
    base = candidates[0]
    number = 2
    while User.objects.filter(username__iexact=f"{base}{number}").exists():
        number += 1
    return f"{base}{number}"
