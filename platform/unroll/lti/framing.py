"""Who may show Unroll in a frame: the pages of the registered LMSes, and nobody else.

Unroll answers every page with CSP `frame-ancestors 'none'` and `X-Frame-Options: DENY` (no clickjacking).
An LMS shows a launched tool inside an iframe of its own page, so once LMSes are registered, pages name
their origins in `frame-ancestors` instead; X-Frame-Options cannot name an origin, so it is left off then
(every browser that reads X-Frame-Options also reads frame-ancestors, which takes precedence).

Only a page being loaded into a frame is asked about: browsers say so in `Sec-Fetch-Dest` (iframe or
frame; Chrome, Edge, Firefox, Safari 16.4+). Every other request keeps 'none' and DENY, and costs no
lookup of the registered origins. A browser that does not send the header is refused the frame, and the
LMS's "open in a new window" still works.
"""

import logging

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

log = logging.getLogger(__name__)

CACHE_KEY = "lti-frame-origins"
CACHE_SECONDS = 300
FRAME_DESTINATIONS = ("iframe", "frame")


def registered_origins() -> list[str]:
    from unroll.lti.models import Platform

    origins = set()
    for platform in Platform.objects.active().select_related("registration"):
        origins.update(platform.origins())
    return sorted(origins)


def frame_origins() -> list[str]:
    """The registered LMSes' origins, kept in the cache (forgotten whenever a registration changes)."""
    try:
        origins = cache.get(CACHE_KEY)
    except Exception:  # the cache's Redis is away: ask the database
        log.warning("cache unreachable: reading the LMS origins from the database")
        return registered_origins()
    if origins is None:
        origins = registered_origins()
        try:
            cache.set(CACHE_KEY, origins, CACHE_SECONDS)
        except Exception:  # noqa: S110 - the cache is only a shortcut here
            pass
    return origins


def forget_origins(**kwargs) -> None:
    try:
        cache.delete(CACHE_KEY)
    except Exception:  # noqa: S110 - then it expires by itself within CACHE_SECONDS
        pass


def connect_signals() -> None:
    from lti_tool.models import LtiRegistration

    from unroll.lti.models import Platform

    for model in (Platform, LtiRegistration):
        post_save.connect(forget_origins, sender=model, dispatch_uid=f"lti-origins-save-{model.__name__}")
        post_delete.connect(forget_origins, sender=model, dispatch_uid=f"lti-origins-delete-{model.__name__}")


class LmsFramingMiddleware:
    """Between the CSP and X-Frame-Options middlewares and the views: sets what those two send about frames."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.headers.get("Sec-Fetch-Dest") not in FRAME_DESTINATIONS:
            return response
        origins = frame_origins()
        if origins:
            replace = dict(getattr(response, "_csp_replace", None) or {})
            replace["frame-ancestors"] = origins
            response._csp_replace = replace
            response.xframe_options_exempt = True
        return response
