"""Roles: a learner is any account; an instructor is a staff account."""

from django.contrib.auth.decorators import user_passes_test


def is_instructor(user) -> bool:
    return user.is_authenticated and user.is_staff


instructor_required = user_passes_test(is_instructor)
