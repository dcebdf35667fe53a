"""Error pages the whole site shares: JSON for the page scripts' calls, Django's own pages otherwise."""

from django.http import JsonResponse
from django.views.csrf import csrf_failure as csrf_failure_page


def wants_json(request) -> bool:
    return request.content_type == "application/json" or "application/json" in request.headers.get("Accept", "")


def csrf_failure(request, reason: str = ""):
    """A refused CSRF check: a page script (sending JSON) gets JSON it can show, a form Django's page."""
    if wants_json(request):
        return JsonResponse(
            {"error": "Your session's security token is missing or old: reload the page and submit again."},
            status=403,
        )
    return csrf_failure_page(request, reason=reason)
