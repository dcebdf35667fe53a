"""An e-mail address becomes an account's only once its owner opens the link sent to it.

Sign-up answers the same whether the address is new or already an account's, so nobody learns from
the site which addresses are registered: a new address gets a confirmation link; an address that is
already an account's gets, instead, a note saying so (to its owner, who alone reads it). Until it is
confirmed the account has no address, so a password reset cannot reach anyone through it.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

SALT = "unroll.accounts.email-confirmation"
VALID_FOR_SECONDS = 3 * 24 * 3600


class LinkRefused(ValueError):
    """The link is broken, expired or for an address another account confirmed since; the message says which."""


def send_signup_mail(user, email: str) -> None:
    """The confirmation link for a new address, or to an address already in use, a note to its owner."""
    owner = get_user_model().objects.filter(email__iexact=email).exclude(pk=user.pk).first()
    if owner is None:
        token = signing.dumps({"user": user.pk, "email": email}, salt=SALT)
        context = {"user": user, "link": settings.SITE_URL + reverse("confirm_email", args=[token])}
        template = "accounts/email/confirm.txt"
    else:
        context = {"user": user, "owner": owner, "reset": settings.SITE_URL + reverse("password_reset")}
        template = "accounts/email/already_registered.txt"
    body = render_to_string(template, context)
    subject, _, text = body.partition("\n\n")
    send_mail(subject.strip(), text, None, [email])


def confirmed_address(token: str) -> tuple[object, str]:
    """(account, address) of a confirmation link, or LinkRefused saying why not."""
    try:
        data = signing.loads(token, salt=SALT, max_age=VALID_FOR_SECONDS)
    except signing.SignatureExpired:
        raise LinkRefused("This link has expired: ask for a new one on your account page.") from None
    except signing.BadSignature:
        raise LinkRefused("This link is not one the site sent (it may be cut short): copy it whole.") from None
    user = get_user_model().objects.filter(pk=data.get("user")).first()
    if user is None:
        raise LinkRefused("The account this link was for no longer exists.")
    if get_user_model().objects.filter(email__iexact=data["email"]).exclude(pk=user.pk).exists():
        raise LinkRefused("Another account has confirmed this address since the link was sent.")
    return user, data["email"]
