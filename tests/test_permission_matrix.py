"""The permission matrix: every URL pattern of the site × seven personas × GET and POST, against the access
policy written out below (EXPECTED), one row per URL name.

The patterns are read from the URL conf, not listed by hand: a pattern with no row in EXPECTED fails
`test_every_url_pattern_has_a_row` with its name, and so does a row whose pattern is gone. Django's own
admin (the "admin" namespace) is left out: Django tests it, and it lets only superusers in.

The personas and the objects the URLs name are built once for the module (tests/matrix_data.py says who is
who); each request runs in a savepoint that is rolled back, so a POST that changes something (a discarded
draft, a course left) leaves the world as it was for the next cell.

What a response means (`outcome`):
- LOGIN ("login"): a redirect to the login page that carries `?next=` (the "log in first" of
  login_required), or 401 from the JSON endpoints (their "log in again"). Only for anonymous visitors.
- OK ("ok"): any other 2xx or 3xx: the view let the person in and did its work (a redirect after a POST,
  a form shown again with its errors; logging out, which lands on the login page without `next`).
- BAD ("bad input"): 400: the view let the person in and refused the empty body as bad input.
- NO ("no such method"): 405: the URL does not offer that method (checked after the guard before it
  in the decorators, so a person the guard refuses gets the refusal instead).
- DENY ("forbidden"): 403: the person is known and may not (a learner on an instructors' page,
  an instructor on an item he is not an author of).
- HIDE ("hidden"): 404: the site does not say the thing exists to this person (another learner's
  work, a course one does not teach or did not join).
Anything else (a 500, a 429) is reported as "HTTP <status>" and matches no row.

POSTs are sent with an empty body, and without a CSRF token (the test client does not check it).
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import parse_qs, urlparse

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from matrix_data import PERSONAS, World, build_world

OK, BAD, NO, LOGIN, DENY, HIDE = "ok", "bad input", "no such method", "login", "forbidden", "hidden"

# Rows that many URLs share, in the order of PERSONAS:
#         anonymous learner other_learner other_instructor course_instructor author superuser
EVERYONE = (OK, OK, OK, OK, OK, OK, OK)
SIGNED_IN = (LOGIN, OK, OK, OK, OK, OK, OK)  # any account
STAFF = (LOGIN, DENY, DENY, OK, OK, OK, OK)  # any instructor
AUTHORS = (LOGIN, DENY, DENY, DENY, DENY, OK, OK)  # the item's authors and superusers
TEACHERS = (LOGIN, DENY, DENY, HIDE, OK, HIDE, OK)  # the course's instructors and superusers
LEARNERS_WORK = (LOGIN, OK, HIDE, HIDE, OK, HIDE, OK)  # the learner, the course's instructors, superusers
OWN_ONLY = (LOGIN, OK, HIDE, HIDE, HIDE, HIDE, HIDE)  # the learner alone
NOT_FOR_ANYONE = (NO, NO, NO, NO, NO, NO, NO)  # the method is not offered, to anyone
SIGNED_IN_NO = (LOGIN, NO, NO, NO, NO, NO, NO)  # log in first; then the method is not offered
STAFF_NO = (LOGIN, DENY, DENY, NO, NO, NO, NO)  # instructors only; then the method is not offered
SIGNED_IN_BAD = (LOGIN, BAD, BAD, BAD, BAD, BAD, BAD)  # any account; the empty body is refused
STAFF_BAD = (LOGIN, DENY, DENY, BAD, BAD, BAD, BAD)
AUTHORS_BAD = (LOGIN, DENY, DENY, DENY, DENY, BAD, BAD)
STAFF_BUT_HIDDEN = (LOGIN, DENY, DENY, HIDE, HIDE, HIDE, HIDE)  # an instructors' page, of nothing there is


@dataclass(frozen=True)
class Case:
    """The URL's arguments, taken from the world, and the outcome for each persona for GET and for POST."""

    kwargs: Callable[[World], dict]
    get: tuple
    post: tuple

    def __post_init__(self):
        assert len(self.get) == len(self.post) == len(PERSONAS), "a row has one outcome per persona"


def row(kwargs: Callable[[World], dict], get: tuple, post: tuple) -> list[Case]:
    return [Case(kwargs, get, post)]


# --- the URLs' arguments, from the world -----------------------------------------------------------


def nothing(world: World) -> dict:
    return {}


