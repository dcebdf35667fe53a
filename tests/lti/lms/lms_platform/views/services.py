"""The LTI Advantage services: the token endpoint, Assignment and Grade Services, Names and Roles.

Each service checks, before lti1p3platform's handler runs: that the LMS is up, that the bearer token is one
it issued, and that the token holds the scope this action needs (lti1p3platform accepts any AGS scope for
every AGS action, so a token for results alone could post scores).
"""

import json
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_http_methods, require_POST
from lti1p3platform.exceptions import MissingRequiredClaim, UnsupportedGrantType
from lti1p3platform.framework.django.request import DjangoRequest
from lti1p3platform.framework.django.response import wrap_json_resp

from lms_platform.lti import (
    AGS,
    NRPS_SCOPE,
    LmsAssignmentsGrades,
    LmsNamesRoles,
    LmsPlatformConf,
    RefusedRequest,
    check_token_request,
    granted_scopes,
    platform_conf,
)
from lms_platform.state import STATE

READ_LINEITEMS = {AGS + "lineitem", AGS + "lineitem.readonly"}
WRITE_LINEITEMS = {AGS + "lineitem"}


def oauth_error(refusal: RefusedRequest) -> JsonResponse:
    response = JsonResponse({"error": refusal.error, "error_description": refusal.message}, status=refusal.status)
    if refusal.status == 503:
        response["Retry-After"] = "1"
    return response


def while_up(view):
    """503 while the LMS is down (POST /control/down), and refusals as OAuth2-style JSON errors."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with STATE.lock:
            down = STATE.down
        try:
            if down:
                raise RefusedRequest("the LMS is down for maintenance", 503, "temporarily_unavailable")
            return view(request, *args, **kwargs)
        except RefusedRequest as refusal:
            return oauth_error(refusal)

    return wrapped


@require_POST
@while_up
def token(request: HttpRequest) -> JsonResponse:
    conf = platform_conf()
    form = request.POST.dict()
    check_token_request(conf, form, f"{settings.LMS_BASE_URL}/token")
    try:
        granted = conf.get_access_token(form)
    except MissingRequiredClaim as error:
        raise RefusedRequest(str(error)) from error
    except UnsupportedGrantType as error:
        raise RefusedRequest("grant_type must be client_credentials", 400, "unsupported_grant_type") from error
    if not granted["scope"]:
        raise RefusedRequest("none of the requested scopes is offered", 400, "invalid_scope")
    return JsonResponse(granted)


def authorised_conf(request: HttpRequest, needs: set[str]) -> LmsPlatformConf:
    """The platform configuration, once the bearer token is ours and holds one of the scopes `needs`."""
    conf = platform_conf()
    kind, _, bearer = request.headers.get("Authorization", "").partition(" ")
    claims = conf.access_token_claims(bearer.strip()) if kind.lower() == "bearer" else None
    if claims is None:
        raise RefusedRequest("a valid bearer access token from /token is required", 401, "invalid_token")
    if not granted_scopes(claims) & needs:
        raise RefusedRequest(
            f"the access token lacks the scope {' or '.join(sorted(needs))}", 403, "insufficient_scope"
        )
    return conf


def library_request(request: HttpRequest) -> DjangoRequest:
    """lti1p3platform's request, with page and limit as numbers (it adds 1 to the page it gets)."""
    wrapped = DjangoRequest(request)
    query = wrapped.get_data
    for name in ("page", "limit"):
        if name in query:
            try:
                query[name] = int(query[name])
            except ValueError as error:
                raise RefusedRequest(f"{name} must be a number") from error
    return wrapped


@require_http_methods(["GET", "POST"])
@while_up
def lineitems(request: HttpRequest, context_id: str) -> HttpResponse:
    needs = READ_LINEITEMS if request.method == "GET" else WRITE_LINEITEMS
    service = LmsAssignmentsGrades(library_request(request), authorised_conf(request, needs), context_id)
    handler = service.handle_get_lineitems if request.method == "GET" else service.handle_create_lineitem
    return wrap_json_resp(service.handle_resp(handler))


@require_http_methods(["GET", "PUT", "DELETE"])
@while_up
def lineitem(request: HttpRequest, context_id: str, lineitem_id: str) -> HttpResponse:
    needs = READ_LINEITEMS if request.method == "GET" else WRITE_LINEITEMS
    service = LmsAssignmentsGrades(library_request(request), authorised_conf(request, needs), context_id, lineitem_id)
    handler = {
        "GET": service.handle_get_lineitem,
        "PUT": service.handle_update_lineitem,
        "DELETE": service.handle_delete_lineitem,
    }[request.method]
    response = service.handle_resp(handler, line_item_id=lineitem_id)
    return HttpResponse(status=204) if response.code == 204 else wrap_json_resp(response)


@require_POST
@while_up
def scores(request: HttpRequest, context_id: str, lineitem_id: str) -> HttpResponse:
    conf = authorised_conf(request, {AGS + "score"})
    service = LmsAssignmentsGrades(library_request(request), conf, context_id, lineitem_id)
    response = service.handle_resp(service.handle_update_score, line_item_id=lineitem_id)
    if 200 <= response.code < 300:
        return JsonResponse({"status": response.message}, status=response.code)
    return wrap_json_resp(response)


@require_http_methods(["GET"])
@while_up
def results(request: HttpRequest, context_id: str, lineitem_id: str) -> HttpResponse:
    conf = authorised_conf(request, {AGS + "result.readonly"})
    service = LmsAssignmentsGrades(library_request(request), conf, context_id, lineitem_id)
    return wrap_json_resp(service.handle_resp(service.handle_get_results, line_item_id=lineitem_id))


@require_http_methods(["GET"])
@while_up
def memberships(request: HttpRequest, context_id: str) -> HttpResponse:
    conf = authorised_conf(request, {NRPS_SCOPE})
    wrapped = library_request(request)
    with STATE.lock:
        page_size = STATE.roster_page_size
    if page_size and "limit" not in wrapped.get_data:
        wrapped.get_data["limit"] = page_size  # the LMS pages even when the tool asks for no limit
    service = LmsNamesRoles(wrapped, conf, context_id)
    return with_link_header(wrap_json_resp(service.handle_resp(service.handle_get_members)))


def with_link_header(response: HttpResponse) -> HttpResponse:
    """NRPS names the next page in a Link header (rel="next"), not in the body where lti1p3platform puts it."""
    if response.status_code != 200:
        return response
    data = json.loads(response.content)
    next_page = data.pop("next", None)
    paged = JsonResponse(data, content_type=response["Content-Type"])
    if next_page:
        paged["Link"] = f'<{next_page}>; rel="next"'
    return paged
