"""The SSO tests' fixtures, defined in sso_support (a module of its own name: tests/lti has a conftest
too, and test modules importing "conftest" would get whichever was imported first)."""

from sso_support import browser, provider, sso  # noqa: F401 - fixtures, found by pytest here