def exercise(world: World) -> dict:
    return {"slug": world.exercise.slug}


def quiz(world: World) -> dict:
    return {"slug": world.quiz.slug}


def exercise_draft(world: World) -> dict:
    return {"pk": world.exercise_draft.pk}


def quiz_draft(world: World) -> dict:
    return {"pk": world.quiz_draft.pk}


def new_exercise_draft(world: World) -> dict:
    return {"pk": world.new_exercise_draft.pk}


def new_quiz_draft(world: World) -> dict:
    return {"pk": world.new_quiz_draft.pk}


def learners_submission(world: World) -> dict:
    return {"pk": world.submission.pk}


def other_learners_submission(world: World) -> dict:
    return {"pk": world.other_submission.pk}


def learners_run(world: World) -> dict:
    return {"pk": world.run.pk}


def learners_attempt(world: World) -> dict:
    return {"pk": world.attempt.pk}


def learners_attempt_number(world: World) -> dict:
    return {"slug": world.quiz.slug, "number": world.attempt.number}


def course(world: World) -> dict:
    return {"pk": world.course.pk}


def course_item(world: World) -> dict:
    return {"pk": world.course.pk, "item_pk": world.exercise_item.pk}


def another_courses_item(world: World) -> dict:
    """The course's pk with the item of another course: no course's instructor reaches it through this one."""
    return {"pk": world.course.pk, "item_pk": world.other_item.pk}


def course_learner(world: World) -> dict:
    return {"pk": world.course.pk, "learner_pk": world.user("learner").pk}


def not_the_courses_learner(world: World) -> dict:
    return {"pk": world.course.pk, "learner_pk": world.user("other_learner").pk}


def course_item_learner(world: World) -> dict:
    return {**course_item(world), "learner_pk": world.user("learner").pk}


def another_courses_item_learner(world: World) -> dict:
    return {**another_courses_item(world), "learner_pk": world.user("learner").pk}


def course_instructor(world: World) -> dict:
    return {"pk": world.course.pk, "user_pk": world.user("course_instructor").pk}


def not_the_courses_instructor(world: World) -> dict:
    return {"pk": world.course.pk, "user_pk": world.user("other_instructor").pk}


def learners_reset_link(world: World) -> dict:
    learner = world.user("learner")
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(learner.pk)),
        "token": default_token_generator.make_token(learner),
    }


def exercise_image(world: World) -> dict:
    from unroll.catalog.images import short_hash

    name, data = next(iter(world.exercise.images.items()))
    return {"slug": world.exercise.slug, "digest": short_hash(data), "name": PurePosixPath(name).name}


def learners_confirmation_link(world: World) -> dict:
    """The token the site mails to confirm a new address of the learner's."""
    from unroll.accounts.email_confirmation import SALT

    return {"token": signing.dumps({"user": world.user("learner").pk, "email": "learner@new.example.com"}, salt=SALT)}


def oidc_provider(world: World) -> dict:
    """Single sign-on: the OpenID Connect provider id of .env.example (none is configured in the tests)."""
    return {"provider_id": "sso"}


def saml_organization(world: World) -> dict:
    return {"organization_slug": "institution"}


NO_PROVIDER = (HIDE,) * 7  # a single sign-on URL of a provider the site does not have


def on_both_drafts(drafts: tuple, get: tuple, post: tuple) -> list[Case]:
    """The same row for a draft of the item (its authors') and a draft of a new item (its writer's)."""
    return [Case(draft, get, post) for draft in drafts]


