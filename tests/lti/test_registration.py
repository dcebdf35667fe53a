"""Registering an LMS (LTI 1.3): the browser's form and `manage.py lti_platform`, who may change a registration,
the values to paste into the LMS, the frames it opens to the LMS's pages, and the rotation of Unroll's keys.
"""

import html
import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from lti_tool.models import Key, LtiContext, LtiDeployment, LtiRegistration, LtiUser

from support import require_service, worker_database_url
from unroll.courses.actions import create_course
from unroll.lti.models import LinkedCourse, Platform
from unroll.lti.registrations import PlatformDetails, register

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SITE_URL = "https://unroll.example.edu"
# What Moodle's "Tool configuration details" shows, as an administrator types it into the form.
MOODLE = {
    "name": "Moodle — Example University",
    "issuer": "https://moodle.example.edu",
    "client_id": "aB3dE5fG7hI9",
    "deployment_ids": "3\n7\n",
    "keyset_url": "https://moodle.example.edu/mod/lti/certs.php",
    "auth_url": "https://moodle.example.edu/mod/lti/auth.php",
    "token_url": "https://moodle.example.edu/mod/lti/token.php",
    "audience": "",
    "frame_origins": "",
}
CANVAS_ADD = [
    "add",
    "--name=Canvas",
    "--issuer=https://canvas.instructure.com",
    "--client-id=10000000000042",
    "--deployment-id=12:8865aa05b4b79b64a91a86042e43af5ea8ae79eb",
    "--keyset-url=https://sso.canvaslms.com/api/lti/security/jwks",
    "--auth-url=https://sso.canvaslms.com/api/lti/authorize_redirect",
    "--token-url=https://sso.canvaslms.com/login/oauth2/token",
    "--frame-origin=https://school.instructure.com",
]


@pytest.fixture
def dana(db):
    """Another instructor: she did not register the LMS."""
    return User.objects.create_user("dana", "dana@example.com", "dana-password-1", is_staff=True)


@pytest.fixture
def root(db):
    return User.objects.create_user("root", "root@example.com", "root-password-1", is_staff=True, is_superuser=True)


@pytest.fixture
def moodle(charlie) -> Platform:
    """Moodle, registered by charlie through the form's rules."""
    return register(details_of(MOODLE), by=charlie)


def details_of(data: dict) -> PlatformDetails:
    return PlatformDetails(
        **{key: value for key, value in data.items() if key not in ("deployment_ids", "frame_origins")},
        deployment_ids=data["deployment_ids"].split(),
        frame_origins=data["frame_origins"].split(),
    )


def page(response) -> str:
    return response.content.decode()


def errors_of(response) -> dict:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def register_through_form(client, **changes):
    return client.post(reverse("lti:platform_new"), {**MOODLE, **changes})


def active_ids(platform: Platform) -> set[str]:
    return set(platform.registration.deployments.active().values_list("deployment_id", flat=True))


def uuid_of(platform: Platform) -> str:
    return str(platform.registration.uuid)


# --- registering through the form ----------------------------------------------------------------


def test_an_instructor_registers_an_lms_and_its_deployments_are_on(client, charlie):
    client.force_login(charlie)

    response = register_through_form(client)

    platform = Platform.objects.get()
    registration = platform.registration
    assert response.status_code == 302 and response.url == reverse("lti:platform_detail", args=[registration.uuid])
    assert (registration.name, registration.issuer, registration.client_id) == (
        MOODLE["name"],
        MOODLE["issuer"],
        MOODLE["client_id"],
    )
    assert registration.keyset_url == MOODLE["keyset_url"] and registration.token_url == MOODLE["token_url"]
    assert registration.is_active and platform.registered_by == charlie
    assert active_ids(platform) == {"3", "7"}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"deployment_ids": "  \n"}, "deployment_ids", "Give at least one deployment ID"),
        ({"issuer": ""}, "issuer", "Issuer is required."),
        ({"token_url": "moodle.example.edu/token"}, "token_url", "Token URL must be a full URL"),
        ({"keyset_url": "ftp://moodle.example.edu/certs"}, "keyset_url", "Key set URL must be a full URL"),
        ({"frame_origins": "lms.example.edu"}, "frame_origins", "Frame origin must be a full URL"),
        (
            {"frame_origins": "https://lms.example.edu/course/1"},
            "frame_origins",
            "should be an origin only: https://lms.example.edu",
        ),
    ],
    ids=["no-deployment", "no-issuer", "not-a-url", "not-http", "origin-not-a-url", "origin-with-path"],
)
def test_the_form_refuses_what_cannot_be_registered_and_says_why(client, charlie, changes, field, message):
    client.force_login(charlie)

    response = register_through_form(client, **changes)

    assert response.status_code == 400
    assert any(message in error for error in errors_of(response)[field]), errors_of(response)
    assert message.split("“")[0] in html.unescape(page(response))
    assert not LtiRegistration.objects.exists()


