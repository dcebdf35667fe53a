"""The test LMS alone, driven by a fake tool made of PyJWT and an HTTP server in this process."""

import html
import json
import secrets
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from lms_client import LaunchForm, LmsClient
from pylti1p3.cookie import CookieService
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem as PyLti1p3LineItem
from pylti1p3.message_launch import MessageLaunch
from pylti1p3.registration import Registration as PyLti1p3Registration
from pylti1p3.request import Request as PyLti1p3Request
from pylti1p3.session import SessionService
from pylti1p3.tool_config import ToolConfDict

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
AGS = "https://purl.imsglobal.org/spec/lti-ags/scope/"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
CLIENT_ID = "unroll-test-client"
DEPLOYMENT_ID = "deployment-1"
VOLATILE = {"nonce", "iat", "exp"}  # differ between any two launches


class FakeTool:
    """Just enough of an LTI tool: a login endpoint sending the browser on to the LMS's auth endpoint, a key set,
    and the signing of client assertions and deep linking responses."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.private_pem = self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        self.public_pem = (
            self.key.public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            .decode()
        )
        # The key's thumbprint, as PyLTI1p3 names the key when it signs with it (tests below use both).
        self.kid = PyLti1p3Registration.get_jwk(self.public_pem)["kid"]
        self.logins: list[dict[str, str]] = []  # the login initiations received, with the state and nonce sent on
        self.auth_url = ""
        self.cookie_check = False  # answer a login first with a page that needs a click (or JavaScript)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler_class())
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    login_url = property(lambda self: f"{self.base_url}/login")
    launch_url = property(lambda self: f"{self.base_url}/launch")
    deep_link_url = property(lambda self: f"{self.base_url}/deep-link")
    jwks_url = property(lambda self: f"{self.base_url}/jwks.json")

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        tool = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                url = urlparse(self.path)
                if url.path == "/jwks.json":
                    self.answer(200, json.dumps(tool.jwks()).encode(), "application/json")
                elif url.path == "/login" and tool.cookie_check and "checked=1" not in url.query:
                    page = f'<p>Checking cookies</p><noscript><a href="/login?{html.escape(url.query)}&amp;checked=1">Go on</a></noscript>'
                    self.answer(200, page.encode(), "text/html")
                elif url.path == "/login":
                    self.send_response(302)
                    self.send_header("Location", tool.login(dict(parse_qs(url.query, keep_blank_values=True))))
                    self.end_headers()
                else:
                    self.answer(404, b"not here", "text/plain")

            def answer(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        return Handler

    def login(self, query: dict[str, list[str]]) -> str:
        """Where the tool sends the browser after a login initiation: the LMS's auth endpoint (OIDC)."""
        initiation = {name: values[0] for name, values in query.items()}
        state, nonce = secrets.token_urlsafe(8), secrets.token_urlsafe(8)
        self.logins.append({**initiation, "state": state, "nonce": nonce})
        auth_request = {
            "scope": "openid",
            "response_type": "id_token",
            "response_mode": "form_post",
            "prompt": "none",
            "client_id": initiation["client_id"],
            "redirect_uri": initiation["target_link_uri"],
            "login_hint": initiation["login_hint"],
            "lti_message_hint": initiation["lti_message_hint"],
            "state": state,
            "nonce": nonce,
        }
        return f"{self.auth_url}?{urlencode(auth_request)}"

    def jwks(self) -> dict:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def sign(self, claims: dict, key: rsa.RSAPrivateKey | None = None) -> str:
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": self.kid})

    def client_assertion(self, token_url: str, key: rsa.RSAPrivateKey | None = None, **overrides: object) -> str:
        now = int(time.time())
        claims = {"iss": CLIENT_ID, "sub": CLIENT_ID, "aud": token_url, "iat": now, "exp": now + 300}
        return self.sign({**claims, "jti": uuid.uuid4().hex, **overrides}, key)

    def token_request(self, lms: LmsClient, scopes: list[str], assertion: str | None = None) -> requests.Response:
        form = {
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion or self.client_assertion(lms.token_url),
            "scope": " ".join(scopes),
        }
        return requests.post(lms.token_url, data=form, timeout=10)

    def access_token(self, lms: LmsClient, scopes: list[str]) -> str:
        response = self.token_request(lms, scopes)
        assert response.status_code == 200, response.text
        return response.json()["access_token"]


