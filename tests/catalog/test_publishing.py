"""Instructors take an exercise offline and put it back; learners can do neither."""

import pytest
from django.urls import reverse


def set_published(client, slug: str, published: bool):
    return client.post(reverse("catalog:set_published", args=[slug]), {"published": "1" if published else "0"})


def test_an_unpublished_exercise_disappears_for_learners_and_comes_back(client, alice, charlie, exercises):
    client.force_login(charlie)
    exercises["stacked-rnn"].authors.add(charlie)  # its author
    assert set_published(client, "stacked-rnn", False).status_code == 302
    client.force_login(alice)
    assert 'data-slug="stacked-rnn"' not in client.get(reverse("catalog:exercise_list")).content.decode()
    assert client.get(reverse("catalog:exercise_detail", args=["stacked-rnn"])).status_code == 404

    client.force_login(charlie)
    set_published(client, "stacked-rnn", True)
    client.force_login(alice)
    assert client.get(reverse("catalog:exercise_detail", args=["stacked-rnn"])).status_code == 200


def test_the_manage_page_lists_every_exercise_with_its_state_and_version(client, charlie, exercises):
    client.force_login(charlie)
    exercises["stacked-rnn"].authors.add(charlie)  # its author
    set_published(client, "stacked-rnn", False)
    page = client.get(reverse("catalog:authoring_list")).content.decode()
    row = page[page.index('data-slug="stacked-rnn"') :].split("</tr>")[0]
    assert "Unpublished" in row and "v1" in row and "Publish</button>" in row
    assert all(f'data-slug="{slug}"' in page for slug in exercises)


@pytest.mark.parametrize("url_name", ["catalog:authoring_list", "catalog:set_published", "catalog:export"])
def test_learners_get_403_on_every_authoring_url(client, alice, exercises, url_name):
    client.force_login(alice)
    args = [] if url_name == "catalog:authoring_list" else ["stacked-rnn"]
    response = client.post(reverse(url_name, args=args), {"published": "0"})
    assert response.status_code == 403


def test_publishing_needs_a_post(client, charlie, exercises):
    client.force_login(charlie)
    assert client.get(reverse("catalog:set_published", args=["stacked-rnn"])).status_code == 405
