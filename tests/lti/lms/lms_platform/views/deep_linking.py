"""The deep linking return: the tool's signed choice of items, added to the course with their line items."""

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from lms_platform.lti import LmsPlatformConf, RefusedRequest, platform_conf
from lms_platform.state import STATE, ResourceLink, now_iso
from lms_platform.views.launch import refused_page

logger = logging.getLogger(__name__)
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
LTI = "https://purl.imsglobal.org/spec/lti/claim/"


@require_POST
def deep_link_return(request: HttpRequest) -> HttpResponse:
    try:
        conf = platform_conf()
        token = request.POST.get("JWT", "")
        claims, items = validated_response(conf, token)
        context_id = context_of(claims)
    except RefusedRequest as refusal:
        logger.warning("deep linking response refused: %s", refusal.message)
        return refused_page(refusal)
    added = add_items(context_id, items)
    with STATE.lock:
        STATE.deep_links.append(
            {
                "received_at": now_iso(),
                "context_id": context_id,
                "claims": claims,
                "content_items": items,
                "added": added,
            }
        )
        course_title = STATE.contexts.get(context_id, context_id)
    message = claims.get(DL + "msg") or claims.get(DL + "errormsg") or ""
    return render(
        request, "lms/deep_link_return.html", {"course_title": course_title, "added": added, "message": message}
    )


def validated_response(conf: LmsPlatformConf, token: str) -> tuple[dict, list[dict]]:
    """Claims and content items of a deep linking response signed by the tool, addressed to this LMS.

    lti1p3platform checks the signature (against the tool's key set), the message type and the item types;
    it does not check the audience (verify_aud is off), the issuer or the deployment, so they are checked here.
    """
    if not token:
        raise RefusedRequest("the JWT field is missing")
    try:
        items = conf.validate_deeplinking_resp({"JWT": token})
        claims = conf.tool_validate_and_decode(token)
    except Exception as error:  # LtiException, LtiDeepLinkingResponseException and PyJWT's errors alike
        raise RefusedRequest(f"deep linking response refused: {error!r}") from error
    audiences = claims.get("aud") if isinstance(claims.get("aud"), list) else [claims.get("aud")]
    if claims.get("iss") != conf.tool.get_client_id():
        raise RefusedRequest("deep linking response refused: iss is not the tool's client id")
    if conf.tool.get_iss() not in audiences:
        raise RefusedRequest("deep linking response refused: aud is not this platform's issuer")
    if claims.get(LTI + "deployment_id") != conf.tool.get_deployment_id():
        raise RefusedRequest("deep linking response refused: unknown deployment_id")
    return claims, items


def context_of(claims: dict) -> str:
    """The course the deep linking request came from, named by the opaque data the platform sent."""
    with STATE.lock:
        context_id = STATE.deep_link_requests.get(claims.get(DL + "data", ""))
    if context_id is None:
        raise RefusedRequest("deep linking response refused: its data names no deep linking request of this LMS")
    return context_id


def add_items(context_id: str, items: list[dict]) -> list[dict]:
    """Each ltiResourceLink becomes a new resource link of the course, with a line item when it asks for one."""
    added = []
    with STATE.lock:
        for item in items:
            link = ResourceLink(
                id=STATE.new_resource_link_id(),
                context_id=context_id,
                title=item.get("title") or "Untitled",
                url=item.get("url", ""),
                custom={key: str(value) for key, value in (item.get("custom") or {}).items()},
            )
            STATE.resource_links[link.id] = link
            lineitem = None
            if isinstance(item.get("lineItem"), dict):
                wanted = item["lineItem"]
                lineitem = STATE.add_lineitem(
                    context_id,
                    wanted.get("label") or link.title,
                    wanted.get("scoreMaximum") or 1,
                    resourceLinkId=link.id,
                    resourceId=wanted.get("resourceId", ""),
                    tag=wanted.get("tag", ""),
                    endDateTime=(item.get("submission") or {}).get("endDateTime", ""),
                ).as_ags()
            added.append(
                {
                    "resource_link_id": link.id,
                    "context_id": context_id,
                    "title": link.title,
                    "url": link.url,
                    "custom": link.custom,
                    "lineitem": lineitem,
                }
            )
    return added
