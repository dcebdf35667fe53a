"""Names and Roles against the real test LMS: "Sync roster" fills the linked course with the LMS course's
members (learners enrolled, instructors made instructors), marks who left while keeping their work, runs on
a schedule from the workers' sweeper, and changes nothing when the LMS is down."""

import logging
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from lti_tool.models import LtiMembership
from tool_setup import register_with

from support import graded
from unroll.courses.models import Enrollment
from unroll.lti.models import LinkedCourse
from unroll.submissions.models import Submission
from unroll.submissions.sweeper import sweep

pytestmark = pytest.mark.django_db(transaction=True)

LIS = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
CONTEXT = "course-roster"
TEACHER = {"user_id": "lms-teacher", "name": "Alan Turing", "email": "alan@uni.example", "roles": "Instructor"}


def member(user_id: str, role: str = "Learner", status: str = "Active") -> dict:
    name = user_id.removeprefix("lms-").title()
    return {
        "user_id": user_id,
        "name": name,
        "given_name": name,
        "email": f"{name.lower()}@uni.example",
        "roles": [f"{LIS}{role}"],
        "status": status,
    }


ROSTER = [
    member("lms-teacher", "Instructor"),
    member("lms-ada"),
    member("lms-bob"),
    member("lms-carol", "Instructor"),  # a second instructor who never launched Unroll
    member("lms-dave", status="Inactive"),  # dropped before the sync: no account for him
]


@pytest.fixture
def lms(test_lms, live_server, exercises):
    test_lms.unroll = register_with(test_lms, live_server.url)
    return test_lms


@pytest.fixture
def linked(lms) -> LinkedCourse:
    """The LMS course, linked by its instructor's first launch; its roster then set in the LMS."""
    form = lms.launch_form(**TEACHER, context_id=CONTEXT, context_title="Roster course", custom={"unroll": "course"})
    assert form.submit().status_code == 200
    linked = LinkedCourse.objects.get(context__id_on_platform=CONTEXT)
    # Synced just now as far as any worker's sweeper knows: the tests say when the roster is synced.
    LinkedCourse.objects.filter(pk=linked.pk).update(roster_synced_at=timezone.now())
    lms.set_members(CONTEXT, ROSTER)
    return linked


def sync_as(client, user: User, course) -> tuple[int, list[str]]:
    """Press Sync as `user`: the status of the POST, and the messages the page it leads to shows."""
    client.force_login(user)
    response = client.post(reverse("lti:roster_sync", args=[course.pk]), follow=True)
    status = response.redirect_chain[0][1] if response.redirect_chain else response.status_code
    return status, [str(message) for message in get_messages(response.wsgi_request)]


def account(sub: str) -> User | None:
    return User.objects.filter(lti_users__sub=sub).first()


def test_the_sync_adds_learners_and_instructors(linked, client):
    course = linked.course
    teacher = account("lms-teacher")
    client.force_login(teacher)
    manage = client.get(reverse("courses:manage", args=[course.pk])).content.decode()
    assert 'id="sync-roster"' in manage and "not been synced yet" not in manage  # the button, on a linked course

    status, said = sync_as(client, teacher, course)

    assert status == 302
    assert said == ["Roster synced from the LMS: 3 added, 0 left (4 members in the LMS course)."]
    ada, bob, carol = account("lms-ada"), account("lms-bob"), account("lms-carol")
    assert {e.learner for e in Enrollment.objects.filter(course=course)} == {ada, bob}
    assert set(course.instructors.all()) == {teacher, carol} and carol.is_staff and not ada.is_staff
    assert ada.email == "ada@uni.example" and not ada.has_usable_password()
    assert account("lms-dave") is None or not Enrollment.objects.filter(learner=account("lms-dave")).exists()


