"""Everything the test LMS knows, in the memory of its one process, behind one lock (runserver is threaded)."""

import itertools
import secrets
import threading
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from django.conf import settings

from lms_platform.keys import SigningKey

LIS_MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"


@dataclass(frozen=True)
class ToolRegistration:
    client_id: str
    deployment_id: str
    login_url: str
    launch_url: str
    deep_link_url: str
    jwks_url: str
    issuer: str


@dataclass(frozen=True)
class LaunchRequest:
    """What a /launch asked for, kept under its lti_message_hint until the tool's auth request comes back."""

    user_id: str
    name: str
    email: str
    roles: list[str]
    context_id: str
    context_title: str
    resource_link_id: str
    resource_link_title: str
    custom: dict[str, str]
    message: str  # "resource" or "deeplink"
    tamper: str  # "" or one of TAMPERS
    target_link_uri: str


@dataclass
class LineItem:
    id: str  # the URL, as AGS names line items
    number: str
    context_id: str
    label: str
    scoreMaximum: float  # noqa: N815 (AGS spelling)
    resourceLinkId: str = ""  # noqa: N815
    resourceId: str = ""  # noqa: N815
    tag: str = ""
    startDateTime: str = ""  # noqa: N815
    endDateTime: str = ""  # noqa: N815

    def as_ags(self) -> dict:
        """The AGS JSON of the line item (empty optional fields left out, as platforms do)."""
        data = asdict(self)
        del data["number"], data["context_id"]
        return {key: value for key, value in data.items() if value not in ("", None)}


@dataclass
class ResourceLink:
    """A placement of the tool in a course, made by deep linking (launches may also name ad-hoc ones)."""

    id: str
    context_id: str
    title: str
    url: str
    custom: dict[str, str]


@dataclass
class LmsState:
    lock: threading.RLock = field(default_factory=threading.RLock)
    tool: ToolRegistration | None = None
    key: SigningKey = field(default_factory=SigningKey.generate)
    # Keys signed with before a rotation: no longer published, but access tokens we issued under them stay
    # good until they expire, as on a real platform.
    retired_keys: list[SigningKey] = field(default_factory=list)
    # A key the LMS never publishes, for tamper=forged.
    forger_key: SigningKey = field(default_factory=SigningKey.generate)
    down: bool = False
    launches: dict[str, LaunchRequest] = field(default_factory=dict)
    deep_link_requests: dict[str, str] = field(default_factory=dict)  # data token -> context id
    contexts: dict[str, str] = field(default_factory=dict)  # id -> title
    resource_links: dict[str, ResourceLink] = field(default_factory=dict)
    lineitems: dict[str, LineItem] = field(default_factory=dict)  # number -> line item
    score_posts: list[dict] = field(default_factory=list)
    gradebook: dict[str, dict[str, dict]] = field(default_factory=dict)  # line item URL -> user id -> score
    rosters: dict[str, list[dict]] = field(default_factory=dict)
    roster_page_size: int = 0  # NRPS pages of this many members (Link rel="next"), as real LMSes page; 0: one page
    deep_links: list[dict] = field(default_factory=list)
    used_assertion_ids: set[str] = field(default_factory=set)
    numbers: itertools.count = field(default_factory=lambda: itertools.count(1))

    def reset(self) -> None:
        """Forget courses, grades and launches; keep the tool registration and the signing key."""
        self.down = False
        self.roster_page_size = 0
        for collection in (
            self.launches,
            self.deep_link_requests,
            self.contexts,
            self.resource_links,
            self.lineitems,
            self.score_posts,
            self.gradebook,
            self.rosters,
            self.deep_links,
        ):
            collection.clear()

    def rotate_key(self) -> SigningKey:
        self.retired_keys.append(self.key)
        self.key = SigningKey.generate()
        return self.key

    def remember_launch(self, launch: LaunchRequest) -> str:
        hint = secrets.token_urlsafe(16)
        self.launches[hint] = launch
        self.contexts[launch.context_id] = launch.context_title  # the latest launch names the course
        return hint

    def add_lineitem(self, context_id: str, label: str, score_maximum: float, **optional: str) -> LineItem:
        number = str(next(self.numbers))
        url = f"{lineitems_url(context_id)}/{number}"
        item = LineItem(id=url, number=number, context_id=context_id, label=label, scoreMaximum=score_maximum)
        update_lineitem(item, optional)
        self.lineitems[number] = item
        return item

    def lineitems_in(self, context_id: str) -> list[LineItem]:
        return [item for item in self.lineitems.values() if item.context_id == context_id]

    def lineitem_of_link(self, context_id: str, resource_link_id: str) -> LineItem | None:
        """The line item of a resource link when it has exactly one (AGS `lineitem` claim), else None."""
        items = [item for item in self.lineitems_in(context_id) if item.resourceLinkId == resource_link_id]
        return items[0] if len(items) == 1 else None

    def new_resource_link_id(self) -> str:
        return f"link-{next(self.numbers)}"

    def scores_report(self) -> dict:
        return {"scores": list(self.score_posts), "gradebook": self.gradebook}


LINEITEM_FIELDS = ("label", "scoreMaximum", "resourceLinkId", "resourceId", "tag", "startDateTime", "endDateTime")


def update_lineitem(item: LineItem, data: dict) -> None:
    for name in LINEITEM_FIELDS:
        if name in data and data[name] is not None:
            setattr(item, name, data[name])


def lineitems_url(context_id: str) -> str:
    return f"{settings.LMS_BASE_URL}/ags/{context_id}/lineitems"


def memberships_url(context_id: str) -> str:
    return f"{settings.LMS_BASE_URL}/nrps/{context_id}/memberships"


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


STATE = LmsState()