@pytest.fixture(scope="module")
def tool():
    fake = FakeTool()
    yield fake
    fake.server.shutdown()


@pytest.fixture
def lms(test_lms: LmsClient, tool: FakeTool) -> LmsClient:
    """The LMS with nothing in its courses and the fake tool registered."""
    test_lms.reset()
    test_lms.register_tool(
        client_id=CLIENT_ID,
        deployment_id=DEPLOYMENT_ID,
        login_url=tool.login_url,
        launch_url=tool.launch_url,
        deep_link_url=tool.deep_link_url,
        jwks_url=tool.jwks_url,
    )
    tool.auth_url, tool.cookie_check = test_lms.auth_url, False
    return test_lms


def verified_claims(lms: LmsClient, id_token: str, **options: object) -> dict:
    """The id_token's claims, verified as a tool would: signature against the LMS's key set, aud, iss, exp."""
    kid = jwt.get_unverified_header(id_token)["kid"]
    keys = {key["kid"]: key for key in requests.get(lms.jwks_url, timeout=10).json()["keys"]}
    assert kid in keys, f"the id_token's kid {kid} is not in the LMS's key set {list(keys)}"
    key = jwt.PyJWK(keys[kid]).key
    return jwt.decode(id_token, key, algorithms=["RS256"], audience=CLIENT_ID, issuer=lms.issuer, **options)


def learner_launch(lms: LmsClient, **changes: object) -> LaunchForm:
    launch = {
        "user_id": "learner-1",
        "name": "Ada Learner",
        "email": "ada@example.com",
        "roles": "Learner",
        "context_id": "rnn-course",
        "context_title": "Recurrent networks",
        "resource_link_id": "item-7",
        "resource_link_title": "Multiple output",
        "custom": {"unroll": "exercise:multiple-output"},
        **changes,
    }
    return lms.launch_form(**launch)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def score(user_id: str, given: float, at: datetime, **extra: object) -> dict:
    return {
        "userId": user_id,
        "scoreGiven": given,
        "scoreMaximum": 10,
        "timestamp": at.isoformat(),
        "activityProgress": "Completed",
        "gradingProgress": "FullyGraded",
        **extra,
    }


# --- launches ---


def test_a_launch_initiates_login_at_the_tool_with_the_issuer_user_and_target(lms, tool):
    form = learner_launch(lms)

    login = tool.logins[-1]
    assert login["iss"] == lms.issuer == lms.base_url
    assert lms.base_url.startswith("http://localhost:")
    assert login["login_hint"] == "learner-1"
    assert login["target_link_uri"] == tool.launch_url
    assert login["client_id"] == CLIENT_ID
    assert login["lti_deployment_id"] == DEPLOYMENT_ID
    assert login["lti_message_hint"]
    assert form.action == tool.launch_url
    assert form.state == login["state"]


def test_a_launch_passes_a_tool_page_that_needs_a_click_through_its_noscript_link(lms, tool):
    tool.cookie_check = True

    form = learner_launch(lms)

    assert form.action == tool.launch_url
    assert form.redirects[1].startswith(tool.login_url) and "checked=1" not in form.redirects[1]
    assert "checked=1" in form.redirects[2]
    assert verified_claims(lms, form.id_token)["nonce"] == tool.logins[-1]["nonce"]


