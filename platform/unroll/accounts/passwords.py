"""The LOCAL_PASSWORDS switch: with it off, people sign in through single sign-on only.

Unroll's password pages (log in, sign up, password reset and change) then show the sign-in buttons
instead of their forms and refuse their POSTs, saying why; `LocalPasswordsSwitch` refuses any other
password login (the admin's) but a superuser's, so an operator keeps a way in. The setting is read at
each request, never at import.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

REFUSED_STATUS = 403
PASSWORDS_OFF = "Passwords are turned off on this site: sign in with the button below."


def local_passwords_on() -> bool:
    return settings.LOCAL_PASSWORDS


def switch(request: HttpRequest) -> dict:
    """A context processor: templates offer "Sign up" only while passwords are on (accounts come from SSO otherwise)."""
    return {"local_passwords": local_passwords_on()}


def local_passwords_only(view):
    """The view as it is while passwords are on; while they are off, the sign-in buttons instead of its form,
    and its POSTs refused (403)."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if local_passwords_on():
            return view(request, *args, **kwargs)
        status = REFUSED_STATUS if request.method == "POST" else 200
        context = {"message": PASSWORDS_OFF, "next": request.GET.get("next", "")}
        return render(request, "registration/passwords_off.html", context, status=status)

    return guarded


class LocalPasswordsSwitch:
    """An authentication backend that checks no password: while passwords are off it stops every password
    login but a superuser's (Django then tries no further backend); while they are on it says nothing."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if local_passwords_on() or password is None:
            return None
        user = get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: username}).first()
        if user is None or not user.is_superuser:
            raise PermissionDenied(PASSWORDS_OFF)
        return None  # a superuser: the next backend checks the password