def authoring_rows(item: Callable, drafts: tuple, job_route: str, noun: str) -> dict:
    """The shared authoring views (unroll.content.authoring), the same policy for exercises and quizzes.
    `drafts`: the author's draft of the item, and his draft of a new item."""
    namespace = "catalog" if noun == "exercise" else "quizzes"
    return {
        f"{namespace}:authoring_list": row(nothing, get=STAFF, post=STAFF),
        f"{namespace}:new_{noun}": row(nothing, get=STAFF, post=STAFF_BAD),  # the empty form is refused
        f"{namespace}:draft": on_both_drafts(drafts, get=AUTHORS, post=AUTHORS_BAD),
        # The job's state is read-only: require_GET answers a POST before the draft is looked up.
        f"{namespace}:draft_{job_route}": on_both_drafts(drafts, get=AUTHORS, post=STAFF_NO),
        # Published, or sent back to its page saying why not (never proven): a redirect either way.
        f"{namespace}:publish_draft": on_both_drafts(drafts, get=STAFF_NO, post=AUTHORS),
        f"{namespace}:discard_draft": on_both_drafts(drafts, get=STAFF_NO, post=AUTHORS),
        f"{namespace}:edit_{noun}": row(item, get=STAFF_NO, post=AUTHORS),
        # Any instructor may read an item (its folder), duplicate it and teach with it.
        f"{namespace}:export": row(item, get=STAFF, post=STAFF),
        # An empty body asks to unpublish; the item stays published while a course uses it (a redirect).
        f"{namespace}:set_published": row(item, get=STAFF_NO, post=AUTHORS),
        f"{namespace}:duplicate": row(item, get=STAFF_NO, post=STAFF),
        # Its authors and audit log; a POST (no username) says what is missing.
        f"{namespace}:authors": row(item, get=AUTHORS, post=AUTHORS),
    }


def on_items(get: tuple, post: tuple) -> list[Case]:
    """The course's own item, as `get` and `post` say; another course's item under its URL: hidden to all."""
    return [Case(course_item, get, post), Case(another_courses_item, get, STAFF_BUT_HIDDEN)]


# --- LTI 1.3: what an LMS calls (launch_views, deep_linking) and registering LMSes (platforms.py) -----
REGISTRANT = (LOGIN, DENY, DENY, DENY, OK, DENY, OK)  # the instructor who registered the LMS, and superusers
REGISTRANT_BAD = (LOGIN, DENY, DENY, DENY, BAD, DENY, BAD)
LMS_NAME = "The matrix's LMS"


def lms_platform(world: World):
    """An LMS the course's instructor registered; made on first use, inside the test's own transaction."""
    from unroll.lti.models import Platform
    from unroll.lti.registrations import PlatformDetails, register

    return Platform.objects.filter(registration__name=LMS_NAME).first() or register(
        PlatformDetails(
            name=LMS_NAME,
            issuer="https://lms.example.edu",
            client_id="matrix",
            deployment_ids=["1"],
            keyset_url="https://lms.example.edu/jwks",
            auth_url="https://lms.example.edu/auth",
            token_url="https://lms.example.edu/token",
        ),
        by=world.user("course_instructor"),
    )


def lms_registration(world: World) -> dict:
    return {"uuid": lms_platform(world).registration.uuid}


def lms_login(world: World) -> dict:
    return {"registration_uuid": lms_platform(world).registration.uuid}


LTI_ROWS: dict[str, list[Case]] = {
    "lti:jwks": row(nothing, get=EVERYONE, post=EVERYONE),  # Unroll's public keys, for any LMS
    # Login initiation answers first with the page that tries a cookie (launch_views.cookie_check), to everyone;
    # that page's next step, without the LMS's parameters, is refused (tests/lti/ covers it).
    "lti:login": row(nothing, get=EVERYONE, post=EVERYONE),
    "lti:login_for": row(lms_login, get=EVERYONE, post=EVERYONE),
    # A launch is the LMS's POST of a signed id_token: without one, refused to everyone.
    "lti:launch": row(nothing, get=NOT_FOR_ANYONE, post=(DENY,) * 7),
    # The deep linking picker needs a deep linking launch in the session: none here.
    "lti:deep_link": row(nothing, get=(LOGIN, *(DENY,) * 6), post=(LOGIN, *(DENY,) * 6)),
    # Every instructor reads the registrations; only the registrant or a superuser changes one.
    "lti:platform_list": row(nothing, get=STAFF, post=STAFF_NO),
    "lti:platform_new": row(nothing, get=STAFF, post=STAFF_BAD),  # the empty form: refused
    "lti:tool_values": row(nothing, get=STAFF, post=STAFF_NO),
    "lti:platform_detail": row(lms_registration, get=STAFF, post=STAFF_NO),
    "lti:platform_edit": row(lms_registration, get=REGISTRANT, post=REGISTRANT_BAD),
    "lti:platform_disable": row(lms_registration, get=STAFF_NO, post=REGISTRANT),
    "lti:platform_enable": row(lms_registration, get=STAFF_NO, post=REGISTRANT),
}


# --- LTI 1.3 Names and Roles: the roster's Sync button (roster_views.py) ---------------------------