def test_a_roster_the_lms_sends_in_pages_is_read_to_its_last_page(lms, linked, client):
    course, teacher = linked.course, account("lms-teacher")
    lms.set_members(CONTEXT, ROSTER, page_size=1)  # one member per page, each naming the next in a Link header

    status, said = sync_as(client, teacher, course)

    assert said == ["Roster synced from the LMS: 3 added, 0 left (4 members in the LMS course)."]
    assert Enrollment.objects.filter(course=course).count() == 2


def test_a_member_gone_from_the_roster_is_marked_left_and_their_work_is_kept(lms, linked, client, exercises):
    course, teacher = linked.course, account("lms-teacher")
    sync_as(client, teacher, course)
    ada = account("lms-ada")
    course.items.create(exercise=exercises["single-output"])
    submission = graded(ada, exercises["single-output"], "accepted", 1.0)

    # Ada is no longer on the LMS's roster; Bob is on it, as Deleted.
    kept = [m for m in ROSTER if m["user_id"] not in ("lms-ada", "lms-bob")]
    lms.set_members(CONTEXT, [*kept, member("lms-bob", status="Deleted")])
    status, said = sync_as(client, teacher, course)

    assert said == ["Roster synced from the LMS: 0 added, 2 left (2 members in the LMS course)."]
    left = LtiMembership.objects.filter(context=linked.context, is_active=False).values_list("user__sub", flat=True)
    assert set(left) >= {"lms-ada", "lms-bob"}
    assert Enrollment.objects.filter(course=course, learner=ada).exists()  # still in the course
    assert Submission.objects.filter(pk=submission.pk).exists()
    page = client.get(reverse("courses:gradebook", args=[course.pk])).content.decode()
    ada_row = re.search(rf'<tr data-learner="{re.escape(ada.username)}">(.*?)</tr>', page, re.S).group(1)
    assert "left the LMS course" in ada_row and "100%" in ada_row  # marked, and her score is still there
    carol_row = re.search(rf'<tr data-learner="{re.escape(account("lms-carol").username)}">(.*?)</tr>', page, re.S)
    assert carol_row is None  # an instructor: no row of the gradebook


def test_the_workers_sweeper_syncs_rosters_that_are_due(linked):
    LinkedCourse.objects.filter(pk=linked.pk).update(roster_synced_at=timezone.now() - timedelta(days=2))

    sweep()

    linked.refresh_from_db()
    assert linked.roster_synced_at > timezone.now() - timedelta(minutes=5)
    assert Enrollment.objects.filter(course=linked.course, learner=account("lms-ada")).exists()


def test_a_roster_synced_recently_is_not_synced_by_the_sweeper(linked):
    sweep()

    assert account("lms-ada") is None  # synced a moment ago (the fixture): not due for LTI_ROSTER_SYNC_MINUTES


def test_with_the_lms_down_the_sync_says_so_and_changes_nothing(lms, linked, client, caplog):
    teacher = account("lms-teacher")
    lms.set_down(True)
    try:
        status, said = sync_as(client, teacher, linked.course)
        assert status == 302
        assert len(said) == 1 and "503" in said[0] and "Nothing was changed" in said[0], said
        assert account("lms-ada") is None

        # The schedule meets the same LMS: logged, the sweep goes on, nothing lost.
        LinkedCourse.objects.filter(pk=linked.pk).update(roster_synced_at=timezone.now() - timedelta(days=2))
        with caplog.at_level(logging.WARNING, logger="unroll.lti.roster"):
            sweep()
        assert any("roster sync" in record.getMessage() and "503" in record.getMessage() for record in caplog.records)
    finally:
        lms.set_down(False)
    linked.refresh_from_db()
    assert linked.roster_synced_at < timezone.now() - timedelta(days=1)  # not recorded as synced
    assert LtiMembership.objects.filter(context=linked.context, is_active=True).count() == 1  # the teacher's


def test_only_the_courses_instructors_may_sync(linked, client, charlie):
    sync_as(client, account("lms-teacher"), linked.course)

    assert sync_as(client, account("lms-ada"), linked.course)[0] == 403  # a learner of the course
    assert sync_as(client, charlie, linked.course)[0] == 404  # an instructor of other courses
