"""A client for the test LMS (tests/lti/lms): its control API, and launches followed the way a browser would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode, urljoin

import requests

TIMEOUT = 15
MAX_NOSCRIPT_PAGES = 3


class LmsError(AssertionError):
    """The LMS (or the tool, during a launch) answered something other than what the call expects."""


@dataclass
class LaunchForm:
    """The LMS's auto-submitting id_token form, not yet posted; `session` holds the cookies the tool set."""

    action: str
    fields: dict[str, str]
    session: requests.Session
    redirects: list[str] = field(default_factory=list)  # every URL the browser went through, in order

    @property
    def id_token(self) -> str:
        return self.fields["id_token"]

    @property
    def state(self) -> str:
        return self.fields["state"]

    def submit(self, **overrides: str) -> requests.Response:
        """Post the form as the browser's script would (fields may be overridden, e.g. a swapped id_token)."""
        return self.session.post(self.action, data={**self.fields, **overrides}, timeout=TIMEOUT)


class LmsClient:
    def __init__(self, base_url: str, server_output: Callable[[], str] | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        # The LMS process's log so far (runserver's request lines and tracebacks), for failure messages.
        self.server_output = server_output or (lambda: "(the LMS's output is not available)")
        self.http = requests.Session()
        self.issuer = self.base_url  # until register_tool names another

    # --- the platform's endpoints, as a tool registers them ---
    @property
    def jwks_url(self) -> str:
        return f"{self.base_url}/.well-known/jwks.json"

    @property
    def auth_url(self) -> str:
        return f"{self.base_url}/auth"

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/token"

    @property
    def deep_link_return_url(self) -> str:
        return f"{self.base_url}/deep-link-return"

    def lineitems_url(self, context_id: str) -> str:
        return f"{self.base_url}/ags/{context_id}/lineitems"

    def memberships_url(self, context_id: str) -> str:
        return f"{self.base_url}/nrps/{context_id}/memberships"

    # --- control API ---
    def _call(self, method: str, path: str, json: dict | None = None, expect: int = 200) -> Any:
        response = self.http.request(method, f"{self.base_url}{path}", json=json, timeout=TIMEOUT)
        if response.status_code != expect:
            raise LmsError(f"{method} {path} answered {response.status_code}, not {expect}: {response.text[:500]}")
        return response.json()

    def health(self) -> dict:
        return self._call("GET", "/control/health")

    def register_tool(
        self,
        *,
        client_id: str,
        deployment_id: str,
        login_url: str,
        launch_url: str,
        jwks_url: str,
        deep_link_url: str | None = None,
        issuer: str | None = None,
    ) -> dict:
        """Register the tool; answers the tool's settings and the platform's endpoints (issuer, auth_url...)."""
        body = {
            "client_id": client_id,
            "deployment_id": deployment_id,
            "login_url": login_url,
            "launch_url": launch_url,
            "deep_link_url": deep_link_url or launch_url,
            "jwks_url": jwks_url,
            "issuer": issuer,
        }
        answer = self._call("POST", "/control/tool", body)
        self.issuer = answer["issuer"]
        return answer

    def rotate_key(self) -> dict:
        """A new platform key: answers {"old_kid", "kid"}; the key set then holds only the new key."""
        return self._call("POST", "/control/rotate-key")

    def set_down(self, down: bool) -> None:
        """While down, /token, AGS and NRPS answer 503."""
        self._call("POST", "/control/down", {"down": down})

    def scores(self) -> list[dict]:
        """Every score POST received, in order, each with `lineitem` (its URL) and `outcome`."""
        return self._call("GET", "/control/scores")["scores"]

    def gradebook(self) -> dict[str, dict[str, dict]]:
        """The score that stands per line item URL and user id (latest timestamp wins)."""
        return self._call("GET", "/control/scores")["gradebook"]

    def lineitems(self) -> list[dict]:
        return self._call("GET", "/control/lineitems")["lineitems"]

    def create_lineitem(self, context_id: str, label: str, score_maximum: float, **optional: str) -> dict:
        """A line item made in the LMS (resourceLinkId, resourceId, tag, endDateTime optional)."""
        body = {"context_id": context_id, "label": label, "scoreMaximum": score_maximum, **optional}
        return self._call("POST", "/control/lineitems", body, expect=201)

    def set_members(
        self, context_id: str, members: list[dict], context_title: str | None = None, page_size: int = 0
    ) -> None:
        """The roster NRPS returns: members as {user_id, name, email, roles: [LIS URIs], status}; with page_size,
        in pages of that many, each naming the next in a Link header."""
        body = {"context_id": context_id, "members": members, "context_title": context_title, "page_size": page_size}
        self._call("POST", "/control/members", body)

    def deep_links(self) -> list[dict]:
        """Deep linking responses received: claims, content_items and what was added (new resource links)."""
        return self._call("GET", "/control/deep-links")["deep_links"]

    def reset(self) -> None:
        """Forget courses, line items, grades, rosters and launches (keeps the tool and the key)."""
        self._call("POST", "/control/reset")

    # --- launches ---
    def launch_url(
        self,
        *,
        user_id: str,
        name: str = "",
        email: str = "",
        roles: str | list[str] = "Learner",
        context_id: str = "course-1",
        context_title: str | None = None,
        resource_link_id: str = "item-1",
        resource_link_title: str | None = None,
        custom: dict[str, str] | None = None,
        message: str = "resource",
        tamper: str | None = None,
    ) -> str:
        """The URL that starts a launch (roles: Learner, Instructor, ... or LIS URIs; message: resource|deeplink;
        tamper: expired|forged|unknown-deployment|unknown-issuer|wrong-audience spoils only the id_token)."""
        query = {
            "user_id": user_id,
            "name": name,
            "email": email,
            "roles": roles if isinstance(roles, str) else ",".join(roles),
            "context_id": context_id,
            "context_title": context_title or "",
            "resource_link_id": resource_link_id,
            "resource_link_title": resource_link_title or "",
            "message": message,
            "tamper": tamper or "",
            **{f"custom_{key}": value for key, value in (custom or {}).items()},
        }
        return f"{self.base_url}/launch?{urlencode({k: v for k, v in query.items() if v})}"

    def course_item_url(self, context_id: str, resource_link_id: str, **launch: Any) -> str:
        """The LMS page framing the launch in <iframe name="tool-frame">; takes launch_url's keywords."""
        launch_query = self.launch_url(context_id=context_id, resource_link_id=resource_link_id, **launch)
        query = launch_query.split("?", 1)[1]
        return f"{self.base_url}/course/{context_id}/item/{resource_link_id}?{query}"

    def launch_form(self, *, session: requests.Session | None = None, **launch: Any) -> LaunchForm:
        """Follow a launch as a browser without JavaScript would (LMS -> tool login -> LMS /auth) up to the
        id_token form, without posting it. Takes launch_url's keywords. A page on the way that is not the form
        (a tool's cookie-check page) is passed by following the link in its <noscript>, as such a browser's
        user would. Raises LmsError if the chain does not end at the form."""
        session = session or requests.Session()
        response = session.get(self.launch_url(**launch), timeout=TIMEOUT)
        redirects = [r.url for r in response.history] + [response.url]
        for _ in range(MAX_NOSCRIPT_PAGES):
            if response.url.startswith(self.auth_url) or response.status_code != 200:
                break
            page = PageParser()
            page.feed(response.text)
            if not page.noscript_links:
                break
            response = session.get(urljoin(response.url, page.noscript_links[0]), timeout=TIMEOUT)
            redirects += [r.url for r in response.history] + [response.url]
        if response.status_code != 200 or not response.url.startswith(self.auth_url):
            raise LmsError(
                f"the launch ended at {response.url} ({response.status_code}), not the LMS's /auth form;\n"
                f"went through {redirects};\nbody: {response.text[:800]}"
            )
        page = PageParser()
        page.feed(response.text)
        if not page.action or "id_token" not in page.fields:
            raise LmsError(f"no id_token form in the /auth answer: {response.text[:800]}")
        return LaunchForm(page.action, page.fields, session, redirects)


class PageParser(HTMLParser):
    """The first form's action and its inputs' names and values; the links inside <noscript>."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}
        self.forms_seen = 0
        self.noscript_links: list[str] = []
        self.in_noscript = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.forms_seen += 1
            if self.forms_seen == 1:
                self.action = attributes.get("action")
        elif tag == "input" and self.forms_seen == 1 and attributes.get("name"):
            self.fields[attributes["name"]] = attributes.get("value") or ""
        elif tag == "noscript":
            self.in_noscript = True
        elif tag == "a" and self.in_noscript and attributes.get("href"):
            self.noscript_links.append(attributes["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "noscript":
            self.in_noscript = False
