"""`/` for a visitor: what Unroll is, the published exercises (each leading to its page once logged in), and
Log in / Sign up. A signed-in user still goes on to the exercise list."""

import html
import re

import pytest
from django.urls import reverse

from unroll.catalog.models import Exercise


def rows_of(page: str) -> list[str]:
    return re.findall(r'<tr data-slug="([^"]+)">', page)


def test_a_visitor_reads_what_unroll_is_and_every_published_exercise(client, exercises):
    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Unroll is a place to practise Keras recurrent layers" in page
    published = list(Exercise.objects.published().in_order())
    assert rows_of(page) == [exercise.slug for exercise in published] and len(published) >= 5
    first = published[0]
    assert f'<a href="{first.get_absolute_url()}">{first.title}</a>' in html.unescape(page)
    assert f"<td>{first.topic}</td>" in page
    assert f'href="{reverse("login")}"' in page and f'href="{reverse("signup")}"' in page


def test_an_unpublished_exercise_is_not_listed(client, exercises):
    hidden = exercises["stacked-rnn"]
    Exercise.objects.filter(pk=hidden.pk).update(is_published=False)

    page = client.get("/").content.decode()

    assert hidden.slug not in rows_of(page)
    assert hidden.title not in html.unescape(page) and hidden.get_absolute_url() not in page
    assert "single-output" in rows_of(page)


def test_an_exercise_link_leads_a_visitor_to_log_in_then_to_the_exercise(client, alice, exercises):
    url = exercises["single-output"].get_absolute_url()

    to_login = client.get(url)

    assert to_login.status_code == 302 and to_login.url.startswith(reverse("login"))
    response = client.post(to_login.url, {"username": "alice", "password": "alice-password-1"})
    assert response.status_code == 302 and response.url == url


@pytest.mark.parametrize("persona", ["alice", "charlie"])
def test_a_signed_in_user_goes_on_to_the_exercise_list(client, persona, request):
    client.force_login(request.getfixturevalue(persona))

    response = client.get("/")

    assert response.status_code == 302 and response.url == reverse("catalog:exercise_list")


def test_the_landing_page_works_with_nothing_published(client, db):
    page = client.get("/").content.decode()

    assert "No exercise is published yet." in page
