"""`manage.py lti_platform`: register LMSes (LTI 1.3) from the command line, as the browser's form does.

    lti_platform add --name N --issuer URL --client-id ID --deployment-id ID [--deployment-id ID ...]
                     --keyset-url URL --auth-url URL --token-url URL [--audience A] [--frame-origin URL ...]
    lti_platform list
    lti_platform show NAME_OR_UUID            (with the values to paste into the LMS)
    lti_platform deployments NAME_OR_UUID [--add ID ...] [--remove ID ...]
    lti_platform disable NAME_OR_UUID / enable NAME_OR_UUID

The rules are registrations.py's (the form's too); what they refuse ends the command with its reasons.
"""

import uuid

from django.core.management.base import BaseCommand, CommandError, CommandParser

from unroll.lti import registrations, tool_values
from unroll.lti.models import Platform
from unroll.lti.registrations import PlatformDetails, RegistrationError

# Where each field comes from on the command line, to name it in a refusal.
OPTIONS = {
    "name": "--name",
    "issuer": "--issuer",
    "client_id": "--client-id",
    "deployment_ids": "--deployment-id",
    "keyset_url": "--keyset-url",
    "auth_url": "--auth-url",
    "token_url": "--token-url",
    "audience": "--audience",
    "frame_origins": "--frame-origin",
}


class Command(BaseCommand):
    help = "Register LMSes (LTI 1.3 platforms), list and show them, change their deployments, turn them off or on."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        add = actions.add_parser("add", help="Register an LMS.")
        add.add_argument("--name", default="", help="How Unroll names the LMS (required, unique).")
        add.add_argument("--issuer", default="", help="The LMS's issuer / Platform ID (required).")
        add.add_argument("--client-id", default="", help="The client ID the LMS gave Unroll (required).")
        add.add_argument(
            "--deployment-id", action="append", default=[], help="A deployment ID (at least one; repeat for more)."
        )
        add.add_argument("--keyset-url", default="", help="The LMS's public key set (JWKS) URL (required).")
        add.add_argument("--auth-url", default="", help="The LMS's OIDC auth URL (required).")
        add.add_argument("--token-url", default="", help="The LMS's access token URL (required).")
        add.add_argument("--audience", default="", help="The token endpoint's audience, if the LMS names one.")
        add.add_argument(
            "--frame-origin",
            action="append",
            default=[],
            help="An origin of the LMS's pages that may frame Unroll (repeatable; the issuer's and the auth URL's "
            "are always allowed).",
        )
        actions.add_parser("list", help="List the registered LMSes.")
        for name, text in (
            ("show", "Show an LMS's registration and the values to paste into it."),
            ("disable", "Turn a registration off: its launches are refused."),
            ("enable", "Turn a registration on again."),
        ):
            actions.add_parser(name, help=text).add_argument("platform", metavar="NAME_OR_UUID")
        deployments = actions.add_parser("deployments", help="Add or turn off deployment IDs of an LMS.")
        deployments.add_argument("platform", metavar="NAME_OR_UUID")
        deployments.add_argument("--add", action="append", default=[], metavar="ID", help="Repeatable.")
        deployments.add_argument("--remove", action="append", default=[], metavar="ID", help="Repeatable.")

    def handle(self, *args, action: str, **options) -> None:
        try:
            getattr(self, f"handle_{action}")(**options)
        except RegistrationError as exc:
            raise CommandError(refusal(exc)) from exc

    def handle_add(self, **options) -> None:
        details = PlatformDetails(
            name=options["name"],
            issuer=options["issuer"],
            client_id=options["client_id"],
            deployment_ids=options["deployment_id"],
            keyset_url=options["keyset_url"],
            auth_url=options["auth_url"],
            token_url=options["token_url"],
            audience=options["audience"],
            frame_origins=options["frame_origin"],
        )
        platform = registrations.register(details)
        self.stdout.write(self.style.SUCCESS(f"Registered {platform} ({platform.registration.uuid})."))
        self.write_values(platform)

    def handle_list(self, **options) -> None:
        platforms = Platform.objects.select_related("registration").order_by("registration__name")
        if not platforms:
            self.stdout.write("No LMS is registered.")
        for platform in platforms:
            registration = platform.registration
            state = "on " if registration.is_active else "off"
            deployments = ", ".join(registrations.active_deployment_ids(registration)) or "no deployment"
            self.stdout.write(
                f"{registration.uuid}  {state}  {registration.name}  issuer {registration.issuer}  "
                f"client {registration.client_id}  deployments {deployments}"
            )

    def handle_show(self, platform: str, **options) -> None:
        found = find(platform)
        registration = found.registration
        deployments = registration.deployments.order_by("-is_active", "datetime_created")
        for label, value in (
            ("Name", registration.name),
            ("UUID", registration.uuid),
            ("State", "on" if registration.is_active else "off (launches refused)"),
            ("Issuer", registration.issuer),
            ("Client ID", registration.client_id),
            ("Key set URL", registration.keyset_url),
            ("Auth URL", registration.auth_url),
            ("Token URL", registration.token_url),
            ("Audience", registration.audience or "none"),
            ("Frame origins", " ".join(found.origins())),
            ("Registered by", found.registered_by or "a command"),
        ):
            self.stdout.write(f"{label}: {value}")
        for deployment in deployments:
            self.stdout.write(f"Deployment: {deployment.deployment_id} ({'on' if deployment.is_active else 'off'})")
        self.write_values(found)

    def handle_deployments(self, platform: str, add: list[str], remove: list[str], **options) -> None:
        if not add and not remove:
            raise CommandError("Say what to change: --add ID and/or --remove ID.")
        found = find(platform)
        active = registrations.change_deployments(found, add=add, remove=remove)
        self.stdout.write(self.style.SUCCESS(f"{found}: active deployments {', '.join(active)}."))

    def handle_disable(self, platform: str, **options) -> None:
        found = registrations.set_active(find(platform), False)
        self.stdout.write(self.style.SUCCESS(f"{found} is off: its launches are refused."))

    def handle_enable(self, platform: str, **options) -> None:
        found = registrations.set_active(find(platform), True)
        self.stdout.write(self.style.SUCCESS(f"{found} is on."))

    def write_values(self, platform: Platform) -> None:
        self.stdout.write("\nPaste into the LMS:")
        for value in tool_values.values(platform.registration):
            lines = value.value.splitlines()
            self.stdout.write(f"  {value.label}: {lines[0]}")
            for line in lines[1:]:
                self.stdout.write(f"    {line}")


def find(name_or_uuid: str) -> Platform:
    """A registration by its uuid or its name (any case)."""
    platforms = Platform.objects.select_related("registration", "registered_by")
    try:
        found = platforms.filter(registration__uuid=uuid.UUID(name_or_uuid)).first()
    except ValueError:
        found = platforms.filter(registration__name__iexact=name_or_uuid.strip()).first()
    if found is None:
        raise CommandError(f"No LMS is registered as “{name_or_uuid}”: `manage.py lti_platform list` shows them.")
    return found


def refusal(exc: RegistrationError) -> str:
    lines = [
        f"  {OPTIONS.get(field, '')}: {message}" if field else f"  {message}"
        for field, messages in exc.problems.items()
        for message in messages
    ]
    return "Refused:\n" + "\n".join(lines)