def test_urls_must_be_https_except_on_this_machine(client, charlie, settings):
    settings.DEBUG = False
    client.force_login(charlie)

    refused = register_through_form(client, keyset_url="http://moodle.example.edu/mod/lti/certs.php")
    local = register_through_form(
        client,
        issuer="http://127.0.0.1:8081",
        keyset_url="http://127.0.0.1:8081/certs",
        auth_url="http://localhost:8081/auth",
        token_url="http://127.0.0.1:8081/token",
    )

    assert refused.status_code == 400
    assert errors_of(refused)["keyset_url"] == [
        "Key set URL must start with https:// (http:// only for localhost or 127.0.0.1): "
        "“http://moodle.example.edu/mod/lti/certs.php”."
    ]
    assert local.status_code == 302, errors_of(local)
    assert LtiRegistration.objects.get().issuer == "http://127.0.0.1:8081"


def test_an_issuer_and_client_id_already_registered_are_refused_naming_that_registration(client, charlie, moodle):
    client.force_login(charlie)

    response = register_through_form(client, name="Moodle again")

    assert response.status_code == 400
    assert errors_of(response)["client_id"] == [
        f"Issuer {MOODLE['issuer']} with client ID {MOODLE['client_id']} is already registered as "
        f"“{MOODLE['name']}”: change that registration instead (add a deployment ID to it)."
    ]
    assert LtiRegistration.objects.count() == 1


def test_the_same_issuer_with_another_client_id_is_another_registration(client, charlie, moodle):
    client.force_login(charlie)

    response = register_through_form(client, name="Moodle, second tool", client_id="another")

    assert response.status_code == 302
    assert LtiRegistration.objects.filter(issuer=MOODLE["issuer"]).count() == 2


def test_frame_origins_default_to_the_issuers_and_the_auth_urls(client, charlie):
    client.force_login(charlie)

    register_through_form(client, auth_url="https://login.example.edu/auth", frame_origins="")
    stated = Platform.objects.get()
    register_through_form(
        client, name="Other", client_id="other", frame_origins="https://pages.example.edu/\nhttps://pages.example.edu"
    )
    added = Platform.objects.get(registration__client_id="other")

    assert stated.origins() == ["https://login.example.edu", "https://moodle.example.edu"]
    assert added.frame_origins == "https://pages.example.edu"
    assert added.origins() == ["https://moodle.example.edu", "https://pages.example.edu"]


# --- changing it, and who may ----------------------------------------------------------------------


def test_the_instructor_who_registered_it_changes_it_and_removed_deployments_are_turned_off(client, charlie, moodle):
    client.force_login(charlie)
    form = client.get(reverse("lti:platform_edit", args=[uuid_of(moodle)]))
    assert form.status_code == 200 and form.context["form"].initial["deployment_ids"] == "3\n7"

    response = client.post(
        reverse("lti:platform_edit", args=[uuid_of(moodle)]),
        {**MOODLE, "name": "Moodle (renamed)", "deployment_ids": "7\n9", "frame_origins": "https://www.example.edu"},
    )

    moodle.refresh_from_db()
    moodle.registration.refresh_from_db()
    assert response.status_code == 302, errors_of(response)
    assert moodle.registration.name == "Moodle (renamed)"
    assert active_ids(moodle) == {"7", "9"}
    assert LtiDeployment.objects.get(deployment_id="3").is_active is False, "turned off, never deleted"
    assert "https://www.example.edu" in moodle.origins()


