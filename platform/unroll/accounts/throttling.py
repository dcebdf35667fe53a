"""Throttles on the doors that guessing and flooding go through: log in, sign up, password reset,
and Submit and Run.

Two maintained libraries do the counting:
- django-axes locks an ACCOUNT after LOGIN_FAILURE_LIMIT wrong passwords in a row, for
  LOGIN_LOCKOUT_MINUTES (settings), whichever address the guesses come from;
- django-ratelimit counts requests in fixed windows, in the shared cache: per CLIENT ADDRESS for
  the account pages, per ACCOUNT for Submit and Run (`throttled`).

A class behind one campus NAT shares one address, so the per-address rates are generous and
the per-account lockout is what stops password guessing. `client_address` is the one place that
says which address a request comes from: behind a reverse proxy, TRUSTED_PROXY_COUNT says how many
proxies' X-Forwarded-For entries to trust; without it, the header is ignored (anyone can forge it).
"""

import logging
import math
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django_ratelimit.core import get_usage

TOO_MANY_STATUS = 429
logger = logging.getLogger(__name__)


def client_address(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or the one the nearest of TRUSTED_PROXY_COUNT proxies saw.

    Each proxy appends the address it received from to X-Forwarded-For, so with N trusted proxies
    the client is the N-th entry from the right; whatever stands further left, the client wrote
    and may have forged. (django-ipware counts entries from the left, or wants exactly N, so a
    client that adds one entry would choose its own address or fall out of every count.)
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        return hops[-proxies] if len(hops) >= proxies else None
    return request.META.get("REMOTE_ADDR") or None


def in_words(seconds: float) -> str:
    """A wait as people say it: "20 seconds", "1 minute", "15 minutes"."""
    if seconds < 60:
        whole = max(1, math.ceil(seconds))
        return "1 second" if whole == 1 else f"{whole} seconds"
    minutes = math.ceil(seconds / 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def address_key(group: str, request: HttpRequest) -> str:
    return client_address(request) or "no address"


def account_key(group: str, request: HttpRequest) -> str:
    return f"account:{request.user.pk}" if request.user.is_authenticated else f"address:{address_key(group, request)}"


# Who a rate counts: (the key django-ratelimit groups requests by, how a refusal names them).
PER = {"address": (address_key, "from your network"), "account": (account_key, "in a row")}


def throttled(group: str, rate_setting: str, what: str, per: str = "address"):
    """Refuse a view's POSTs past the rate settings.<rate_setting> ('20/h'), per client address or per
    account, saying how long to wait: HTML forms get a page (429), JSON callers {"error", "retry_after"}."""
    key, whose = PER[per]

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if request.method != "POST":
                return view(request, *args, **kwargs)
            usage = counted(request, group, key, getattr(settings, rate_setting))
            if usage is None or not usage["should_limit"]:
                return view(request, *args, **kwargs)
            wait = max(1, usage["time_left"])
            return too_many(request, f"Too many {what} {whose}. Try again in {in_words(wait)}.", retry_after=wait)

        return guarded

    return decorate


def counted(request: HttpRequest, group: str, key, rate: str) -> dict | None:
    """This request counted against its rate; None when the cache cannot count it (Redis away, say).

    A throttle fails open: a learner's submit must not fail because the cache blinked (the cap on
    what waits still holds), and the count goes on when the cache is back.
    """
    try:
        return get_usage(request, group=group, key=key, rate=rate, method="POST", increment=True)
    except Exception:  # noqa: BLE001 - whatever the cache raises (redis-py's errors, OSError, timeouts)
        logger.warning("the throttle %s could not count a request: the cache is away; letting it through", group)
        return None


def too_many(request: HttpRequest, message: str, retry_after: float | None = None) -> HttpResponse:
    if "application/json" in request.headers.get("Accept", "") or request.content_type == "application/json":
        body = {"error": message, **({"retry_after": math.ceil(retry_after)} if retry_after is not None else {})}
        response = JsonResponse(body, status=TOO_MANY_STATUS)
    else:
        response = render(request, "registration/too_many.html", {"message": message}, status=TOO_MANY_STATUS)
    if retry_after is not None:
        response["Retry-After"] = str(math.ceil(retry_after))
    return response


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked account (AXES_LOCKOUT_CALLABLE): the wait, and the way out."""
    wait = lockout_time_left(credentials)
    message = (
        f"Too many wrong passwords for this account. It is locked for {in_words(wait.total_seconds())}; "
        "you can also reset your password."
    )
    return too_many(request, message, retry_after=wait.total_seconds())


def lockout_time_left(credentials: dict | None) -> timedelta:
    """The account's cool-off from its last failed attempt (a failure during the lockout restarts it)."""
    from axes.models import AccessAttempt

    cool_off = settings.AXES_COOLOFF_TIME
    username = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD, "")
    last = AccessAttempt.objects.filter(username=username).order_by("-attempt_time").first()
    if last is None:
        return cool_off
    return max(timedelta(seconds=1), last.attempt_time + cool_off - timezone.now())
