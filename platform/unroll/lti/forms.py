"""The LMS registration form: what an administrator copies from the LMS's tool configuration, checked by
registrations.problems() (the same rules as `manage.py lti_platform`)."""

from django import forms

from unroll.lti.models import Platform
from unroll.lti.registrations import LABELS, PlatformDetails, problems


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def url_field(name: str, help_text: str) -> forms.CharField:
    # A CharField, not a URLField: registrations.problems() says what is wrong with a URL, in one wording.
    return forms.CharField(
        label=LABELS[name],
        required=False,
        help_text=help_text,
        widget=forms.URLInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class PlatformForm(forms.Form):
    name = forms.CharField(
        label=LABELS["name"],
        required=False,
        help_text="How Unroll names this LMS (e.g. “Canvas — Example University”).",
    )
    issuer = url_field(
        "issuer",
        "The LMS's issuer (Platform ID): Canvas https://canvas.instructure.com; Moodle and Open edX: the site's URL.",
    )
    client_id = forms.CharField(label=LABELS["client_id"], required=False, help_text="The id the LMS gave Unroll.")
    deployment_ids = forms.CharField(
        label=LABELS["deployment_ids"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text="One per line. A launch from a deployment not listed here is refused; removing one turns it off.",
    )
    keyset_url = url_field("keyset_url", "The LMS's public key set (JWKS) URL.")
    auth_url = url_field("auth_url", "The LMS's OIDC authorization (authentication request) URL.")
    token_url = url_field("token_url", "The LMS's OAuth2 access token URL (for grades and rosters).")
    audience = forms.CharField(
        label=LABELS["audience"],
        required=False,
        help_text="Optional: the token endpoint's audience, if the LMS says one.",
    )
    frame_origins = forms.CharField(
        label=LABELS["frame_origins"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false"}),
        help_text="The origins of the LMS's pages that show Unroll in a frame, one per line. The issuer's and the "
        "auth URL's origins are always allowed; add the LMS's own address when it differs "
        "(Canvas: https://yourschool.instructure.com).",
    )

    def __init__(self, *args, editing: Platform | None = None, **kwargs):
        self.editing = editing
        if editing is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_of(editing)
        super().__init__(*args, **kwargs)

    def details(self) -> PlatformDetails:
        data = self.cleaned_data
        return PlatformDetails(
            name=data["name"],
            issuer=data["issuer"],
            client_id=data["client_id"],
            deployment_ids=lines(data["deployment_ids"]),
            keyset_url=data["keyset_url"],
            auth_url=data["auth_url"],
            token_url=data["token_url"],
            audience=data["audience"],
            frame_origins=lines(data["frame_origins"]),
        )

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            for name, messages in problems(self.details(), self.editing).items():
                for message in messages:
                    self.add_error(name or None, message)
        return cleaned


def initial_of(platform: Platform) -> dict:
    details = PlatformDetails.of(platform)
    return {
        **{name: getattr(details, name) for name in LABELS if name not in ("deployment_ids", "frame_origins")},
        "deployment_ids": "\n".join(details.deployment_ids),
        "frame_origins": "\n".join(details.frame_origins),
    }