def test_an_edit_keeps_its_own_issuer_and_client_id_without_a_clash(client, charlie, moodle):
    client.force_login(charlie)

    response = client.post(reverse("lti:platform_edit", args=[uuid_of(moodle)]), {**MOODLE, "audience": "moodle"})

    assert response.status_code == 302, errors_of(response)
    moodle.registration.refresh_from_db()
    assert moodle.registration.audience == "moodle"


def test_another_instructor_reads_a_registration_but_cannot_change_or_turn_it_off(client, dana, moodle):
    client.force_login(dana)
    uuid = uuid_of(moodle)

    listed = client.get(reverse("lti:platform_list"))
    shown = client.get(reverse("lti:platform_detail", args=[uuid]))
    edit_page = client.get(reverse("lti:platform_edit", args=[uuid]))
    edit = client.post(reverse("lti:platform_edit", args=[uuid]), {**MOODLE, "name": "Dana's now"})
    off = client.post(reverse("lti:platform_disable", args=[uuid]))

    assert listed.status_code == 200 and MOODLE["name"] in html.unescape(page(listed))
    assert shown.status_code == 200 and reverse("lti:platform_edit", args=[uuid]) not in page(shown)
    assert "only they or a superuser can change it" in page(shown)
    assert (edit_page.status_code, edit.status_code, off.status_code) == (403, 403, 403)
    moodle.registration.refresh_from_db()
    assert moodle.registration.name == MOODLE["name"] and moodle.registration.is_active


@pytest.mark.parametrize("name", ["platform_list", "platform_new", "tool_values"])
def test_a_learner_may_not_see_the_registration_pages(client, alice, name):
    client.force_login(alice)

    assert client.get(reverse(f"lti:{name}")).status_code == 403


def test_a_learner_may_not_see_or_change_a_registration(client, alice, moodle):
    client.force_login(alice)
    uuid = uuid_of(moodle)

    assert client.get(reverse("lti:platform_detail", args=[uuid])).status_code == 403
    assert client.post(reverse("lti:platform_edit", args=[uuid]), MOODLE).status_code == 403
    assert client.post(reverse("lti:platform_disable", args=[uuid])).status_code == 403
    assert client.post(reverse("lti:platform_new"), MOODLE).status_code == 403
    assert LtiRegistration.objects.count() == 1


def test_a_visitor_is_sent_to_log_in(client, moodle):
    response = client.get(reverse("lti:platform_detail", args=[uuid_of(moodle)]))

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_registrant_turns_it_off_and_on_again(client, charlie, moodle):
    client.force_login(charlie)
    uuid = uuid_of(moodle)

    off = client.post(reverse("lti:platform_disable", args=[uuid]), follow=True)
    moodle.registration.refresh_from_db()
    assert not moodle.registration.is_active
    assert "is off" in page(off) and reverse("lti:platform_enable", args=[uuid]) in page(off)

    client.post(reverse("lti:platform_enable", args=[uuid]))
    moodle.registration.refresh_from_db()
    assert moodle.registration.is_active


def test_a_superuser_changes_a_registration_someone_else_made(client, root, moodle):
    client.force_login(root)

    response = client.post(reverse("lti:platform_edit", args=[uuid_of(moodle)]), {**MOODLE, "name": "By root"})

    assert response.status_code == 302
    moodle.registration.refresh_from_db()
    assert moodle.registration.name == "By root"


# --- the list -------------------------------------------------------------------------------------


def launched_course(platform: Platform, sub: str, instructor) -> None:
    """What a first launch leaves: the LMS user, its course (LinkedCourse) under the registration's deployment."""
    registration = platform.registration
    deployment = registration.deployments.active().first()
    LtiUser.objects.create(registration=registration, sub=sub)
    context = LtiContext.objects.create(deployment=deployment, id_on_platform=f"course-{sub}", title=sub)
    LinkedCourse.objects.create(context=context, course=create_course(instructor, f"Course {sub}"))


