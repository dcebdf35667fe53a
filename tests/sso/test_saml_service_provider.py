"""SAML, as far as Unroll's side goes without an identity provider: the service provider's metadata names the
configured entity id and ACS URL, and its sign-in sends the browser to the IdP with a request saying so.
(A whole sign-in, with the test playing the IdP: test_saml_sign_in.py.)"""

import base64
import zlib
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.test import Client
from lxml import etree

ENTITY_ID = "https://unroll.example/saml"
IDP_SSO_URL = "https://idp.uni.example/sso"
MD = "urn:oasis:names:tc:SAML:2.0:metadata"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"


def self_signed_certificate() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.uni.example")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    return "".join(line for line in pem.splitlines() if "CERTIFICATE" not in line)


@pytest.fixture
def saml(settings):
    """SOCIALACCOUNT_PROVIDERS as settings.py builds it from SAML_IDP_SSO_URL, SAML_ENTITY_ID and friends."""
    app = {
        "provider_id": "saml",
        "name": "Uni SAML",
        "client_id": "uni",
        "settings": {
            "idp": {
                "entity_id": "https://idp.uni.example",
                "sso_url": IDP_SSO_URL,
                "x509cert": self_signed_certificate(),
            },
            "sp": {"entity_id": ENTITY_ID},
            "verified_email": False,
            "advanced": {"want_assertion_signed": True, "reject_idp_initiated_sso": True},
        },
    }
    settings.SOCIALACCOUNT_PROVIDERS = {"saml": {"APPS": [app]}}
    settings.ALLOWED_HOSTS = ["unroll.example"]
    # python3-saml refuses one-label host names ("testserver") in the SP's URLs.
    return Client(HTTP_HOST="unroll.example")


@pytest.mark.django_db
def test_the_metadata_names_the_configured_entity_id_and_the_acs_url(saml):
    answer = saml.get("/accounts/sso/saml/uni/metadata/")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/xml")
    metadata = etree.fromstring(answer.content)
    assert metadata.tag == f"{{{MD}}}EntityDescriptor"
    assert metadata.get("entityID") == ENTITY_ID
    acs = metadata.find(f".//{{{MD}}}AssertionConsumerService")
    assert acs.get("Location") == "http://unroll.example/accounts/sso/saml/uni/acs/"
    assert metadata.find(f".//{{{MD}}}SPSSODescriptor").get("WantAssertionsSigned") == "true"


@pytest.mark.django_db
def test_an_unknown_organisation_has_no_metadata(saml):
    assert saml.get("/accounts/sso/saml/elsewhere/metadata/").status_code == 404


@pytest.mark.django_db
def test_the_login_page_button_sends_the_browser_to_the_idp_with_an_authn_request(saml):
    page = saml.get("/accounts/login/").content.decode()
    assert "Sign in with Uni SAML" in page
    sent = saml.post("/accounts/sso/saml/uni/login/")
    assert sent.status_code == 302
    target = urlparse(sent["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == IDP_SSO_URL
    request = etree.fromstring(zlib.decompress(base64.b64decode(parse_qs(target.query)["SAMLRequest"][0]), -15))
    assert request.find(f"{{{SAML}}}Issuer").text == ENTITY_ID
    assert request.get("AssertionConsumerServiceURL") == "http://unroll.example/accounts/sso/saml/uni/acs/"
