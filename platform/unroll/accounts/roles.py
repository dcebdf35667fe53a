"""Roles: a learner is any account; an instructor is a staff account."""

from django.contrib.auth.decorators import user_passes_test
from django.core.exceptions import PermissionDenied


def is_instructor(user) -> bool:
    return user.is_authenticated and user.is_staff


def instructor_or_forbidden(user) -> bool:
    """Anonymous visitors are sent to log in; a logged-in learner gets 403.

    Sending a learner to the login page would loop: it redirects logged-in users back to `next`.
    """
    if user.is_authenticated and not user.is_staff:
        raise PermissionDenied("Only instructors can see this page.")
    return is_instructor(user)


instructor_required = user_passes_test(instructor_or_forbidden)