def test_the_id_token_verifies_against_the_lms_key_set_and_carries_the_launch(lms, tool):
    form = learner_launch(lms)

    claims = verified_claims(lms, form.id_token)
    assert claims["nonce"] == tool.logins[-1]["nonce"]
    assert claims[LTI + "message_type"] == "LtiResourceLinkRequest"
    assert claims[LTI + "version"] == "1.3.0"
    assert claims[LTI + "deployment_id"] == DEPLOYMENT_ID
    assert claims[LTI + "target_link_uri"] == tool.launch_url
    assert (claims["sub"], claims["name"], claims["email"]) == ("learner-1", "Ada Learner", "ada@example.com")
    assert claims[LTI + "roles"] == [LEARNER]
    assert claims[LTI + "context"]["id"] == "rnn-course"
    assert claims[LTI + "context"]["title"] == "Recurrent networks"
    assert claims[LTI + "resource_link"] == {"id": "item-7", "title": "Multiple output"}
    assert claims[LTI + "custom"] == {"unroll": "exercise:multiple-output"}
    assert claims[AGS_CLAIM]["lineitems"] == lms.lineitems_url("rnn-course")
    assert set(claims[AGS_CLAIM]["scope"]) == {AGS + "lineitem", AGS + "result.readonly", AGS + "score"}
    assert "lineitem" not in claims[AGS_CLAIM], "no line item belongs to item-7 yet"
    assert claims[NRPS_CLAIM]["context_memberships_url"] == lms.memberships_url("rnn-course")


def test_the_ags_claim_names_the_line_item_of_the_resource_link(lms):
    item = lms.create_lineitem("rnn-course", "Multiple output", 10, resourceLinkId="item-7")

    claims = verified_claims(lms, learner_launch(lms).id_token)

    assert claims[AGS_CLAIM]["lineitem"] == item["id"]
    assert item["id"].startswith(lms.lineitems_url("rnn-course") + "/")


def test_an_instructor_launch_carries_the_instructor_role(lms):
    claims = verified_claims(lms, learner_launch(lms, user_id="teacher-1", roles="Instructor").id_token)

    assert claims[LTI + "roles"] == [INSTRUCTOR]


def test_the_auth_endpoint_refuses_a_redirect_uri_the_tool_did_not_register(lms):
    browser = requests.Session()
    to_tool = browser.get(lms.launch_url(user_id="learner-1"), allow_redirects=False, timeout=10)
    to_auth = browser.get(to_tool.headers["Location"], allow_redirects=False, timeout=10)
    auth_url = urlparse(to_auth.headers["Location"])
    auth_request = {name: values[0] for name, values in parse_qs(auth_url.query).items()}

    honest = browser.get(lms.auth_url, params=auth_request, timeout=10)
    stolen = browser.get(lms.auth_url, params={**auth_request, "redirect_uri": "http://evil.example/"}, timeout=10)

    assert honest.status_code == 200
    assert stolen.status_code == 400
    assert "redirect_uri" in stolen.text


@pytest.mark.parametrize(
    ("tamper", "changed"),
    [
        ("expired", {"exp"}),
        ("unknown-deployment", {LTI + "deployment_id"}),
        ("unknown-issuer", {"iss"}),
        ("wrong-audience", {"aud", "azp"}),
    ],
)
def test_each_tamper_spoils_only_its_own_claim(lms, tamper, changed):
    honest = jwt.decode(learner_launch(lms).id_token, options={"verify_signature": False})
    spoiled_token = learner_launch(lms, tamper=tamper).id_token

    spoiled = verified_claims(
        lms, spoiled_token, options={"verify_exp": False, "verify_aud": False, "verify_iss": False}
    )
    differing = {name for name in honest.keys() | spoiled.keys() if honest.get(name) != spoiled.get(name)}
    assert differing - VOLATILE == changed - VOLATILE
    for name in changed:
        assert spoiled[name] != honest[name]
    if tamper == "expired":
        assert spoiled["exp"] < time.time() - 60


def test_a_forged_id_token_carries_the_published_kid_but_fails_its_signature(lms):
    honest = jwt.decode(learner_launch(lms).id_token, options={"verify_signature": False})
    forged_token = learner_launch(lms, tamper="forged").id_token

    with pytest.raises(jwt.InvalidSignatureError):
        verified_claims(lms, forged_token)
    forged = jwt.decode(forged_token, options={"verify_signature": False})
    assert {name: value for name, value in forged.items() if name not in VOLATILE} == {
        name: value for name, value in honest.items() if name not in VOLATILE
    }


