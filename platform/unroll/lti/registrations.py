"""Writes to LMS registrations: register an LMS, change it, add or turn off its deployments, turn it off or on.

The browser's form (forms.py) and `manage.py lti_platform` both check what they were given with `problems()`
and write through these functions, so the rules live here once. A registration is django-lti's
`LtiRegistration` with its `LtiDeployment`s, plus Unroll's `Platform` (frame origins, who registered it).
Nothing is ever deleted: an LMS course's data hangs on its deployment, so a deployment or a registration
is turned off instead.
"""

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from lti_tool.models import LtiDeployment, LtiRegistration

from unroll.lti.models import Platform, origin_of

MAX_LENGTH = 255  # django-lti's CharFields and URLFields
LOCAL_HOSTS = {"localhost"}
# What each field is called in a message: the form's labels and the command's options say the same.
LABELS = {
    "name": "Name",
    "issuer": "Issuer",
    "client_id": "Client ID",
    "deployment_ids": "Deployment IDs",
    "keyset_url": "Key set URL",
    "auth_url": "Auth (OIDC) URL",
    "token_url": "Token URL",
    "audience": "Audience",
    "frame_origins": "Frame origins",
}
URL_FIELDS = ("issuer", "keyset_url", "auth_url", "token_url")


class RegistrationError(ValueError):
    """What was asked cannot be done; `problems` says why, field by field (field "" for the whole)."""

    def __init__(self, problems: dict[str, list[str]]):
        self.problems = problems
        super().__init__(" ".join(message for messages in problems.values() for message in messages))


@dataclass(frozen=True)
class PlatformDetails:
    """What an administrator states about an LMS (the values its tool configuration shows)."""

    name: str
    issuer: str
    client_id: str
    deployment_ids: list[str]
    keyset_url: str
    auth_url: str
    token_url: str
    audience: str = ""
    frame_origins: list[str] = field(default_factory=list)

    def tidied(self) -> "PlatformDetails":
        """Spaces around values dropped, blank lines and repeated lines dropped (order kept)."""
        texts = {f.name: getattr(self, f.name).strip() for f in fields(self) if isinstance(getattr(self, f.name), str)}
        return replace(
            self,
            **texts,
            deployment_ids=unique_lines(self.deployment_ids),
            frame_origins=unique_lines(self.frame_origins),
        )

    @classmethod
    def of(cls, platform: Platform) -> "PlatformDetails":
        registration = platform.registration
        return cls(
            name=registration.name,
            issuer=registration.issuer,
            client_id=registration.client_id,
            deployment_ids=active_deployment_ids(registration),
            keyset_url=registration.keyset_url,
            auth_url=registration.auth_url,
            token_url=registration.token_url,
            audience=registration.audience,
            frame_origins=platform.frame_origins.splitlines(),
        )


def unique_lines(values: list[str]) -> list[str]:
    return list(dict.fromkeys(value.strip() for value in values if value.strip()))


def active_deployment_ids(registration: LtiRegistration) -> list[str]:
    return list(
        registration.deployments.active().order_by("datetime_created", "pk").values_list("deployment_id", flat=True)
    )


# --- checking -----------------------------------------------------------------------------------


def is_local(host: str) -> bool:
    if host in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_problem(label: str, url: str) -> str:
    """Why a URL of the LMS cannot be used, or "": a full URL, over https (http only on this machine or DEBUG)."""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return f"{label} must be a full URL, such as https://lms.example.edu/… (got “{url}”)."
    parsed = urlparse(url)
    if parsed.scheme == "http" and not (is_local(parsed.hostname or "") or settings.DEBUG):
        return f"{label} must start with https:// (http:// only for localhost or 127.0.0.1): “{url}”."
    return ""


def text_problems(details: PlatformDetails) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name in ("name", "issuer", "client_id", "keyset_url", "auth_url", "token_url"):
        if not getattr(details, name):
            found.setdefault(name, []).append(f"{LABELS[name]} is required.")
    for name in ("name", "issuer", "client_id", "keyset_url", "auth_url", "token_url", "audience"):
        if len(getattr(details, name)) > MAX_LENGTH:
            found.setdefault(name, []).append(f"{LABELS[name]} is longer than {MAX_LENGTH} characters.")
    for name in URL_FIELDS:
        problem = getattr(details, name) and url_problem(LABELS[name], getattr(details, name))
        if problem:
            found.setdefault(name, []).append(problem)
    return found


def deployment_problems(details: PlatformDetails) -> list[str]:
    if not details.deployment_ids:
        return ["Give at least one deployment ID (the LMS shows it once the tool is added), one per line."]
    too_long = [d for d in details.deployment_ids if len(d) > MAX_LENGTH]
    return [f"Deployment ID “{d[:40]}…” is longer than {MAX_LENGTH} characters." for d in too_long]


def frame_origin_problems(details: PlatformDetails) -> list[str]:
    found = []
    for origin in details.frame_origins:
        problem = url_problem("Frame origin", origin)
        if problem:
            found.append(problem)
        elif urlparse(origin).path not in ("", "/"):
            found.append(f"Frame origin “{origin}” should be an origin only: {origin_of(origin)}.")
    return found


