"""Launches from a real LTI 1.3 platform (the test LMS, lti1p3platform in its own process): real signed
id_tokens, real HTTP. A launch signs the LMS user in to their own account (found by issuer and `sub`), in
the Unroll course of the LMS course, with the LMS role, on the page the link names; every kind of bad
launch is refused with a page that says why and a log line."""

import logging

import pytest
from django.contrib.auth.models import User
from tool_setup import register_with

from support import published_quiz
from unroll.courses.models import Course, Enrollment
from unroll.lti.models import LinkedCourse, LinkedItem

pytestmark = pytest.mark.django_db(transaction=True)

LEARNER = {"user_id": "lms-learner-1", "name": "Ada Lovelace", "email": "ada@uni.example", "roles": "Learner"}
TEACHER = {"user_id": "lms-teacher-1", "name": "Alan Turing", "email": "alan@uni.example", "roles": "Instructor"}
COURSE = {"context_id": "course-42", "context_title": "Recurrent networks 101"}


@pytest.fixture
def lms(test_lms, live_server, exercises):
    registered = register_with(test_lms, live_server.url)
    test_lms.unroll = registered
    return test_lms


def launch(lms, person: dict, target="exercise:multiple-output", link="link-1", due_at=None, **extra):
    """Launch as `person` from the LMS course into `target`; answers Unroll's last response (redirects followed)."""
    custom = {"unroll": target} if target else {}
    if due_at:
        custom["due_at"] = due_at
    form = lms.launch_form(**person, **COURSE, resource_link_id=link, custom=custom or None, **extra)
    return form.submit(), form


def test_a_learners_first_launch_creates_their_account_course_and_enrollment(lms):
    response, _ = launch(lms, LEARNER)

    assert response.status_code == 200, response.text[:500]
    assert response.url.endswith("/exercises/multiple-output/")
    assert "Ada" in response.text or "ada" in response.text  # signed in: the page names the account
    user = User.objects.get(lti_users__sub="lms-learner-1")
    assert user.email == "ada@uni.example" and not user.has_usable_password() and not user.is_staff
    course = LinkedCourse.objects.get(context__id_on_platform="course-42").course
    assert course.title == "Recurrent networks 101"
    assert Enrollment.objects.filter(course=course, learner=user).exists()
    assert LinkedItem.objects.get(resource_link__id_on_platform="link-1").course_item.exercise.slug == (
        "multiple-output"
    )


def test_later_launches_find_the_account_by_the_lms_id_not_by_email(lms):
    launch(lms, LEARNER)
    response, _ = launch(lms, {**LEARNER, "email": "ada.new@uni.example", "name": "Ada King"})

    assert response.status_code == 200
    assert User.objects.filter(lti_users__sub="lms-learner-1").count() == 1
    assert Course.objects.count() == 1


def test_an_lms_email_never_takes_over_a_local_account(lms, alice):
    # Another LMS user claims alice's address: they get an account of their own, not alice's.
    response, _ = launch(lms, {"user_id": "someone-else", "name": "Mallory", "email": alice.email, "roles": "Learner"})

    assert response.status_code == 200
    launched = User.objects.get(lti_users__sub="someone-else")
    assert launched != alice
    alice.refresh_from_db()
    assert alice.check_password("alice-password-1")


def test_an_instructor_launch_makes_them_an_instructor_of_the_course(lms):
    response, _ = launch(lms, TEACHER, target="gradebook", link="gradebook-link")

    assert response.status_code == 200, response.text[:500]
    teacher = User.objects.get(lti_users__sub="lms-teacher-1")
    course = LinkedCourse.objects.get(context__id_on_platform="course-42").course
    assert teacher.is_staff and course.instructors.filter(pk=teacher.pk).exists()
    assert response.url.endswith(f"/courses/{course.pk}/gradebook/")


def test_a_link_to_a_quiz_opens_the_quiz_and_takes_the_lms_due_date(lms):
    quiz = published_quiz()
    response, _ = launch(lms, LEARNER, target=f"quiz:{quiz.slug}", link="quiz-link")
    assert response.status_code == 200 and response.url.endswith(f"/quizzes/{quiz.slug}/"), response.text[:500]

    launch(lms, LEARNER, target=f"quiz:{quiz.slug}", link="quiz-link", due_at="2031-01-02T03:04:00Z")

    item = LinkedItem.objects.get(resource_link__id_on_platform="quiz-link").course_item
    assert item.quiz == quiz and item.due_at.isoformat() == "2031-01-02T03:04:00+00:00"


def test_a_launch_without_a_target_opens_the_course(lms):
    response, _ = launch(lms, LEARNER, target=None)

    course = LinkedCourse.objects.get().course
    assert response.status_code == 200 and response.url.endswith(f"/courses/{course.pk}/")


