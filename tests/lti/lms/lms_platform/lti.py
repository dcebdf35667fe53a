"""The LMS's subclasses of lti1p3platform: its configuration, OIDC login, message launch and the two services.

Where lti1p3platform leaves a check to the platform (or does not make it), it is made here; each such place
says so in a comment.
"""

import secrets
import typing as t

import jwt
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from lti1p3platform.exceptions import LineItemNotFoundException
from lti1p3platform.framework.django.oidc_login import DjangoAPIOIDCLogin
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.membership import Context
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.registration import Registration
from lti1p3platform.score import UpdateScoreStatus
from lti1p3platform.service_connector import AssignmentsGradesService, NamesRoleProvisioningService, TPage

from lms_platform import scoring
from lms_platform.keys import SigningKey
from lms_platform.state import STATE, LaunchRequest, ToolRegistration, lineitems_url, memberships_url, update_lineitem

AGS = "https://purl.imsglobal.org/spec/lti-ags/scope/"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
TAMPERS = ("expired", "forged", "unknown-deployment", "unknown-issuer", "wrong-audience")
EXPIRED_SECONDS_AGO = 3600


class RefusedRequest(Exception):
    """A request the LMS refuses, with the HTTP status and OAuth2-style error code to answer."""

    def __init__(self, message: str, status: int = 400, error: str = "invalid_request") -> None:
        super().__init__(message)
        self.message, self.status, self.error = message, status, error


class LmsRegistration(Registration):
    """A registration that can sign with a key it does not publish, keeping the published kid (tamper=forged)."""

    forger_private_pem: str | None = None

    def platform_encode_and_sign(self, payload: dict[str, t.Any], expiration: int | None = None) -> str:
        if self.forger_private_pem is None:
            return super().platform_encode_and_sign(payload, expiration)
        return Registration.encode_and_sign(payload, self.forger_private_pem, {"kid": self.get_kid()}, expiration)


class LmsPlatformConf(LTI1P3PlatformConfAbstract):
    """The one tool registration, with the current key; built afresh per request from STATE."""

    def init_platform_config(self, **kwargs: t.Any) -> None:
        tool: ToolRegistration = kwargs["tool"]
        key: SigningKey = kwargs["key"]
        self.verification_keys: list[SigningKey] = [key, *kwargs["retired_keys"]]
        self._registration = (
            LmsRegistration()
            .set_iss(tool.issuer)
            .set_client_id(tool.client_id)
            .set_deployment_id(tool.deployment_id)
            .set_oidc_login_url(tool.login_url)
            .set_launch_url(tool.launch_url)
            .set_deeplink_launch_url(tool.deep_link_url)
            .set_tool_key_set_url(tool.jwks_url)
            .set_platform_public_key(key.public_pem)
            .set_platform_private_key(key.private_pem)
        )
        self.set_accepted_deeplinking_types(["ltiResourceLink"])

    def get_registration_by_params(self, **kwargs: t.Any) -> Registration:
        return self._registration

    @property
    def tool(self) -> LmsRegistration:
        return self._registration

    def access_token_claims(self, token: str) -> dict[str, t.Any] | None:
        """The claims of an access token this LMS issued and that is still good, else None.

        lti1p3platform's validate_token checks only the current key and lets PyJWT's errors escape (a 500);
        tokens issued before a key rotation must stay good until they expire, so every key we signed with is
        tried, and any failure is a refusal.
        """
        for key in self.verification_keys:
            try:
                claims = jwt.decode(token, key.public_pem, algorithms=["RS256"])
            except jwt.InvalidTokenError:
                continue
            if claims.get("iss") == self.tool.get_iss() and claims.get("sub") == self.tool.get_client_id():
                return claims
        return None

    def validate_token(self, token: str, allowed_scopes: list[str] | None = None, audience: str | None = None) -> bool:
        claims = self.access_token_claims(token)
        if claims is None:
            return False
        granted = claims.get("scopes", "").split()
        return not allowed_scopes or any(scope in granted for scope in allowed_scopes)


def platform_conf() -> LmsPlatformConf:
    with STATE.lock:
        if STATE.tool is None:
            raise RefusedRequest("no tool is registered (POST /control/tool first)", 409)
        return LmsPlatformConf(tool=STATE.tool, key=STATE.key, retired_keys=list(STATE.retired_keys))


class LmsOIDCLogin(DjangoAPIOIDCLogin):
    def set_lti_message_hint(self, **kwargs: t.Any) -> None:
        self._lti_message_hint = kwargs["hint"]