def clash_problems(details: PlatformDetails, editing: Platform | None) -> dict[str, list[str]]:
    """Another registration with the same issuer and client ID, or the same name."""
    others = LtiRegistration.objects.all()
    if editing is not None:
        others = others.exclude(pk=editing.registration_id)
    found: dict[str, list[str]] = {}
    same_client = others.filter(issuer=details.issuer, client_id=details.client_id).first()
    if same_client:
        found["client_id"] = [
            f"Issuer {details.issuer} with client ID {details.client_id} is already registered as "
            f"“{same_client.name}”: change that registration instead (add a deployment ID to it)."
        ]
    same_name = others.filter(name__iexact=details.name).first()
    if same_name:
        found["name"] = [f"A registration is already named “{same_name.name}”: choose another name."]
    return found


def problems(details: PlatformDetails, editing: Platform | None = None) -> dict[str, list[str]]:
    """Everything wrong with `details` (tidied first), by field; {} when they can be registered."""
    details = details.tidied()
    found = text_problems(details)
    for name, messages in (
        ("deployment_ids", deployment_problems(details)),
        ("frame_origins", frame_origin_problems(details)),
    ):
        if messages:
            found[name] = messages
    if details.issuer and details.client_id and details.name:
        for name, messages in clash_problems(details, editing).items():
            found.setdefault(name, []).extend(messages)
    return found


def checked(details: PlatformDetails, editing: Platform | None = None) -> PlatformDetails:
    found = problems(details, editing)
    if found:
        raise RegistrationError(found)
    return details.tidied()


# --- who may change a registration ----------------------------------------------------------------


def may_change(user, platform: Platform) -> bool:
    """The instructor who registered it, or a superuser; other instructors only read it."""
    return user.is_authenticated and (user.is_superuser or (user.is_staff and platform.registered_by_id == user.pk))


# --- the writes ---------------------------------------------------------------------------------


def register(details: PlatformDetails, by: User | None = None) -> Platform:
    """Register an LMS: its registration, its deployments (active) and Unroll's Platform row."""
    details = checked(details)
    with transaction.atomic():
        registration = LtiRegistration.objects.create(
            name=details.name,
            issuer=details.issuer,
            client_id=details.client_id,
            audience=details.audience,
            auth_url=details.auth_url,
            token_url=details.token_url,
            keyset_url=details.keyset_url,
            is_active=True,
        )
        platform = Platform.objects.create(
            registration=registration, frame_origins=origins_text(details), registered_by=by
        )
        set_deployments(registration, details.deployment_ids)
    return platform


def change(platform: Platform, details: PlatformDetails) -> Platform:
    """Change a registration to `details`; deployment IDs no longer listed are turned off, not deleted."""
    details = checked(details, editing=platform)
    with transaction.atomic():
        registration = LtiRegistration.objects.select_for_update().get(pk=platform.registration_id)
        for name in ("name", "issuer", "client_id", "audience", "auth_url", "token_url", "keyset_url"):
            setattr(registration, name, getattr(details, name))
        registration.save()
        platform.frame_origins = origins_text(details)
        platform.save(update_fields=["frame_origins"])
        set_deployments(registration, details.deployment_ids)
    platform.registration = registration
    return platform


def origins_text(details: PlatformDetails) -> str:
    return "\n".join(dict.fromkeys(origin_of(origin) for origin in details.frame_origins))


def set_deployments(registration: LtiRegistration, deployment_ids: list[str]) -> None:
    """Exactly `deployment_ids` active: new ones made, known ones turned on, the others turned off."""
    for deployment_id in deployment_ids:
        LtiDeployment.objects.update_or_create(
            registration=registration, deployment_id=deployment_id, defaults={"is_active": True}
        )
    registration.deployments.active().exclude(deployment_id__in=deployment_ids).update(is_active=False)


def change_deployments(platform: Platform, add: Iterable[str] = (), remove: Iterable[str] = ()) -> list[str]:
    """Turn deployment IDs on (`add`, made if new) and off (`remove`); returns the active ones after."""
    add, remove = unique_lines(list(add)), unique_lines(list(remove))
    with transaction.atomic():
        registration = LtiRegistration.objects.select_for_update().get(pk=platform.registration_id)
        active = active_deployment_ids(registration)
        wanted = [d for d in active if d not in remove] + [d for d in add if d not in active]
        unknown = [d for d in remove if d not in active]
        if unknown:
            raise RegistrationError(
                {"deployment_ids": [f"{registration.name} has no active deployment “{d}”." for d in unknown]}
            )
        if not wanted:
            raise RegistrationError(
                {"deployment_ids": [f"{registration.name} would have no deployment left: turn it off instead."]}
            )
        too_long = deployment_problems(replace(PlatformDetails.of(platform), deployment_ids=wanted))
        if too_long:
            raise RegistrationError({"deployment_ids": too_long})
        set_deployments(registration, wanted)
    return wanted


def set_active(platform: Platform, active: bool) -> Platform:
    """Turn a registration off (its launches are refused, its origins no longer frame Unroll) or on again."""
    registration = platform.registration
    registration.is_active = active
    registration.save(update_fields=["is_active", "datetime_modified"])
    return platform
