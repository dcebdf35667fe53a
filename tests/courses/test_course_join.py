"""Learners join a course with its code; a bad, unknown or old code gets a clear message."""

import pytest
from django.urls import reverse

from unroll.courses.actions import regenerate_join_code
from unroll.courses.models import Enrollment

JOIN = reverse("courses:join")


def join(client, code: str):
    return client.post(JOIN, {"code": code}, follow=True)


def flash(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_a_learner_joins_with_the_code_whatever_its_case_and_lands_on_the_course(client, bob, course):
    client.force_login(bob)
    typed = f" {course.join_code[:4].lower()}-{course.join_code[4:]} "

    response = join(client, typed)

    assert response.redirect_chain[-1][0] == reverse("courses:dashboard", args=[course.pk])
    assert f"You joined {course.title}" in flash(response)
    assert Enrollment.objects.filter(course=course, learner=bob).exists()


def test_joining_twice_keeps_one_enrollment(client, alice, course):
    client.force_login(alice)

    join(client, course.join_code)

    assert Enrollment.objects.filter(course=course, learner=alice).count() == 1


@pytest.mark.parametrize(
    ("code", "message"), [("", "Type the course code"), ("NOPE1234", "No course has the code 'NOPE1234'")]
)
def test_a_bad_or_unknown_code_says_so_and_joins_nothing(client, bob, course, code, message):
    client.force_login(bob)

    response = join(client, code)

    assert response.redirect_chain[-1][0] == reverse("courses:course_list")
    assert message in flash(response)
    assert not Enrollment.objects.filter(learner=bob).exists()


def test_an_old_code_stops_working_once_regenerated_but_learners_stay_in(client, alice, bob, course):
    old = course.join_code
    regenerate_join_code(course)
    client.force_login(bob)

    response = join(client, old)

    assert "No course has the code" in flash(response)
    assert not Enrollment.objects.filter(learner=bob).exists()
    assert Enrollment.objects.filter(course=course, learner=alice).exists()
    assert join(client, course.join_code).status_code == 200
    assert Enrollment.objects.filter(course=course, learner=bob).exists()


def test_the_course_list_shows_joined_courses_and_a_join_form(client, alice, course, daves_course):
    client.force_login(alice)

    page = client.get(reverse("courses:course_list")).content.decode()

    assert course.title in page and daves_course.title not in page
    assert f'action="{JOIN}"' in page
    assert course.join_code not in page  # the code is the instructors' to give out


def test_an_instructor_lists_the_courses_they_teach_with_their_codes(client, charlie, course, daves_course):
    client.force_login(charlie)

    page = client.get(reverse("courses:course_list")).content.decode()

    assert course.join_code in page
    assert daves_course.title not in page and daves_course.join_code not in page


def test_joining_is_a_post(client, alice):
    client.force_login(alice)

    assert client.get(JOIN).status_code == 405
