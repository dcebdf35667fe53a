"""Inside an LMS's iframe Unroll is a third-party site: over HTTPS its session and CSRF cookies are
SameSite=None (with Secure), or browsers would not send them in the frame; over plain HTTP, or when the
operator turns it off, they stay Lax."""

import pytest
from test_settings import load_settings

PRINT_COOKIES = (
    "import unroll.settings as s; "
    "print(s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
)


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, "None None True True"),  # production: HTTPS
        ({"LTI_FRAMED_COOKIES": "false"}, "Lax Lax True True"),
        ({"PLAIN_HTTP": "true"}, "Lax Lax False False"),  # SameSite=None without Secure is refused by browsers
    ],
)
def test_cookies_for_a_site_shown_in_an_lms_frame(env, expected):
    loaded = load_settings(PRINT_COOKIES, **env)

    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == expected