def test_the_lms_pages_may_frame_unroll_and_nobody_else(lms):
    response, form = launch(lms, LEARNER)
    response = form.session.get(response.url, headers={"Sec-Fetch-Dest": "iframe"})  # as a browser's frame asks

    policy = response.headers["Content-Security-Policy"]
    assert f"frame-ancestors {lms.base_url}" in policy
    assert "X-Frame-Options" not in response.headers


REFUSALS = [
    ("expired", "The launch could not be verified"),
    ("forged", "The launch could not be verified"),
    ("wrong-audience", "The launch could not be verified"),
    ("unknown-issuer", "The launch could not be verified"),
    ("unknown-deployment", "is not registered with Unroll"),
]


@pytest.mark.parametrize("tamper,reason", REFUSALS)
def test_a_bad_launch_is_refused_with_a_page_and_a_log_line(lms, tamper, reason, caplog):
    caplog.set_level(logging.WARNING, logger="unroll.lti")
    response, _ = launch(lms, LEARNER, tamper=tamper)

    assert response.status_code in (400, 403), response.text[:500]
    assert reason in response.text
    assert any("LTI launch refused" in record.getMessage() for record in caplog.records)
    assert not User.objects.filter(lti_users__sub="lms-learner-1", lti_users__auth_user__isnull=False).exists()
    assert "sessionid" not in response.cookies


def test_a_replayed_launch_is_refused(lms, caplog):
    caplog.set_level(logging.WARNING, logger="unroll.lti")
    first, form = launch(lms, LEARNER)
    assert first.status_code == 200

    again = form.submit()

    assert again.status_code == 403
    assert "already used" in again.text
    assert any("already used" in record.getMessage() for record in caplog.records)


def test_a_learner_launch_into_an_instructors_resource_is_refused(lms, caplog):
    caplog.set_level(logging.WARNING, logger="unroll.lti")
    response, _ = launch(lms, LEARNER, target="gradebook", link="gradebook-link")

    assert response.status_code == 403
    assert "is for the course" in response.text
    assert not Enrollment.objects.exists()


def test_a_learner_cannot_open_deep_linking(lms):
    form = lms.launch_form(**LEARNER, **COURSE, message="deeplink")

    response = form.submit()

    assert response.status_code == 403
    assert "Only the course" in response.text


def test_an_unknown_target_is_refused_with_what_the_link_should_say(lms):
    response, _ = launch(lms, LEARNER, target="exercise:no-such-exercise")

    assert response.status_code == 404
    assert "no published exercise" in response.text


def test_a_platform_key_rotated_by_the_lms_is_fetched_again(lms):
    assert launch(lms, LEARNER)[0].status_code == 200
    rotated = lms.rotate_key()
    assert rotated["kid"] != rotated["old_kid"]

    response, _ = launch(lms, LEARNER)

    assert response.status_code == 200, response.text[:500]


def test_deep_linking_two_items_makes_two_graded_lms_assignments(lms):
    form = lms.launch_form(**TEACHER, **COURSE, message="deeplink")
    picker = form.submit()
    assert picker.status_code == 200 and "Add Unroll exercises and quizzes" in picker.text, picker.text[:500]
    token = form.session.cookies.get("csrftoken")

    returned = form.session.post(
        picker.url,
        data={"picks": ["exercise:multiple-output", "exercise:stacked-rnn"], "due_at": "2031-05-01T12:00"},
        headers={"X-CSRFToken": token, "Referer": picker.url},
    )
    assert returned.status_code == 200, returned.text[:800]
    action, fields = form_in(returned.text)
    assert action == lms.deep_link_return_url
    assert "form-action" in returned.headers["Content-Security-Policy"]
    assert lms.base_url in returned.headers["Content-Security-Policy"]
    at_lms = form.session.post(action, data=fields)
    assert at_lms.status_code == 200, at_lms.text[:500]

    (received,) = lms.deep_links()
    items = received["content_items"]
    assert [item["custom"]["unroll"] for item in items] == ["exercise:multiple-output", "exercise:stacked-rnn"]
    assert all(item["lineItem"]["scoreMaximum"] == 100 for item in items)
    labels = {item["label"] for item in lms.lineitems()}
    assert len(labels) == 2
    course = LinkedCourse.objects.get().course
    assert [item.exercise.slug for item in course.items.in_order()] == ["multiple-output", "stacked-rnn"]
    assert all(item.due_at.year == 2031 for item in course.items.all())


def form_in(html: str) -> tuple[str, dict]:
    """The auto-submitting form's action and fields (the page's other forms, such as Log out, aside)."""
    import re
    from html import unescape

    form = re.search(r'<form[^>]*action="([^"]+)"[^>]*data-auto-submit[^>]*>(.*?)</form>', html, re.S)
    assert form, html[:800]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(2)))
    return unescape(form.group(1)), fields