class LmsMessageLaunch(LTIAdvantageMessageLaunchAbstract):
    """The answer to the tool's authentication request: the id_token form for the launch named by the hint."""

    def prepare_launch(self, preflight_response: dict[str, t.Any]) -> None:
        launch = self.launch_named_by(preflight_response)
        self.check_authentication_request(preflight_response, launch)
        self.set_launch_url(launch.target_link_uri)
        self.set_user_data(launch.user_id, launch.roles, full_name=launch.name, email_address=launch.email)
        self.set_launch_context_claim(
            launch.context_id,
            context_types=["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"],
            context_title=launch.context_title,
            context_label=launch.context_id,
        )
        if launch.custom:
            self.set_custom_parameters_claim(launch.custom)
        self.set_launch_presentation_claim(document_target="iframe")
        self.set_services_claims(launch)
        if launch.message == "deeplink":
            self.set_deep_linking_claim(launch)
        else:
            self.set_resource_link_claim(launch.resource_link_id, title=launch.resource_link_title)
        self.tamper(launch.tamper)

    def launch_named_by(self, preflight_response: dict[str, t.Any]) -> LaunchRequest:
        with STATE.lock:
            launch = STATE.launches.get(preflight_response.get("lti_message_hint", ""))
        if launch is None:
            raise RefusedRequest("unknown lti_message_hint: this LMS did not start that launch")
        return launch

    def check_authentication_request(self, request: dict[str, t.Any], launch: LaunchRequest) -> None:
        """The OIDC checks lti1p3platform leaves out (it checks only nonce, state, redirect_uri and client_id)."""
        registered = {self._registration.get_launch_url(), self._registration.get_deeplink_launch_url()}
        expected = {
            "scope": "openid",
            "response_type": "id_token",
            "response_mode": "form_post",
            "prompt": "none",
            "login_hint": launch.user_id,
        }
        for name, value in expected.items():
            if request.get(name) != value:
                raise RefusedRequest(f"{name} must be {value!r}, got {request.get(name)!r}")
        if request["redirect_uri"] not in registered:
            raise RefusedRequest(f"redirect_uri {request['redirect_uri']!r} is not one the tool registered")

    def set_services_claims(self, launch: LaunchRequest) -> None:
        with STATE.lock:
            item = (
                None
                if launch.message == "deeplink"
                else STATE.lineitem_of_link(launch.context_id, launch.resource_link_id)
            )
        self.set_ags(lineitems_url(launch.context_id), item.id if item else None, allow_creating_lineitems=True)
        self.set_nrps(memberships_url(launch.context_id))

    def set_deep_linking_claim(self, launch: LaunchRequest) -> None:
        data = secrets.token_urlsafe(16)
        with STATE.lock:
            STATE.deep_link_requests[data] = launch.context_id
        self.set_dl(
            f"{settings.LMS_BASE_URL}/deep-link-return",
            title=launch.context_title,
            accept_types={"ltiResourceLink"},
        )
        # lti1p3platform types `data` as a dict, but the spec makes it an opaque string echoed back.
        self._deep_linking_launch_data["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"]["data"] = (
            data
        )

    def tamper(self, how: str) -> None:
        """Spoil exactly one thing of the id_token (the login initiation before it stays honest)."""
        registration: LmsRegistration = self._platform_config.tool  # a copy made for this request
        if how == "expired":
            self.set_id_token_expiration(-EXPIRED_SECONDS_AGO)
        elif how == "forged":
            with STATE.lock:
                registration.forger_private_pem = STATE.forger_key.private_pem
        elif how == "unknown-deployment":
            registration.set_deployment_id("deployment-never-registered")
        elif how == "unknown-issuer":
            registration.set_iss("https://lms.unknown.example")
        elif how == "wrong-audience":
            registration.set_client_id("some-other-tool")

    def render_launch_form(self, launch_data: dict[str, t.Any], **kwargs: t.Any) -> HttpResponse:
        # lti1p3platform's Django form needs Jinja2 (not installed) and does not escape its values.
        return HttpResponse(render_to_string("lms/launch_form.html", launch_data))