def test_rotating_the_key_changes_the_kid_and_the_key_set(lms):
    old_keys = requests.get(lms.jwks_url, timeout=10).json()["keys"]

    rotation = lms.rotate_key()

    new_keys = requests.get(lms.jwks_url, timeout=10).json()["keys"]
    assert rotation["old_kid"] == old_keys[0]["kid"]
    assert [key["kid"] for key in new_keys] == [rotation["kid"]]
    assert rotation["kid"] != rotation["old_kid"]
    token = learner_launch(lms).id_token
    assert jwt.get_unverified_header(token)["kid"] == rotation["kid"]
    verified_claims(lms, token)
    with pytest.raises(jwt.InvalidSignatureError):  # a tool holding only the old key set cannot verify it
        jwt.decode(token, jwt.PyJWK(old_keys[0]).key, algorithms=["RS256"], audience=CLIENT_ID)


def test_the_course_page_frames_the_launch(lms):
    url = lms.course_item_url(
        "rnn-course",
        "item-7",
        user_id="learner-1",
        context_title="Recurrent networks",
        resource_link_title="Multiple output",
        custom={"unroll": "exercise:multiple-output"},
    )

    page = requests.get(url, timeout=10)

    assert page.status_code == 200
    assert "<title>Multiple output · Recurrent networks" in page.text
    assert 'name="tool-frame"' in page.text
    src = page.text.split('src="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    launch = parse_qs(urlparse(src).query)
    assert urlparse(src).path == "/launch"
    assert launch["user_id"] == ["learner-1"]
    assert launch["custom_unroll"] == ["exercise:multiple-output"]
    assert launch["resource_link_id"] == ["item-7"]


# --- deep linking ---


def deep_linking_response(tool: FakeTool, lms: LmsClient, settings_claim: dict, items: list[dict], **changes) -> str:
    claims = {
        "iss": CLIENT_ID,
        "aud": lms.issuer,
        "iat": int(time.time()),
        "exp": int(time.time()) + 300,
        "nonce": secrets.token_urlsafe(8),
        LTI + "message_type": "LtiDeepLinkingResponse",
        LTI + "version": "1.3.0",
        LTI + "deployment_id": DEPLOYMENT_ID,
        DL + "data": settings_claim["data"],
        DL + "content_items": items,
        DL + "msg": "Added 2 items",
    }
    return tool.sign({**claims, **changes.pop("claims", {})}, **changes)


GRADED_EXERCISE = {
    "type": "ltiResourceLink",
    "title": "Multiple output",
    "custom": {"unroll": "exercise:multiple-output"},
    "lineItem": {
        "scoreMaximum": 10,
        "label": "Multiple output",
        "resourceId": "exercise:multiple-output",
        "tag": "unroll",
    },
}
UNGRADED_COURSE = {"type": "ltiResourceLink", "title": "The whole course", "custom": {"unroll": "course"}}


def deep_linking_launch(lms: LmsClient) -> dict:
    form = learner_launch(lms, user_id="teacher-1", roles="Instructor", message="deeplink", custom={})
    return verified_claims(lms, form.id_token)


def test_a_deep_linking_launch_carries_the_settings(lms, tool):
    claims = deep_linking_launch(lms)

    assert claims[LTI + "message_type"] == "LtiDeepLinkingRequest"
    assert claims[LTI + "target_link_uri"] == tool.deep_link_url
    assert tool.logins[-1]["target_link_uri"] == tool.deep_link_url
    settings_claim = claims[DL + "deep_linking_settings"]
    assert settings_claim["deep_link_return_url"] == lms.deep_link_return_url
    assert settings_claim["accept_types"] == ["ltiResourceLink"]
    assert settings_claim["accept_multiple"] is True
    assert settings_claim["data"]
    assert LTI + "resource_link" not in claims


def test_the_deep_linking_return_adds_links_with_their_line_items(lms, tool):
    settings_claim = deep_linking_launch(lms)[DL + "deep_linking_settings"]
    response_jwt = deep_linking_response(tool, lms, settings_claim, [GRADED_EXERCISE, UNGRADED_COURSE])

    page = requests.post(lms.deep_link_return_url, data={"JWT": response_jwt}, timeout=10)

    assert page.status_code == 200, page.text
    assert "Multiple output" in page.text and "The whole course" in page.text
    received = lms.deep_links()[-1]
    assert received["content_items"] == [GRADED_EXERCISE, UNGRADED_COURSE]
    graded, ungraded = received["added"]
    assert ungraded["lineitem"] is None
    [item] = lms.lineitems()
    assert item["resourceLinkId"] == graded["resource_link_id"] not in ("item-7", ungraded["resource_link_id"])
    assert (item["label"], item["scoreMaximum"], item["resourceId"], item["tag"]) == (
        "Multiple output",
        10,
        "exercise:multiple-output",
        "unroll",
    )
    # Launching the new link sends its custom parameters and its line item.
    claims = verified_claims(lms, learner_launch(lms, resource_link_id=graded["resource_link_id"], custom={}).id_token)
    assert claims[LTI + "custom"] == {"unroll": "exercise:multiple-output"}
    assert claims[AGS_CLAIM]["lineitem"] == item["id"]
    assert claims[LTI + "resource_link"]["title"] == "Multiple output"


@pytest.mark.parametrize(
    "spoil",
    [
        {"key": rsa.generate_private_key(public_exponent=65537, key_size=2048)},
        {"claims": {"aud": "https://another-lms.example"}},
        {"claims": {LTI + "deployment_id": "deployment-never-registered"}},
        {"claims": {DL + "data": "not-a-request-of-this-lms"}},
    ],
    ids=["signed-by-another-key", "for-another-platform", "unknown-deployment", "unknown-data"],
)
def test_a_spoiled_deep_linking_response_is_refused(lms, tool, spoil):
    settings_claim = deep_linking_launch(lms)[DL + "deep_linking_settings"]
    response_jwt = deep_linking_response(tool, lms, settings_claim, [GRADED_EXERCISE], **spoil)

    page = requests.post(lms.deep_link_return_url, data={"JWT": response_jwt}, timeout=10)

    assert page.status_code == 400
    assert lms.deep_links() == [] and lms.lineitems() == []


# --- the token endpoint ---


def test_a_token_request_signed_by_the_tool_is_granted_the_scopes_it_asks(lms, tool):
    response = tool.token_request(lms, [AGS + "score", AGS + "lineitem"])

    assert response.status_code == 200, response.text
    granted = response.json()
    assert granted["token_type"] == "bearer"
    assert set(granted["scope"].split()) == {AGS + "score", AGS + "lineitem"}
    lineitems = requests.get(lms.lineitems_url("rnn-course"), headers=bearer(granted["access_token"]), timeout=10)
    assert lineitems.status_code == 200
    assert lineitems.headers["Content-Type"] == "application/vnd.ims.lis.v2.lineitemcontainer+json"


@pytest.mark.parametrize(
    "spoil",
    [
        {"key": rsa.generate_private_key(public_exponent=65537, key_size=2048)},
        {"aud": "https://another-lms.example/token"},
        {"iss": "someone-else", "sub": "someone-else"},
        {"exp": int(time.time()) - 600},
    ],
    ids=["signed-by-another-key", "for-another-platform", "another-client", "expired"],
)
def test_a_spoiled_token_request_is_refused(lms, tool, spoil):
    response = tool.token_request(lms, [AGS + "score"], tool.client_assertion(lms.token_url, **spoil))

    assert response.status_code == 401, response.text
    assert response.json()["error"] == "invalid_client"


def test_a_replayed_client_assertion_is_refused(lms, tool):
    assertion = tool.client_assertion(lms.token_url)

    first = tool.token_request(lms, [AGS + "score"], assertion)
    again = tool.token_request(lms, [AGS + "score"], assertion)

    assert (first.status_code, again.status_code) == (200, 401)


# --- Assignment and Grade Services ---


@pytest.fixture
def lineitem(lms) -> dict:
    return lms.create_lineitem("rnn-course", "Multiple output", 10, resourceLinkId="item-7")


def post_score(lineitem: dict, token: str, body: dict) -> requests.Response:
    headers = {**bearer(token), "Content-Type": "application/vnd.ims.lis.v1.score+json"}
    return requests.post(f"{lineitem['id']}/scores", data=json.dumps(body), headers=headers, timeout=10)


def test_a_posted_score_appears_in_the_scores_the_gradebook_and_the_results(lms, tool, lineitem):
    token = tool.access_token(lms, [AGS + "score", AGS + "result.readonly"])
    sent = score("learner-1", 7, datetime.now(UTC), comment="3 of 4 checks")

    response = post_score(lineitem, token, sent)

    assert response.status_code == 200, response.text
    [received] = lms.scores()
    assert received == {
        **sent,
        "lineitem": lineitem["id"],
        "received_at": received["received_at"],
        "outcome": "applied",
    }
    assert lms.gradebook()[lineitem["id"]]["learner-1"]["scoreGiven"] == 7
    results = requests.get(f"{lineitem['id']}/results", headers=bearer(token), timeout=10)
    assert results.headers["Content-Type"] == "application/vnd.ims.lis.v2.resultcontainer+json"
    [result] = results.json()
    assert (result["userId"], result["resultScore"], result["resultMaximum"]) == ("learner-1", 7, 10)


def test_an_older_score_does_not_overwrite_a_newer_one(lms, tool, lineitem):
    token = tool.access_token(lms, [AGS + "score"])
    later = datetime.now(UTC)

    newer = post_score(lineitem, token, score("learner-1", 8, later))
    older = post_score(lineitem, token, score("learner-1", 3, later - timedelta(seconds=5)))

    assert (newer.status_code, older.status_code) == (200, 409)
    assert lms.gradebook()[lineitem["id"]]["learner-1"]["scoreGiven"] == 8
    assert [entry["outcome"] for entry in lms.scores()] == ["applied", "rejected: older than the stored score"]


def test_a_score_without_its_required_fields_is_refused(lms, tool, lineitem):
    token = tool.access_token(lms, [AGS + "score"])

    response = post_score(lineitem, token, {"userId": "learner-1", "scoreGiven": 3, "scoreMaximum": 10})

    assert response.status_code == 400
    assert lms.gradebook() == {}


def test_a_token_without_the_score_scope_cannot_post_scores(lms, tool, lineitem):
    token = tool.access_token(lms, [AGS + "result.readonly"])

    response = post_score(lineitem, token, score("learner-1", 8, datetime.now(UTC)))

    assert response.status_code == 403
    assert lms.scores() == []


def test_a_request_without_a_valid_token_is_refused(lms, lineitem):
    response = post_score(lineitem, "not-a-token", score("learner-1", 8, datetime.now(UTC)))

    assert response.status_code == 401
    assert lms.scores() == []


def test_access_tokens_issued_before_a_key_rotation_stay_good(lms, tool, lineitem):
    token = tool.access_token(lms, [AGS + "score"])
    lms.rotate_key()

    assert post_score(lineitem, token, score("learner-1", 8, datetime.now(UTC))).status_code == 200


def test_the_tool_can_create_and_find_its_own_line_items(lms, tool):
    token = tool.access_token(lms, [AGS + "lineitem"])
    wanted = {
        "label": "Quiz 1",
        "scoreMaximum": 5,
        "resourceId": "quiz:one",
        "tag": "unroll",
        "resourceLinkId": "item-7",
    }

    created = requests.post(lms.lineitems_url("rnn-course"), json=wanted, headers=bearer(token), timeout=10)
    found = requests.get(
        lms.lineitems_url("rnn-course"), params={"resource_id": "quiz:one"}, headers=bearer(token), timeout=10
    )

    assert created.status_code == 201, created.text
    assert found.json() == [created.json()]
    assert created.json()["id"].startswith(lms.lineitems_url("rnn-course") + "/")
    assert {name: created.json()[name] for name in wanted} == wanted


# --- Names and Role Provisioning Services ---


def test_nrps_answers_the_roster(lms, tool):
    members = [
        {
            "user_id": "learner-1",
            "name": "Ada Learner",
            "email": "ada@example.com",
            "roles": [LEARNER],
            "status": "Active",
        },
        {
            "user_id": "teacher-1",
            "name": "Tom Teacher",
            "email": "tom@example.com",
            "roles": [INSTRUCTOR],
            "status": "Active",
        },
    ]
    lms.set_members("rnn-course", members, context_title="Recurrent networks")
    token = tool.access_token(lms, [NRPS_SCOPE])

    response = requests.get(lms.memberships_url("rnn-course"), headers=bearer(token), timeout=10)

    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
    body = response.json()
    assert body["id"] == lms.memberships_url("rnn-course")
    assert body["context"]["id"] == "rnn-course"
    assert body["members"] == members


# --- the LMS down ---


def test_while_down_the_services_answer_503_and_then_recover(lms, tool, lineitem):
    token = tool.access_token(lms, [AGS + "score", AGS + "lineitem", NRPS_SCOPE])
    lms.set_down(True)

    while_down = [
        tool.token_request(lms, [AGS + "score"]).status_code,
        requests.get(lms.lineitems_url("rnn-course"), headers=bearer(token), timeout=10).status_code,
        post_score(lineitem, token, score("learner-1", 8, datetime.now(UTC))).status_code,
        requests.get(lms.memberships_url("rnn-course"), headers=bearer(token), timeout=10).status_code,
    ]
    lms.set_down(False)

    assert while_down == [503, 503, 503, 503]
    assert post_score(lineitem, token, score("learner-1", 8, datetime.now(UTC))).status_code == 200
    assert [entry["outcome"] for entry in lms.scores()] == ["applied"]


# --- PyLTI1p3 (the library under django-lti, which Unroll uses) as the tool ---


class PlainRequest(PyLti1p3Request):
    """The launch POST as PyLTI1p3 sees it, with the session the tool's login wrote its nonce into."""

    def __init__(self, params: dict[str, str], session: dict) -> None:
        self.params, self._session = params, session

    @property
    def session(self) -> dict:
        return self._session

    def is_secure(self) -> bool:
        return False

    def get_param(self, key: str) -> str:
        return self.params.get(key, "")


class StateCookie(CookieService):
    """The browser's cookies: PyLTI1p3's state cookie, as its login would have set it."""

    def __init__(self, cookies: dict[str, str]) -> None:
        self.cookies = cookies

    def get_cookie(self, name: str) -> str | None:
        return self.cookies.get(name)

    def set_cookie(self, name: str, value: str | int, exp: int | None = 3600) -> None:
        self.cookies[name] = str(value)


class PlainMessageLaunch(MessageLaunch):
    def _get_request_param(self, key: str) -> str:
        return self._request.get_param(key)


def pylti1p3_launch(lms: LmsClient, tool: FakeTool, form: LaunchForm) -> PlainMessageLaunch:
    """PyLTI1p3's validated launch of the form, configured as a tool registering this LMS would be."""
    registration = {
        "default": True,
        "client_id": CLIENT_ID,
        "auth_login_url": lms.auth_url,
        "auth_token_url": lms.token_url,
        "key_set_url": lms.jwks_url,
        "deployment_ids": [DEPLOYMENT_ID],
    }
    config = ToolConfDict({lms.issuer: [registration]})
    config.set_private_key(lms.issuer, tool.private_pem, client_id=CLIENT_ID)
    config.set_public_key(lms.issuer, tool.public_pem, client_id=CLIENT_ID)
    request = PlainRequest(form.fields, session={})
    sessions = SessionService(request)
    sessions.save_nonce(tool.logins[-1]["nonce"])
    launch = PlainMessageLaunch(request, config, sessions, StateCookie({form.state: form.state}))
    launch.validate()
    return launch


def test_pylti1p3_accepts_a_launch_and_grades_and_lists_members_through_its_services(lms, tool, lineitem):
    lms.set_members("rnn-course", [{"user_id": "learner-1", "roles": [LEARNER], "name": "Ada Learner"}])

    launch = pylti1p3_launch(lms, tool, learner_launch(lms))

    assert launch.is_resource_launch()
    assert launch.get_launch_data()["sub"] == "learner-1"
    grade = (
        Grade()
        .set_user_id("learner-1")
        .set_score_given(9)
        .set_score_maximum(10)
        .set_timestamp(datetime.now(UTC).isoformat())
        .set_activity_progress("Completed")
        .set_grading_progress("FullyGraded")
    )
    launch.get_ags().put_grade(grade)
    assert lms.gradebook()[lineitem["id"]]["learner-1"]["scoreGiven"] == 9
    assert [member["user_id"] for member in launch.get_nrps().get_members()] == ["learner-1"]


def test_pylti1p3_finds_or_creates_its_line_item_and_reads_the_grades(lms, tool):
    launch = pylti1p3_launch(lms, tool, learner_launch(lms))
    ags = launch.get_ags()
    wanted = PyLti1p3LineItem().set_tag("unroll").set_resource_id("quiz:one").set_label("Quiz 1").set_score_maximum(4)

    created = ags.find_or_create_lineitem(wanted, find_by="resource_id")
    found = ags.find_or_create_lineitem(wanted, find_by="resource_id")
    grade = Grade().set_user_id("learner-1").set_score_given(2).set_score_maximum(4)
    ags.put_grade(
        grade.set_timestamp(datetime.now(UTC).isoformat())
        .set_activity_progress("Completed")
        .set_grading_progress("FullyGraded"),
        created,
    )

    assert created.get_id() == found.get_id()
    assert [item["label"] for item in lms.lineitems()] == ["Quiz 1"]
    assert [(g["userId"], g["resultScore"]) for g in ags.get_grades(created)] == [("learner-1", 2)]


@pytest.mark.parametrize(
    ("tamper", "refusal"),
    [
        ("expired", "Signature has expired"),
        ("forged", "Signature verification failed"),
        ("unknown-deployment", "Unable to find deployment"),
        # ToolConfDict raises a bare Exception for an unknown issuer or client id where django-lti finds no registration.
        ("unknown-issuer", "Registration not found|https://lms.unknown.example not found in settings"),
        ("wrong-audience", "Client id not registered for this issuer|client_id=some-other-tool. not found in settings"),
    ],
)
def test_pylti1p3_refuses_each_tampered_launch_for_its_own_reason(lms, tool, tamper, refusal):
    form = learner_launch(lms, tamper=tamper)

    with pytest.raises((LtiException, Exception), match=refusal):
        pylti1p3_launch(lms, tool, form)


def test_pylti1p3_deep_linking_response_adds_the_graded_link(lms, tool):
    form = learner_launch(lms, user_id="teacher-1", roles="Instructor", message="deeplink", custom={})
    launch = pylti1p3_launch(lms, tool, form)
    resource = (
        DeepLinkResource()
        .set_url(tool.launch_url)
        .set_title("Multiple output")
        .set_custom_params({"unroll": "exercise:multiple-output"})
        .set_lineitem(PyLti1p3LineItem().set_score_maximum(10).set_label("Multiple output").set_tag("unroll"))
    )

    response_jwt = launch.get_deep_link().get_response_jwt([resource])
    page = requests.post(lms.deep_link_return_url, data={"JWT": response_jwt}, timeout=10)

    assert launch.is_deep_link_launch()
    assert page.status_code == 200, page.text
    [item] = lms.lineitems()
    assert (item["label"], item["scoreMaximum"], item["tag"]) == ("Multiple output", 10, "unroll")
    assert lms.deep_links()[-1]["added"][0]["custom"] == {"unroll": "exercise:multiple-output"}