def test_the_list_counts_each_registrations_courses_and_people_in_a_fixed_number_of_queries(client, charlie, moodle):
    client.force_login(charlie)
    launched_course(moodle, "first", charlie)

    def list_page():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("lti:platform_list"))
        return response, len(captured)

    one, one_count = list_page()
    for number in range(2):
        other = register(details_of({**MOODLE, "name": f"Other {number}", "client_id": f"c{number}"}), by=charlie)
        launched_course(other, f"other-{number}", charlie)
        launched_course(other, f"more-{number}", charlie)
    three, three_count = list_page()

    row = re.search(rf'<tr data-platform="{uuid_of(moodle)}">(.*?)</tr>', page(one), re.DOTALL).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row, re.DOTALL)
    assert cells[1] == "on" and cells[4:6] == ["1", "1"], cells
    assert "<code>3</code> <code>7</code>" in cells[3]
    assert page(three).count("<tr data-platform=") == 3
    assert three_count == one_count


# --- the command -----------------------------------------------------------------------------------


def run(*args: str) -> str:
    out = StringIO()
    call_command("lti_platform", *args, stdout=out)
    return out.getvalue()


def test_the_command_registers_lists_shows_and_changes_an_lms(db, settings):
    settings.SITE_URL = SITE_URL

    added = run(*CANVAS_ADD)
    platform = Platform.objects.get()
    registration = platform.registration
    listed = run("list")
    shown = run("show", "canvas")
    changed = run("deployments", str(registration.uuid), "--add", "13:other", "--remove", CANVAS_ADD[4].split("=")[1])
    run("disable", "Canvas")
    registration.refresh_from_db()
    disabled = registration.is_active
    run("enable", "Canvas")
    registration.refresh_from_db()

    assert f"Registered Canvas ({registration.uuid})" in added
    assert registration.issuer == "https://canvas.instructure.com" and registration.client_id == "10000000000042"
    assert platform.registered_by is None
    assert platform.origins() == [
        "https://canvas.instructure.com",
        "https://school.instructure.com",
        "https://sso.canvaslms.com",
    ]
    assert f"{registration.uuid}  on   Canvas  issuer https://canvas.instructure.com" in listed
    for line in (
        f"  Login initiation URL (OpenID Connect): {SITE_URL}{reverse('lti:login')}",
        f"  Login initiation URL for this registration only: {SITE_URL}"
        + reverse("lti:login_for", args=[registration.uuid]),
        f"  Public key set URL (JWKS): {SITE_URL}{reverse('lti:jwks')}",
        f"  Redirect URI(s): {SITE_URL}{reverse('lti:launch')}",
        "    https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
    ):
        assert line in shown.splitlines(), shown
    assert "Deployment: 12:8865aa05b4b79b64a91a86042e43af5ea8ae79eb (on)" in shown
    assert "active deployments 13:other" in changed and active_ids(platform) == {"13:other"}
    assert disabled is False and registration.is_active is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [a for a in CANVAS_ADD if not a.startswith("--deployment-id")],
            "--deployment-id: Give at least one deployment ID",
        ),
        ([a for a in CANVAS_ADD if not a.startswith("--issuer")], "--issuer: Issuer is required."),
        (
            [*CANVAS_ADD[:-1], "--frame-origin=school.instructure.com"],
            "--frame-origin: Frame origin must be a full URL",
        ),
        (["show", "Blackboard"], "No LMS is registered as “Blackboard”"),
        (["deployments", "Canvas"], "Say what to change: --add ID and/or --remove ID."),
    ],
    ids=["no-deployment", "no-issuer", "bad-origin", "unknown-lms", "nothing-to-change"],
)
def test_the_command_refuses_bad_input_saying_why(db, args, message):
    with pytest.raises(CommandError) as refused:
        run(*args)

    assert message in str(refused.value)


