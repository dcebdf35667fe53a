"""New usernames cannot look like another's: NFKC first, then ASCII letters, digits, '.', '_', '-' only,
unique ignoring case; each refusal names the character or rule, and the form keeps what was typed."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

SIGNUP = reverse("signup")


def sign_up(client, username: str):
    form = {
        "username": username,
        "email": "new@example.com",
        "password1": "a-long-pass-42",
        "password2": "a-long-pass-42",
    }
    return client.post(SIGNUP, form)


@pytest.fixture
def instructor(db):
    return User.objects.create_user("instructor", "i@example.com", "instructor-pass-1", is_staff=True)


@pytest.mark.parametrize(
    ("username", "named"),
    [
        ("instructor\u0456", "'і' (U+0456)"),  # Cyrillic і
        ("\u0456nstructor", "'і' (U+0456)"),
        ("instructоr", "'о' (U+043E)"),  # Cyrillic о
        ("ınstructor", "'ı' (U+0131)"),  # dotless i
        ("groot wood", "' ' (U+0020)"),
        ("élève", "'é' (U+00E9)"),
    ],
)
def test_look_alike_and_other_script_letters_are_refused_by_name(client, instructor, username, named):
    response = sign_up(client, username)
    assert response.status_code == 200
    errors = response.context["form"].errors["username"]
    assert any(named in error for error in errors), errors
    assert response.context["form"]["username"].value() == username  # nothing typed is lost
    assert not User.objects.filter(email="new@example.com").exists()


@pytest.mark.parametrize(
    "username", ["Instructor", "INSTRUCTOR", "ｉｎｓｔｒｕｃｔｏｒ"]
)  # the last: fullwidth, NFKC → ASCII
def test_a_name_that_differs_only_in_case_or_width_is_taken(client, instructor, username):
    response = sign_up(client, username)
    assert "This username is taken" in " ".join(response.context["form"].errors["username"])


def test_a_fullwidth_name_is_stored_in_its_plain_form(client, db):
    sign_up(client, "ｇｒｏｏｔ")
    assert User.objects.filter(username="groot").exists()


@pytest.mark.parametrize("username", ["ab", "a" * 31])
def test_length_is_said(client, db, username):
    errors = sign_up(client, username).context["form"].errors["username"]
    assert any("3 to 30 characters" in error for error in errors), errors


def test_the_rule_is_shown_before_anyone_breaks_it(client, db):
    assert "3 to 30 characters: letters a–z, digits" in client.get(SIGNUP).content.decode()
