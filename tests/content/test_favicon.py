"""The site has an icon: every page links it, and /favicon.ico, which browsers ask for anyway, finds it."""

import re

from django.contrib.staticfiles import finders
from django.urls import reverse


def test_every_page_links_the_icon_and_it_is_served(client, alice):
    for url in ["/", reverse("login"), reverse("signup")]:
        page = client.get(url).content.decode()
        link = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
        assert link, url
        assert client.get(link.group(1)).status_code == 200
    client.force_login(alice)
    assert '<link rel="icon"' in client.get(reverse("catalog:exercise_list")).content.decode()


def test_favicon_ico_answers_200_with_the_icon(client):
    response = client.get("/favicon.ico", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[0][1] == 301  # permanent: a browser asks once
    assert response["Content-Type"].startswith("image/svg+xml")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    with open(finders.find("unroll/favicon.svg"), "rb") as icon:
        assert body == icon.read()
    assert b"<svg" in body