class LmsAssignmentsGrades(AssignmentsGradesService):
    """AGS over the line items and gradebook in STATE, for one context."""

    def __init__(self, request: t.Any, conf: LmsPlatformConf, context_id: str, lineitem_number: str | None = None):
        self.context_id = context_id
        url = lineitems_url(context_id)
        super().__init__(request, conf, url, f"{url}/{lineitem_number}" if lineitem_number else None)

    def lineitem_in_context(self, number: str) -> t.Any:
        item = STATE.lineitems.get(number)
        if item is None or item.context_id != self.context_id:
            raise LineItemNotFoundException(number)
        return item

    def find_lineitems(self, page: int = 1, limit: int | None = None, **filters: t.Any) -> TPage:
        names = {"resource_link_id": "resourceLinkId", "resource_id": "resourceId", "tag": "tag"}
        with STATE.lock:
            items = [item.as_ags() for item in STATE.lineitems_in(self.context_id)]
        for parameter, field_name in names.items():
            if filters.get(parameter):
                items = [item for item in items if item.get(field_name) == filters[parameter]]
        return paginate(items, page, limit)

    def find_lineitem(self, line_item_id: str) -> dict:
        with STATE.lock:
            return self.lineitem_in_context(line_item_id).as_ags()

    def create_lineitem(self, creation_data: dict) -> dict:
        label, maximum = scoring.check_lineitem(creation_data)
        optional = {key: value for key, value in creation_data.items() if key not in ("label", "scoreMaximum")}
        with STATE.lock:
            return STATE.add_lineitem(self.context_id, label, maximum, **optional).as_ags()

    def update_lineitem(self, update_data: dict) -> dict:
        scoring.check_lineitem(update_data)
        with STATE.lock:
            item = self.lineitem_in_context(update_data["id"])
            update_lineitem(item, {key: value for key, value in update_data.items() if key != "id"})
            return item.as_ags()

    def delete_lineitem(self, line_item_id: str) -> None:
        with STATE.lock:
            item = self.lineitem_in_context(line_item_id)
            del STATE.lineitems[item.number]
            STATE.gradebook.pop(item.id, None)

    def update_score(self, line_item_id: str, score: t.Any) -> UpdateScoreStatus:
        with STATE.lock:
            item = self.lineitem_in_context(line_item_id)
            return scoring.record_score(STATE, item, score)

    def get_results(self, line_item_id: str, page: int = 1, limit: int | None = None, **filters: t.Any) -> TPage:
        with STATE.lock:
            item = self.lineitem_in_context(line_item_id)
            results = scoring.results_of(STATE, item, filters.get("user_id"))
        return paginate(results, page, limit)


class LmsNamesRoles(NamesRoleProvisioningService):
    """NRPS over the roster posted to /control/members, for one context."""

    def __init__(self, request: t.Any, conf: LmsPlatformConf, context_id: str):
        self.context_id = context_id
        super().__init__(request, conf, memberships_url(context_id))

    def get_context_by_id(self) -> Context:
        with STATE.lock:
            title = STATE.contexts.get(self.context_id, self.context_id)
        return Context(id=self.context_id, label=self.context_id, title=title)

    def is_resource_link_valid(self, context_id: str, resource_link_id: str) -> bool:
        with STATE.lock:
            link = STATE.resource_links.get(resource_link_id)
            launched = any(
                launch.resource_link_id == resource_link_id and launch.context_id == context_id
                for launch in STATE.launches.values()
            )
        return launched or (link is not None and link.context_id == context_id)

    def get_member_data_page(self, page: int = 1, limit: int | None = None, role: str | None = None, **_: t.Any):
        with STATE.lock:
            members = [dict(member) for member in STATE.rosters.get(self.context_id, [])]
        if role:
            wanted = role if "://" in role else f"http://purl.imsglobal.org/vocab/lis/v2/membership#{role}"
            members = [member for member in members if wanted in member.get("roles", [])]
        return paginate(members, page, limit)


def paginate(rows: list, page: int = 1, limit: int | None = None) -> TPage:
    if not limit:
        return {"content": rows, "has_next": False, "next": None}
    start = (page - 1) * limit
    return {"content": rows[start : start + limit], "has_next": start + limit < len(rows), "next": None}


def check_token_request(conf: LmsPlatformConf, form: dict[str, str], token_url: str) -> None:
    """The client-credentials checks lti1p3platform leaves out: the assertion's type, issuer, subject,
    audience, expiry and one-time jti (it checks only the signature, against the tool's key set)."""
    if form.get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer":
        raise RefusedRequest("client_assertion_type must be the JWT bearer type")
    assertion = form.get("client_assertion", "")
    try:
        claims = conf.tool_validate_and_decode(assertion)
    except Exception as error:  # lti1p3platform raises LtiException, KeyError and PyJWT's errors alike
        raise RefusedRequest(f"client assertion refused: {error!r}", 401, "invalid_client") from error
    client_id = conf.tool.get_client_id()
    audiences = claims.get("aud") if isinstance(claims.get("aud"), list) else [claims.get("aud")]
    problems = {
        "iss is not the client id": claims.get("iss") != client_id,
        "sub is not the client id": claims.get("sub") != client_id,
        "aud is not the token URL": not ({token_url, conf.tool.get_iss()} & set(audiences)),
        "exp is missing": "exp" not in claims,
        "jti is missing": not claims.get("jti"),
    }
    for problem, present in problems.items():
        if present:
            raise RefusedRequest(f"client assertion refused: {problem}", 401, "invalid_client")
    with STATE.lock:
        if claims["jti"] in STATE.used_assertion_ids:
            raise RefusedRequest("client assertion refused: its jti was used before", 401, "invalid_client")
        STATE.used_assertion_ids.add(claims["jti"])


def granted_scopes(claims: dict[str, t.Any]) -> set[str]:
    return set(claims.get("scopes", "").split())