def lms_linked_course(world: World) -> dict:
    """The course, linked to an LMS course of the matrix's LMS (which offers no roster: the sync says so)."""
    from lti_tool.models import LtiContext

    from unroll.lti.models import LinkedCourse

    deployment = lms_platform(world).registration.deployments.first()
    context, _ = LtiContext.objects.get_or_create(deployment=deployment, id_on_platform="matrix-course")
    LinkedCourse.objects.get_or_create(course=world.course, defaults={"context": context})
    return {"pk": world.course.pk}


ROSTER_ROWS: dict[str, list[Case]] = {
    # POST only; a course without an LMS has no roster (404 to all); a linked one's instructors are sent back
    # to its manage page with the outcome (here: the LMS offers no roster).
    "lti:roster_sync": [
        Case(course, get=STAFF_NO, post=STAFF_BUT_HIDDEN),
        Case(lms_linked_course, get=STAFF_NO, post=TEACHERS),
    ],
}


# The site's access policy: for each URL name, its arguments and who gets what, for GET then POST.
# An unnamed pattern is keyed by its route.
EXPECTED: dict[str, list[Case]] = {
    **LTI_ROWS,  # LTI 1.3 (above)
    **ROSTER_ROWS,  # LTI 1.3 Names and Roles (above)
    # --- public pages and accounts (Django's auth views behind the site's throttles)
    "home": row(nothing, get=EVERYONE, post=EVERYONE),  # a signed-in person is sent on to the exercises
    "favicon.ico": row(nothing, get=EVERYONE, post=EVERYONE),
    "signup": row(nothing, get=EVERYONE, post=EVERYONE),  # the empty form again; signed in: sent on
    "login": row(nothing, get=EVERYONE, post=EVERYONE),
    "logout": row(nothing, get=NOT_FOR_ANYONE, post=EVERYONE),  # POST only (Django 5)
    # The link is the proof (mailed to the address): whoever opens it confirms it, then is sent on.
    "confirm_email": row(learners_confirmation_link, get=EVERYONE, post=NOT_FOR_ANYONE),
    "account": row(nothing, get=SIGNED_IN, post=SIGNED_IN),  # one's own; the empty form again
    "password_change": row(nothing, get=SIGNED_IN, post=SIGNED_IN),
    "password_change_done": row(nothing, get=SIGNED_IN, post=SIGNED_IN_NO),
    "password_reset": row(nothing, get=EVERYONE, post=EVERYONE),
    "password_reset_done": row(nothing, get=EVERYONE, post=NOT_FOR_ANYONE),
    # The token in the link is swapped for the session's, whoever follows it (a redirect).
    "password_reset_confirm": row(learners_reset_link, get=EVERYONE, post=EVERYONE),
    "password_reset_complete": row(nothing, get=EVERYONE, post=NOT_FOR_ANYONE),
    # --- exercises: authoring (instructors), the learner's pages
    **authoring_rows(exercise, (exercise_draft, new_exercise_draft), "proof", "exercise"),
    "catalog:preview_statement": row(nothing, get=STAFF_NO, post=STAFF),
    "catalog:exercise_list": row(nothing, get=SIGNED_IN, post=SIGNED_IN),
    "catalog:exercise_detail": row(exercise, get=SIGNED_IN, post=SIGNED_IN),
    "catalog:exercise_image": row(exercise_image, get=SIGNED_IN, post=SIGNED_IN_NO),
    "catalog:exercise_figure": row(exercise, get=SIGNED_IN, post=SIGNED_IN),  # each one's own variant
    "submissions:submit": row(exercise, get=SIGNED_IN_NO, post=SIGNED_IN_BAD),  # no code: refused
    "submissions:run": row(exercise, get=SIGNED_IN_NO, post=SIGNED_IN_BAD),
    "progress:next_hint": row(exercise, get=SIGNED_IN_NO, post=SIGNED_IN),  # each one's own hints
    # --- a learner's work: the learner, the instructors of a course of his holding the item, superusers
    "submissions:detail": [
        Case(learners_submission, get=LEARNERS_WORK, post=SIGNED_IN_NO),
        # other_learner is in the other course: its instructor reads his work, the course's does not.
        Case(other_learners_submission, get=(LOGIN, HIDE, OK, OK, HIDE, HIDE, OK), post=SIGNED_IN_NO),
    ],
    "submissions:status": [
        Case(learners_submission, get=LEARNERS_WORK, post=SIGNED_IN_NO),
        Case(other_learners_submission, get=(LOGIN, HIDE, OK, OK, HIDE, HIDE, OK), post=SIGNED_IN_NO),
    ],
    # A run is a scratch pad, not work to read: its learner's alone, staff and superusers included.
    "submissions:run_status": row(learners_run, get=OWN_ONLY, post=SIGNED_IN_NO),
    # --- quizzes: authoring (instructors), the learner's pages
    **authoring_rows(quiz, (quiz_draft, new_quiz_draft), "status", "quiz"),
    "quizzes:quiz_list": row(nothing, get=SIGNED_IN, post=SIGNED_IN),
    "quizzes:quiz_detail": row(quiz, get=SIGNED_IN, post=SIGNED_IN_BAD),  # unanswered questions: refused
    # An attempt's result page is its learner's; others who may read it have the review page.
    "quizzes:attempt_result": row(learners_attempt_number, get=OWN_ONLY, post=OWN_ONLY),
    # The learner himself is sent on to his result page (a redirect).
    "quizzes:attempt_review": row(learners_attempt, get=LEARNERS_WORK, post=LEARNERS_WORK),
    # --- courses: everyone's list and joining, the learner's dashboard, the instructors' pages
    "courses:course_list": row(nothing, get=SIGNED_IN, post=SIGNED_IN),
    "courses:new_course": row(nothing, get=STAFF, post=STAFF),  # the empty form again
    "courses:join": row(nothing, get=SIGNED_IN_NO, post=SIGNED_IN),  # no code: said so (a redirect)
    "courses:dashboard": row(course, get=LEARNERS_WORK, post=LEARNERS_WORK),  # joined or taught
    "courses:leave": row(course, get=SIGNED_IN_NO, post=OWN_ONLY),  # only one who joined it leaves it
    "courses:manage": row(course, get=TEACHERS, post=TEACHERS),
    "courses:add_item": row(course, get=STAFF_NO, post=TEACHERS),
    # An item is reached through its own course only: the other course's item under this course's URL is
    # no item of it, even to a superuser.
    "courses:set_item_dates": on_items(STAFF_NO, TEACHERS),
    "courses:move_item": on_items(STAFF_NO, TEACHERS),
    "courses:remove_item": on_items(STAFF_NO, TEACHERS),
    "courses:add_instructor": row(course, get=STAFF_NO, post=TEACHERS),
    "courses:remove_instructor": [
        Case(course_instructor, get=STAFF_NO, post=TEACHERS),
        Case(not_the_courses_instructor, get=STAFF_NO, post=STAFF_BUT_HIDDEN),
    ],
    "courses:regenerate_code": row(course, get=STAFF_NO, post=TEACHERS),
    "courses:gradebook": row(course, get=TEACHERS, post=TEACHERS),
    "courses:gradebook_csv": row(course, get=TEACHERS, post=TEACHERS),
    "courses:statistics": row(course, get=TEACHERS, post=TEACHERS),
    "courses:learner": [
        Case(course_learner, get=TEACHERS, post=TEACHERS),
        # Someone who did not join the course is not one of its learners, even to a superuser.
        Case(not_the_courses_learner, get=STAFF_BUT_HIDDEN, post=STAFF_BUT_HIDDEN),
    ],
    "courses:override_score": [
        Case(course_item_learner, get=STAFF_NO, post=TEACHERS),
        Case(another_courses_item_learner, get=STAFF_NO, post=STAFF_BUT_HIDDEN),
    ],
    # Over the courses one teaches (a superuser: everyone's).
    "progress:class_progress": row(nothing, get=STAFF, post=STAFF),
    # --- single sign-on (django-allauth's provider URLs under accounts/sso/): no provider is configured
    # here, so each answers 404 to everyone, but SAML's ACS, which only parks the IdP's POST in the session
    # and redirects to acs/finish/ (that one then finds no provider). tests/sso/ covers configured ones.
    "openid_connect_login": row(oidc_provider, get=NO_PROVIDER, post=NO_PROVIDER),
    "openid_connect_callback": row(oidc_provider, get=NO_PROVIDER, post=NO_PROVIDER),
    "saml_acs": row(saml_organization, get=EVERYONE, post=EVERYONE),
    "saml_finish_acs": row(saml_organization, get=NO_PROVIDER, post=NO_PROVIDER),
    "saml_sls": row(saml_organization, get=NO_PROVIDER, post=NO_PROVIDER),
    "saml_metadata": row(saml_organization, get=NO_PROVIDER, post=NO_PROVIDER),
    "saml_login": row(saml_organization, get=NO_PROVIDER, post=NO_PROVIDER),
}

