"""What an LMS administrator types into the LMS about Unroll: its URLs, the custom parameter, scopes, placements.

The URLs are absolute on settings.SITE_URL, never on the host a request came in by: behind a proxy that
host can be an internal one, and the LMS must be given the address it will reach Unroll at.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlparse

from django.conf import settings
from django.urls import reverse
from lti_tool.models import Key, LtiRegistration

from unroll.lti.launches import TARGET_PARAMETER

# The services Unroll asks the LMS for: scores to its gradebook (AGS) and its course rosters (NRPS).
SCOPES = (
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
)
# The LTI messages Unroll takes (both at the launch URL) and where LMSes place each.
PLACEMENTS = (
    "LtiResourceLinkRequest: a link or an assignment in a course (Canvas: Link Selection, Assignment Selection, "
    "Course Navigation; Moodle: an External tool activity; Open edX: an LTI Consumer component)",
    "LtiDeepLinkingRequest: picking Unroll exercises and quizzes (Canvas: Link Selection and Assignment Selection "
    "with deep linking; Moodle: Supports Deep Linking; Open edX: Deep linking)",
)
CUSTOM_EXAMPLES = ("exercise:<slug>", "quiz:<slug>", "course", "gradebook")


@dataclass(frozen=True)
class ToolValue:
    key: str  # a stable name (the input's id, what tests look for)
    label: str
    value: str
    help: str = ""

    @property
    def is_multiline(self) -> bool:
        return "\n" in self.value


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def urls(registration: LtiRegistration | None = None) -> list[ToolValue]:
    launch = absolute(reverse("lti:launch"))
    found = [
        ToolValue(
            "login",
            "Login initiation URL (OpenID Connect)",
            absolute(reverse("lti:login")),
            "Where the LMS first sends the browser; the LMS must send its client_id with it (Canvas, Moodle and "
            "Open edX do).",
        )
    ]
    if registration is not None:
        found.append(
            ToolValue(
                "login_for",
                "Login initiation URL for this registration only",
                absolute(reverse("lti:login_for", args=[registration.uuid])),
                "For an LMS that does not send client_id at login: this URL names the registration itself.",
            )
        )
    return found + [
        ToolValue("launch", "Launch URL (Target Link URI, Tool URL)", launch),
        ToolValue("redirect_uris", "Redirect URI(s)", launch, "The launch URL again: the only redirect Unroll uses."),
        ToolValue("jwks", "Public key set URL (JWKS)", absolute(reverse("lti:jwks")), "Unroll's public keys."),
        ToolValue(
            "deep_linking",
            "Deep linking URL (Content Selection URL)",
            launch,
            "Deep linking launches go to the same URL.",
        ),
        ToolValue("domain", "Tool domain", urlparse(settings.SITE_URL).netloc),
    ]


def values(registration: LtiRegistration | None = None) -> list[ToolValue]:
    """Everything to paste, in the order an LMS's tool configuration asks for it."""
    return urls(registration) + [
        ToolValue(
            "custom",
            "Custom parameter for a link made by hand",
            f"{TARGET_PARAMETER}=exercise:<slug>",
            f"What the link opens: {TARGET_PARAMETER}= followed by one of " + ", ".join(CUSTOM_EXAMPLES) + ". "
            "Without it a link opens the course's page. Links made by deep linking carry it already.",
        ),
        ToolValue(
            "scopes", "Scopes (LTI Advantage services)", "\n".join(SCOPES), "Assignments and Grades; Names and Roles."
        ),
        ToolValue("placements", "Message types and placements", "\n".join(PLACEMENTS)),
    ]


@dataclass(frozen=True)
class ToolKey:
    """One of Unroll's signing keys as the registration list shows it."""

    kid: str
    created: datetime
    is_active: bool  # published at the JWKS URL
    signs: bool  # the newest active key: django-lti signs Unroll's messages with it


def tool_keys(limit: int = 10) -> list[ToolKey]:
    """The newest keys first: those the LMSes read at the JWKS URL, and those rotated out."""
    keys = list(Key.objects.order_by("-datetime_created", "-pk")[:limit])
    newest_active = next((key for key in keys if key.is_active), None)
    return [ToolKey(str(key), key.datetime_created, key.is_active, key is newest_active) for key in keys]
