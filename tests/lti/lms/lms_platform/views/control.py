"""The control API the tests drive the LMS with (JSON in, JSON out)."""

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms_platform.lti import RefusedRequest
from lms_platform.state import STATE, ToolRegistration

TOOL_URLS = ("login_url", "launch_url", "jwks_url")


def json_body(request: HttpRequest) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError as error:
        raise RefusedRequest(f"the body is not JSON: {error}") from error
    if not isinstance(body, dict):
        raise RefusedRequest("the body must be a JSON object")
    return body


def refusals_as_json(view):
    """Answer a RefusedRequest with its status and a JSON error, as every control call does."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        try:
            return view(request, *args, **kwargs)
        except RefusedRequest as refusal:
            return JsonResponse({"error": refusal.error, "error_description": refusal.message}, status=refusal.status)

    wrapped.__name__ = view.__name__
    return wrapped


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    with STATE.lock:
        return JsonResponse({"ok": True, "base_url": settings.LMS_BASE_URL, "kid": STATE.key.kid})


@require_POST
@refusals_as_json
def register_tool(request: HttpRequest) -> JsonResponse:
    body = json_body(request)
    missing = [name for name in ("client_id", "deployment_id", *TOOL_URLS) if not body.get(name)]
    if missing:
        raise RefusedRequest(f"missing: {', '.join(missing)}")
    tool = ToolRegistration(
        client_id=body["client_id"],
        deployment_id=body["deployment_id"],
        login_url=body["login_url"],
        launch_url=body["launch_url"],
        deep_link_url=body.get("deep_link_url") or body["launch_url"],
        jwks_url=body["jwks_url"],
        issuer=body.get("issuer") or settings.LMS_BASE_URL,
    )
    with STATE.lock:
        STATE.tool = tool
    return JsonResponse({"tool": tool.__dict__, **platform_endpoints()})


def platform_endpoints() -> dict[str, str]:
    """What a tool needs to register this platform."""
    base = settings.LMS_BASE_URL
    with STATE.lock:
        issuer = STATE.tool.issuer if STATE.tool else base
    return {
        "issuer": issuer,
        "auth_url": f"{base}/auth",
        "token_url": f"{base}/token",
        "jwks_url": f"{base}/.well-known/jwks.json",
        "deep_link_return_url": f"{base}/deep-link-return",
    }


@require_POST
def rotate_key(request: HttpRequest) -> JsonResponse:
    with STATE.lock:
        old_kid, new_kid = STATE.key.kid, STATE.rotate_key().kid
    return JsonResponse({"old_kid": old_kid, "kid": new_kid})


@require_POST
@refusals_as_json
def set_down(request: HttpRequest) -> JsonResponse:
    down = json_body(request).get("down")
    if not isinstance(down, bool):
        raise RefusedRequest('send {"down": true} or {"down": false}')
    with STATE.lock:
        STATE.down = down
    return JsonResponse({"down": down})


@require_GET
def scores(request: HttpRequest) -> JsonResponse:
    with STATE.lock:
        return JsonResponse(STATE.scores_report())


@require_http_methods(["GET", "POST"])
@refusals_as_json
def lineitems(request: HttpRequest) -> JsonResponse:
    """GET lists every line item; POST creates one as an instructor would in the LMS's gradebook."""
    if request.method == "POST":
        return create_lineitem(json_body(request))
    with STATE.lock:
        items = [{**item.as_ags(), "context_id": item.context_id} for item in STATE.lineitems.values()]
    return JsonResponse({"lineitems": items})


def create_lineitem(body: dict[str, Any]) -> JsonResponse:
    if not body.get("context_id") or not body.get("label") or not body.get("scoreMaximum"):
        raise RefusedRequest("a line item needs context_id, label and scoreMaximum")
    optional = {key: body[key] for key in ("resourceLinkId", "resourceId", "tag", "endDateTime") if key in body}
    with STATE.lock:
        item = STATE.add_lineitem(body["context_id"], body["label"], body["scoreMaximum"], **optional)
        return JsonResponse(item.as_ags(), status=201)


@require_POST
@refusals_as_json
def set_members(request: HttpRequest) -> JsonResponse:
    body = json_body(request)
    members = body.get("members")
    if not body.get("context_id") or not isinstance(members, list):
        raise RefusedRequest("send context_id and a list of members")
    if any(not member.get("user_id") or not isinstance(member.get("roles"), list) for member in members):
        raise RefusedRequest("every member needs a user_id and a list of roles")
    with STATE.lock:
        STATE.rosters[body["context_id"]] = members
        STATE.roster_page_size = int(body.get("page_size") or 0)
        if body.get("context_title"):
            STATE.contexts[body["context_id"]] = body["context_title"]
    return JsonResponse({"context_id": body["context_id"], "members": len(members)})


@require_GET
def deep_links(request: HttpRequest) -> JsonResponse:
    with STATE.lock:
        return JsonResponse({"deep_links": list(STATE.deep_links)})


@require_POST
def reset(request: HttpRequest) -> JsonResponse:
    with STATE.lock:
        STATE.reset()
    return JsonResponse({"reset": True})