MATRIX_CELLS = sum(len(cases) for cases in EXPECTED.values()) * len(PERSONAS) * 2


# --- the URL conf, walked ---------------------------------------------------------------------------


def url_patterns(resolver=None, prefix: str = "", namespace: str = ""):
    """(key, full route) of every pattern: the key is the namespaced name, or the route when unnamed."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin: Django tests it (superusers only), see the module's docstring
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from url_patterns(pattern, joined(prefix, pattern), inner)
        else:
            route = joined(prefix, pattern)
            name = ":".join(part for part in (namespace, pattern.name) if part) if pattern.name else ""
            yield name or route, route


def joined(prefix: str, pattern) -> str:
    """The route as Django's resolve() reports it: a regex's leading '^' is dropped after a prefix
    (allauth's provider URLs are re_path()s inside accounts/sso/)."""
    route = str(pattern.pattern)
    return prefix + (route[1:] if prefix and route.startswith("^") else route)


def site_routes() -> tuple[dict[str, str], list[str]]:
    """{key: route} and the names given to two different routes (each must be told apart)."""
    routes, clashes = {}, []
    for key, route in url_patterns():
        if key in routes and routes[key] != route:
            clashes.append(f"{key}: {routes[key]} and {route}")
        # The same name and route twice: django.contrib.auth.urls repeats "login" and "password_reset"
        # after the throttled ones of unroll/accounts/urls.py; the first answers, the second is never reached.
        routes.setdefault(key, route)
    return routes, clashes


def url_of(key: str, route: str, kwargs: dict) -> str:
    return reverse(key, kwargs=kwargs) if key != route else "/" + route


# --- one request, classified ------------------------------------------------------------------------


def outcome(response) -> str:
    status = response.status_code
    if status == 401 or asks_to_log_in(response):
        return LOGIN
    if status < 400:
        return OK
    return {400: BAD, 403: DENY, 404: HIDE, 405: NO}.get(status, f"HTTP {status}")


def asks_to_log_in(response) -> bool:
    if response.status_code not in (301, 302, 303, 307, 308):
        return False
    target = urlparse(response["Location"])
    return target.path == resolve_url(settings.LOGIN_URL) and "next" in parse_qs(target.query)


def outcome_for(world: World, persona: str, method: str, url: str) -> str:
    """One cell: the request as the persona, in a savepoint rolled back after it (the world stays as built)."""
    with transaction.atomic():
        cache.clear()  # no throttle counts what earlier cells sent from 127.0.0.1
        client = Client(raise_request_exception=False)
        user = world.user(persona)
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        response = getattr(client, method)(url)
        transaction.set_rollback(True)
    return outcome(response)


# --- the tests --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, in a transaction rolled back after its last test (each test's own
    transaction, pytest-django's, is a savepoint inside it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)


def test_every_url_pattern_has_a_row():
    routes, clashes = site_routes()
    missing = sorted(set(routes) - set(EXPECTED))
    gone = sorted(set(EXPECTED) - set(routes))
    problems = [f"no row in EXPECTED for {key} ({routes[key]})" for key in missing]
    problems += [f"a row in EXPECTED for {key}, which is no longer a URL pattern" for key in gone]
    problems += [f"one name for two routes: {clash}" for clash in clashes]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_who_gets_what(key, world, db):
    route = site_routes()[0].get(key)
    assert route is not None, f"{key} is no longer a URL pattern"
    mismatches = []
    for case in EXPECTED[key]:
        url = url_of(key, route, case.kwargs(world))
        assert resolve(url).route == route, f"{url} reaches {resolve(url).route}, not {route}: a pattern shadows it"
        for method, expected in (("get", case.get), ("post", case.post)):
            for persona, wanted in zip(PERSONAS, expected):
                got = outcome_for(world, persona, method, url)
                if got != wanted:
                    mismatches.append(f"{method.upper()} {url} as {persona}: expected {wanted}, got {got}")
    assert not mismatches, f"{len(mismatches)} cells of {key} differ from the policy:\n" + "\n".join(mismatches)
