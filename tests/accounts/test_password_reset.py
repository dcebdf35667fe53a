"""Password reset by e-mail: the link arrives, sets a new password once, and says nothing about unknown addresses."""

import re

from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from support import logs_in

RESET = reverse("password_reset")
RESET_DONE = reverse("password_reset_done")
NEW_PASSWORD = "a-fresh-hidden-state-7"
LINK = re.compile(r"https?://[^/\s]+(/accounts/reset/[^/\s]+/[^/\s]+/)")


def reset_link_in(message) -> str:
    found = LINK.search(message.body)
    assert found, f"no reset link in the e-mail:\n{message.body}"
    return found.group(1)


def test_asking_for_a_reset_sends_one_email_with_a_link(client, alice):
    response = client.post(RESET, {"email": "alice@example.com"})

    assert response.status_code == 302
    assert response.url == RESET_DONE
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.com"]
    assert reset_link_in(message).startswith("/accounts/reset/")


def test_the_emailed_link_lets_the_learner_choose_a_new_password_and_log_in_with_it(client, alice):
    client.post(RESET, {"email": "alice@example.com"})
    link = reset_link_in(mail.outbox[0])

    # Django swaps the token for a session value and redirects, so the token never sits in a Referer.
    landing = client.get(link)
    assert landing.status_code == 302
    assert landing.url.endswith("/set-password/")
    form_page = client.get(landing.url)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True

    done = client.post(landing.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.status_code == 302
    assert done.url == reverse("password_reset_complete")
    assert logs_in(client, "alice", NEW_PASSWORD)
    assert not logs_in(client, "alice", "alice-password-1")


def test_the_emailed_link_works_only_once(client, alice):
    client.post(RESET, {"email": "alice@example.com"})
    link = reset_link_in(mail.outbox[0])
    set_password_url = client.get(link).url
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(link, follow=True)

    assert again.context["validlink"] is False
    assert "This link does not work any more" in again.content.decode()


def test_an_unknown_email_sends_nothing_but_shows_the_same_check_your_email_page(client, alice):
    known = client.post(RESET, {"email": "alice@example.com"}, follow=True)
    mail.outbox.clear()

    unknown = client.post(RESET, {"email": "nobody@example.com"}, follow=True)

    assert mail.outbox == []
    assert unknown.redirect_chain == known.redirect_chain == [(RESET_DONE, 302)]
    assert "Check your e-mail" in unknown.content.decode()
    assert client.session.get(SESSION_KEY) is None
