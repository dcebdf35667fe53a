"""Unroll: the Django project (settings, urls, the Celery app) and its apps."""

from unroll.celery import app as celery_app

__all__ = ["celery_app"]
