"""The LTI endpoints an LMS calls: the tool's key set, OIDC login initiation and the launch (resource link and
deep linking), built on django-lti's views.

A refused launch answers with a page saying why (the LMS shows it in its frame) and a log line naming the
issuer and the reason, so that an operator can match a learner's complaint to its cause.
"""

import logging
from urllib.parse import urlencode

from django.contrib.auth import login
from django.core.cache import cache
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from lti_tool.models import Key, LtiLaunch
from lti_tool.views import LtiLaunchBaseView, OIDCLoginInitView
from pylti1p3.exception import LtiException, OIDCException

from unroll.lti import launches
from unroll.lti.launches import LaunchRefused

log = logging.getLogger(__name__)

# PyLTI1p3 checks that a launch's nonce is one this tool issued, but not that it is used once; a nonce is
# remembered as used for as long as an id_token may live (the LMS sets `exp`, usually minutes).
USED_NONCE_SECONDS = 24 * 3600
# PyLTI1p3's name for "this login request has passed the cookie check" (OIDCLogin._is_new_window_request).
NEW_WINDOW_PARAMETER = "lti1p3_new_window"
ACCOUNT_BACKEND = "django.contrib.auth.backends.ModelBackend"


def jwks(request):
    """The tool's public keys (django-lti's active `Key`s)."""
    ensure_tool_key()
    return JsonResponse(Key.objects.as_jwks())


def ensure_tool_key() -> None:
    """Unroll signs with its newest active key (rotated by django-lti's `rotate_keys`); the first is made on first use."""
    if not Key.objects.active().exists():
        Key.objects.generate()


def refused(request, reason: str, status: int = 403, issuer: str = ""):
    log.warning("LTI launch refused (issuer %s): %s", issuer or "unknown", reason)
    return render(request, "lti/refused.html", {"reason": reason}, status=status)


class LoginView(OIDCLoginInitView):
    """OIDC third-party login initiation: the LMS sends the browser here first; it goes on to the LMS's auth URL.

    The launch proves it comes from the browser that started it by a cookie (PyLTI1p3's state cookie), and a
    browser that blocks cookies from sites inside another site's frame (Safari; Firefox or Chrome set strict)
    would fail there. So the first answer is a page that tries a cookie: where cookies work it goes straight
    on, elsewhere it offers to open Unroll in a new window, where they are first-party.
    """

    def get_oidc_response(self, request, registration_uuid, params):
        if not params.get(NEW_WINDOW_PARAMETER):
            return cookie_check(request, params)
        ensure_tool_key()
        try:
            return super().get_oidc_response(request, registration_uuid, params)
        except (LtiException, OIDCException) as exc:
            return refused(request, f"The LMS's login request was refused: {exc}.", 400, params.get("iss", ""))


@method_decorator(never_cache, name="dispatch")
class LaunchView(LtiLaunchBaseView):
    """The launch (the LMS's auto-submitted form with the signed id_token), for links and deep linking."""

    def post(self, request, *args, **kwargs):
        issuer = issuer_of(request)
        ensure_tool_key()
        try:
            return super().post(request, *args, **kwargs)
        except (LtiException, OIDCException) as exc:
            return refused(request, f"The launch could not be verified: {exc}.", 403, issuer)
        except LaunchRefused as exc:
            return refused(request, str(exc), exc.status, issuer)

    def launch_setup(self, request, lti_launch: LtiLaunch) -> None:
        nonce = lti_launch.get_launch_data().get("nonce", "")
        if not cache.add(f"lti-used-nonce:{nonce}", 1, USED_NONCE_SECONDS):
            raise LaunchRefused("This launch was already used (its nonce was seen before). Open the link again.")

    def handle_inactive_deployment(self, request, lti_launch: LtiLaunch):
        deployment = lti_launch.deployment
        return refused(
            request,
            f"Deployment “{deployment.deployment_id}” of {deployment.registration.name} is not registered with "
            "Unroll (or was turned off). An administrator can add it on Unroll's LMS registration page.",
            403,
            deployment.registration.issuer,
        )

    def handle_resource_launch(self, request, lti_launch: LtiLaunch):
        user, url = launches.resource_launch(lti_launch)
        sign_in(request, user, lti_launch)
        return HttpResponseRedirect(url)

    def handle_submission_review_launch(self, request, lti_launch: LtiLaunch):
        raise LaunchRefused("Unroll does not offer submission review yet: open the item itself to see the work.")

    def handle_data_privacy_launch(self, request, lti_launch: LtiLaunch):
        raise LaunchRefused("Unroll does not take data privacy requests through the LMS: ask its administrator.")

    def handle_deep_linking_launch(self, request, lti_launch: LtiLaunch):
        from unroll.lti.deep_linking import start_picking

        return start_picking(request, lti_launch)


def cookie_check(request, params):
    """A page whose script (static/unroll/cookie_check.js) tries a cookie, then continues here with the same
    parameters and NEW_WINDOW_PARAMETER set, in this frame or in a new window."""
    query = {key: params.get(key) for key in params if key != NEW_WINDOW_PARAMETER}
    continue_url = f"{request.path}?{urlencode({**query, NEW_WINDOW_PARAMETER: '1'})}"
    return render(request, "lti/cookie_check.html", {"continue_url": continue_url, "secure": request.is_secure()})


def sign_in(request, user, lti_launch: LtiLaunch) -> None:
    """Sign the LMS user in, keeping the launch's id in the session (django-lti put it there)."""
    from lti_tool.constants import SESSION_KEY

    launch_id = lti_launch.get_launch_id()
    login(request, user, backend=ACCOUNT_BACKEND)
    request.session[SESSION_KEY] = launch_id


def issuer_of(request) -> str:
    """The issuer an id_token claims, read without trusting it, for the log line of a refusal."""
    import jwt

    token = request.POST.get("id_token", "")
    try:
        return str(jwt.decode(token, options={"verify_signature": False}).get("iss", ""))
    except jwt.PyJWTError:
        return ""
