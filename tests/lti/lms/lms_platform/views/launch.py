"""Launching the tool: the course page that frames it, login initiation, the auth endpoint and the key set."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods
from lti1p3platform.exceptions import PreflightRequestValidationException
from lti1p3platform.framework.django.request import DjangoRequest

from lms_platform.lti import TAMPERS, LmsMessageLaunch, LmsOIDCLogin, RefusedRequest, platform_conf
from lms_platform.state import LIS_MEMBERSHIP, STATE, LaunchRequest


@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    """Only the current key: after a rotation a tool holding the old set must fetch it again."""
    with STATE.lock:
        return JsonResponse({"keys": [STATE.key.jwk]})


def refused_page(refusal: RefusedRequest) -> HttpResponse:
    return HttpResponse(
        f"The LMS refused this request: {refusal.message}\n", status=refusal.status, content_type="text/plain"
    )


@require_GET
def start_launch(request: HttpRequest) -> HttpResponse:
    """Third-party login initiation: remember what to launch under a hint and send the browser to the tool."""
    try:
        conf = platform_conf()
        launch = launch_request_from(request.GET, conf.tool)
    except RefusedRequest as refusal:
        return refused_page(refusal)
    with STATE.lock:
        hint = STATE.remember_launch(launch)
    login = LmsOIDCLogin(DjangoRequest(request), conf)
    login.set_lti_message_hint(hint=hint)
    login.set_launch_url(launch.target_link_uri)
    return login.initiate_login(launch.user_id)


def launch_request_from(query, registration) -> LaunchRequest:
    user_id = query.get("user_id", "")
    if not user_id:
        raise RefusedRequest("user_id is required")
    message = query.get("message", "resource")
    if message not in ("resource", "deeplink"):
        raise RefusedRequest("message must be resource or deeplink")
    tamper = query.get("tamper", "")
    if tamper and tamper not in TAMPERS:
        raise RefusedRequest(f"tamper must be one of {', '.join(TAMPERS)}")
    context_id = query.get("context_id", "course-1")
    resource_link_id = query.get("resource_link_id", "item-1")
    with STATE.lock:
        link = STATE.resource_links.get(resource_link_id)
        known_title = STATE.contexts.get(context_id, context_id)
    custom = dict(link.custom) if link else {}
    custom.update({key[len("custom_") :]: value for key, value in query.items() if key.startswith("custom_")})
    if message == "deeplink":
        target = registration.get_deeplink_launch_url()
    else:
        target = (link.url if link and link.url else None) or registration.get_launch_url()
    return LaunchRequest(
        user_id=user_id,
        name=query.get("name", ""),
        email=query.get("email", ""),
        roles=role_uris(query.get("roles", "Learner")),
        context_id=context_id,
        context_title=query.get("context_title") or known_title,
        resource_link_id=resource_link_id,
        resource_link_title=query.get("resource_link_title") or (link.title if link else resource_link_id),
        custom=custom,
        message=message,
        tamper=tamper,
        target_link_uri=target,
    )


def role_uris(roles: str) -> list[str]:
    """`Learner`, `Instructor,Mentor` or full LIS URIs (comma or | separated) as LIS membership URIs."""
    names = [name.strip() for name in roles.replace("|", ",").split(",") if name.strip()]
    return [name if "://" in name else LIS_MEMBERSHIP + name for name in names]


@require_http_methods(["GET", "POST"])
def authenticate(request: HttpRequest) -> HttpResponse:
    """The OIDC authentication endpoint the tool sends the browser back to; answers the id_token form."""
    try:
        return LmsMessageLaunch(DjangoRequest(request), platform_conf()).lti_launch()
    except PreflightRequestValidationException:
        return refused_page(RefusedRequest("nonce, state, redirect_uri and the registered client_id are required"))
    except RefusedRequest as refusal:
        return refused_page(refusal)


@require_GET
def course_item_page(request: HttpRequest, context_id: str, resource_link_id: str) -> HttpResponse:
    """The LMS's page of one item in a course, with the tool launched inside an iframe."""
    query = request.GET.dict()
    with STATE.lock:
        link = STATE.resource_links.get(resource_link_id)
        course_title = query.get("context_title") or STATE.contexts.get(context_id, context_id)
    item_title = query.get("resource_link_title") or (link.title if link else resource_link_id)
    query.update(
        context_id=context_id,
        resource_link_id=resource_link_id,
        context_title=course_title,
        resource_link_title=item_title,
    )
    context = {"course_title": course_title, "item_title": item_title, "launch_src": f"/launch?{urlencode(query)}"}
    return render(request, "lms/course_item.html", context)
