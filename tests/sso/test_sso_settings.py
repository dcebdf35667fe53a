"""Single sign-on is configured from the environment only: what settings.py makes of OIDC_* and SAML_*, and
what it refuses."""

import json

from test_settings import load_settings

PRINT_PROVIDERS = "import json, unroll.settings as s; print(json.dumps([s.SOCIALACCOUNT_PROVIDERS, s.LOCAL_PASSWORDS]))"


def loaded(**env):
    done = load_settings(PRINT_PROVIDERS, **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_without_variables_there_is_no_provider_and_passwords_are_on():
    assert loaded() == [{}, True]


def test_the_oidc_variables_make_one_openid_connect_provider():
    providers, _ = loaded(
        OIDC_SERVER_URL="https://login.uni.example/realms/main",
        OIDC_CLIENT_ID="unroll",
        OIDC_CLIENT_SECRET="s3cret",
        OIDC_NAME="Uni login",
    )
    (app,) = providers["openid_connect"]["APPS"]
    assert app == {
        "provider_id": "sso",
        "name": "Uni login",
        "client_id": "unroll",
        "secret": "s3cret",
        "settings": {"server_url": "https://login.uni.example/realms/main", "oauth_pkce_enabled": True},
    }


def test_the_saml_variables_make_one_saml_provider():
    providers, passwords = loaded(
        SAML_IDP_METADATA_URL="https://idp.uni.example/metadata",
        SAML_ENTITY_ID="https://unroll.uni.example/saml",
        SAML_NAME="Uni",
        SAML_ORGANIZATION="uni",
        SAML_EMAIL_VERIFIED="true",
        LOCAL_PASSWORDS="false",
    )
    (app,) = providers["saml"]["APPS"]
    assert app["client_id"] == "uni" and app["name"] == "Uni"
    assert app["settings"]["idp"] == {"metadata_url": "https://idp.uni.example/metadata", "entity_id": None}
    assert app["settings"]["sp"] == {"entity_id": "https://unroll.uni.example/saml"}
    assert app["settings"]["verified_email"] is True
    assert passwords is False


def test_passwords_off_with_no_provider_is_refused():
    done = load_settings(PRINT_PROVIDERS, LOCAL_PASSWORDS="false")
    assert done.returncode != 0 and "LOCAL_PASSWORDS=false leaves no way to sign in" in done.stderr


def test_an_oidc_server_without_a_client_id_is_refused():
    done = load_settings(PRINT_PROVIDERS, OIDC_SERVER_URL="https://login.uni.example")
    assert done.returncode != 0 and "OIDC_CLIENT_ID is not" in done.stderr