def test_the_command_refuses_a_second_registration_of_the_same_client(db):
    run(*CANVAS_ADD)

    with pytest.raises(CommandError) as refused:
        run(*CANVAS_ADD)

    assert (
        "--client-id: Issuer https://canvas.instructure.com with client ID 10000000000042 is already registered as “Canvas”"
        in str(refused.value)
    )
    assert "--name: A registration is already named “Canvas”" in str(refused.value)
    assert LtiRegistration.objects.count() == 1


def test_the_command_will_not_remove_an_unknown_or_the_last_deployment(db):
    run(*CANVAS_ADD)
    only = CANVAS_ADD[4].split("=")[1]

    with pytest.raises(CommandError) as unknown:
        run("deployments", "Canvas", "--remove", "99")
    with pytest.raises(CommandError) as last:
        run("deployments", "Canvas", "--remove", only)

    assert "Canvas has no active deployment “99”." in str(unknown.value)
    assert "Canvas would have no deployment left: turn it off instead." in str(last.value)
    assert active_ids(Platform.objects.get()) == {only}


def test_the_command_activates_a_deployment_an_lms_launched_from_unregistered(db):
    run(*CANVAS_ADD)
    registration = LtiRegistration.objects.get()
    LtiDeployment.objects.create(registration=registration, deployment_id="seen-in-a-launch", is_active=False)

    run("deployments", "Canvas", "--add", "seen-in-a-launch")

    assert LtiDeployment.objects.get(deployment_id="seen-in-a-launch").is_active


def test_manage_py_exits_non_zero_with_the_reason_on_stderr(db, settings):
    """The real command line, on the test database: a refusal is exit status 1 and a message, no traceback."""
    require_service(connection.vendor == "postgresql", "PostgreSQL (the command runs in another process)")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DATABASE_URL": worker_database_url(),
        "DEBUG": "false",
        "PLAIN_HTTP": "true",
        "SECRET_KEY": "a-test-secret-key-long-enough-for-django-checks-0123456789",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,  # a server broker: its Redis is the shared cache
    }
    bad_keyset = [
        a if not a.startswith("--keyset-url") else "--keyset-url=http://lms.example.edu/jwks" for a in CANVAS_ADD
    ]

    result = subprocess.run(
        [sys.executable, "manage.py", "lti_platform", *bad_keyset],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 1, result.stdout + result.stderr
    assert "--keyset-url: Key set URL must start with https://" in result.stderr
    assert "Traceback" not in result.stderr


# --- the values to paste into the LMS -------------------------------------------------------------


def tool_value(text: str, key: str) -> str:
    single = re.search(rf'<input type="text" id="tool-{key}" name="{key}" value="([^"]*)" readonly', text)
    multi = re.search(rf'<textarea id="tool-{key}"[^>]*readonly[^>]*>(.*?)</textarea>', text, re.DOTALL)
    found = single or multi
    assert found, f"no read-only value {key}"
    assert f'<label for="tool-{key}">' in text, f"{key} has no label"
    return html.unescape(found.group(1))


def test_the_values_page_gives_unrolls_urls_on_the_site_url_not_the_requests_host(client, charlie, settings):
    settings.SITE_URL = SITE_URL + "/"
    settings.ALLOWED_HOSTS = ["10.0.0.5"]  # the address a proxy reaches Unroll at, not the one LMSes use
    client.force_login(charlie)

    text = page(client.get(reverse("lti:tool_values"), HTTP_HOST="10.0.0.5:8000", SERVER_NAME="10.0.0.5"))

    assert tool_value(text, "login") == SITE_URL + reverse("lti:login")
    assert tool_value(text, "launch") == SITE_URL + reverse("lti:launch")
    assert tool_value(text, "redirect_uris") == SITE_URL + reverse("lti:launch")
    assert tool_value(text, "deep_linking") == SITE_URL + reverse("lti:launch")
    assert tool_value(text, "jwks") == SITE_URL + reverse("lti:jwks")
    assert tool_value(text, "domain") == "unroll.example.edu"
    assert tool_value(text, "custom") == "unroll=exercise:<slug>"
    assert tool_value(text, "scopes").split() == [
        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
        "https://purl.imsglobal.org/spec/lti-ags/scope/score",
        "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
        "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
    ]
    assert "LtiDeepLinkingRequest" in tool_value(text, "placements")
    assert "10.0.0.5" not in text
    assert 'id="tool-login_for"' not in text, "no registration yet: no login URL of its own"


def test_a_registrations_page_adds_its_own_login_url(client, dana, moodle, settings):
    settings.SITE_URL = SITE_URL
    client.force_login(dana)

    text = page(client.get(reverse("lti:platform_detail", args=[uuid_of(moodle)])))

    assert tool_value(text, "login_for") == SITE_URL + reverse("lti:login_for", args=[moodle.registration.uuid])
    assert tool_value(text, "jwks") == SITE_URL + reverse("lti:jwks")
    assert "<code>3</code>" in text and "<code>https://moodle.example.edu</code>" in text


def test_the_registration_form_shows_the_values_to_paste_first(client, charlie, settings):
    settings.SITE_URL = SITE_URL
    client.force_login(charlie)

    text = page(client.get(reverse("lti:platform_new")))

    assert tool_value(text, "launch") == SITE_URL + reverse("lti:launch")


# --- frames: the registered LMSes' pages, and nobody else ----------------------------------------------


def frame_headers(client, destination: str = "iframe") -> tuple[str, str | None]:
    """What a page loaded into a frame is answered (browsers name the frame in Sec-Fetch-Dest)."""
    response = client.get(reverse("login"), headers={"Sec-Fetch-Dest": destination})
    ancestors = re.search(r"frame-ancestors ([^;]*)", response["Content-Security-Policy"]).group(1).strip()
    return ancestors, response.headers.get("X-Frame-Options")


def test_pages_may_be_framed_by_the_registered_lmses_pages_only_while_a_registration_is_on(client, charlie):
    before = frame_headers(client)
    client.force_login(charlie)
    register_through_form(client, frame_origins="https://courses.example.edu")
    client.logout()
    registered = frame_headers(client)
    client.force_login(charlie)
    client.post(reverse("lti:platform_disable", args=[uuid_of(Platform.objects.get())]))
    client.logout()
    turned_off = frame_headers(client)

    assert before == ("'none'", "DENY")
    assert registered == ("https://courses.example.edu https://moodle.example.edu", None)
    assert turned_off == ("'none'", "DENY")


def test_a_page_not_loaded_into_a_frame_keeps_refusing_frames(client, charlie):
    client.force_login(charlie)
    register_through_form(client, frame_origins="https://courses.example.edu")
    client.logout()

    assert frame_headers(client, destination="document") == ("'none'", "DENY")


# --- Unroll's keys, and their rotation ---------------------------------------------------------------


def published_kids(client) -> list[str]:
    response = client.get(reverse("lti:jwks"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return sorted(key["kid"] for key in json.loads(response.content)["keys"])


def rotate_keys() -> str:
    """django-lti's command, as the README's monthly job runs it."""
    out = StringIO()
    call_command("rotate_keys", "--deactivate-after", "30", stdout=out)
    return out.getvalue()


def test_rotating_keys_publishes_the_new_beside_the_old_signs_with_the_new_then_retires_the_old(
    client, charlie, moodle
):
    (first,) = published_kids(client)

    rotate_keys()
    second_key = Key.objects.latest()
    second = str(second_key)
    after_rotation = published_kids(client)
    signing = moodle.registration.to_registration().get_tool_private_key()
    Key.objects.exclude(pk=second_key.pk).update(datetime_created=timezone.now() - timedelta(days=31))
    rotate_keys()
    third = str(Key.objects.latest())
    after_retirement = published_kids(client)
    client.force_login(charlie)
    listed = page(client.get(reverse("lti:platform_list")))

    assert after_rotation == sorted([first, second])
    assert signing == second_key.private_key
    assert after_retirement == sorted([second, third])
    assert re.search(rf'data-kid="{re.escape(third)}">.*?signs, published', listed, re.DOTALL)
    assert re.search(rf'data-kid="{re.escape(second)}">.*?<td>published</td>', listed, re.DOTALL)
    assert re.search(rf'data-kid="{re.escape(first)}">.*?<td>retired</td>', listed, re.DOTALL)
