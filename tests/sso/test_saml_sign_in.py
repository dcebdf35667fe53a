"""A whole SAML sign-in without an IdP process: the test plays the identity provider, answering Unroll's
AuthnRequest with a Response whose assertion it signs with the key of the certificate Unroll trusts
(python3-saml's own signing), posted to Unroll's ACS as a browser would. The same adapter as OpenID's
decides who the sign-in is; SAML_EMAIL_VERIFIED stands for the verified flag SAML does not have."""

import base64
import uuid
import zlib
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from allauth.socialaccount.models import SocialAccount
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.contrib.auth import SESSION_KEY
from django.test import Client
from lxml import etree
from onelogin.saml2.utils import OneLogin_Saml2_Utils

SITE = "http://unroll.example"
ENTITY_ID = f"{SITE}/saml"
ACS = f"{SITE}/accounts/sso/saml/uni/acs/"
IDP_ENTITY_ID = "https://idp.uni.example"
EMAIL_ATTRIBUTE = "urn:oid:0.9.2342.19200300.100.1.3"

pytestmark = pytest.mark.django_db


class PlayedIdp:
    """A key and its self-signed certificate, and the Responses signed with them."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.uni.example")])
        now = datetime.now(UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=1))
            .sign(self.key, hashes.SHA256())
        )
        self.certificate_pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
        self.key_pem = self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()

    def certificate(self) -> str:
        return "".join(line for line in self.certificate_pem.splitlines() if "CERTIFICATE" not in line)

    def response(self, in_response_to: str, subject: str, email: str, key_pem: str | None = None) -> str:
        """A Response to Unroll's request, its assertion signed (by `key_pem`, the IdP's own by default)."""
        now = datetime.now(UTC)
        stamp, later = (t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in (now, now + timedelta(minutes=5)))
        assertion = f"""<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_{uuid.uuid4().hex}" Version="2.0" IssueInstant="{stamp}">
<saml:Issuer>{IDP_ENTITY_ID}</saml:Issuer>
<saml:Subject>
<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">{subject}</saml:NameID>
<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
<saml:SubjectConfirmationData NotOnOrAfter="{later}" Recipient="{ACS}" InResponseTo="{in_response_to}"/>
</saml:SubjectConfirmation>
</saml:Subject>
<saml:Conditions NotBefore="{stamp}" NotOnOrAfter="{later}">
<saml:AudienceRestriction><saml:Audience>{ENTITY_ID}</saml:Audience></saml:AudienceRestriction>
</saml:Conditions>
<saml:AuthnStatement AuthnInstant="{stamp}" SessionIndex="_{uuid.uuid4().hex}">
<saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>
</saml:AuthnStatement>
<saml:AttributeStatement>
<saml:Attribute Name="{EMAIL_ATTRIBUTE}"><saml:AttributeValue>{email}</saml:AttributeValue></saml:Attribute>
</saml:AttributeStatement>
</saml:Assertion>"""
        signed = OneLogin_Saml2_Utils.add_sign(assertion, key_pem or self.key_pem, self.certificate_pem)
        signed = signed.decode() if isinstance(signed, bytes) else signed
        signed = signed.split("?>", 1)[-1] if signed.startswith("<?xml") else signed
        return f"""<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_{uuid.uuid4().hex}" Version="2.0" IssueInstant="{stamp}" Destination="{ACS}" InResponseTo="{in_response_to}">
<saml:Issuer>{IDP_ENTITY_ID}</saml:Issuer>
<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
{signed}
</samlp:Response>"""


@pytest.fixture
def idp():
    return PlayedIdp()


@pytest.fixture
def saml_site(idp, settings):
    """Unroll with the test IdP configured, as settings.py builds it from SAML_IDP_SSO_URL and friends."""
    app = {
        "provider_id": "saml",
        "name": "Uni SAML",
        "client_id": "uni",
        "settings": {
            "idp": {"entity_id": IDP_ENTITY_ID, "sso_url": f"{IDP_ENTITY_ID}/sso", "x509cert": idp.certificate()},
            "sp": {"entity_id": ENTITY_ID},
            "verified_email": True,
            "advanced": {"want_assertion_signed": True, "reject_idp_initiated_sso": True},
        },
    }
    settings.SOCIALACCOUNT_PROVIDERS = {"saml": {"APPS": [app]}}
    settings.ALLOWED_HOSTS = ["unroll.example"]
    return app


def sign_in(idp: PlayedIdp, subject: str, email: str, key_pem: str | None = None) -> Client:
    """A browser: Unroll's button, the IdP's answer posted back to the ACS, every redirect followed."""
    browser = Client(HTTP_HOST="unroll.example")
    sent = browser.post("/accounts/sso/saml/uni/login/")
    request = zlib.decompress(base64.b64decode(parse_qs(urlparse(sent["Location"]).query)["SAMLRequest"][0]), -15)
    request_id = etree.fromstring(request).get("ID")
    response = idp.response(request_id, subject, email, key_pem)
    browser.post(
        "/accounts/sso/saml/uni/acs/", {"SAMLResponse": base64.b64encode(response.encode()).decode()}, follow=True
    )
    return browser


def signed_in_as(browser: Client):
    return browser.session.get(SESSION_KEY)


def test_a_saml_sign_in_makes_an_account_found_again_by_its_subject(idp, saml_site):
    browser = sign_in(idp, "subject-ada", "ada@uni.example")
    account = SocialAccount.objects.get(provider="saml", uid="subject-ada").user
    assert str(account.pk) == signed_in_as(browser)
    assert account.email == "ada@uni.example" and account.username == "ada"

    again = sign_in(idp, "subject-ada", "ada.lovelace@uni.example")
    assert signed_in_as(again) == str(account.pk)


def test_an_address_the_operator_vouches_for_joins_the_local_account_that_confirmed_it(idp, saml_site, alice):
    browser = sign_in(idp, "subject-alice", "alice@example.com")
    assert signed_in_as(browser) == str(alice.pk)


def test_without_saml_email_verified_the_address_joins_nobody(idp, saml_site, alice):
    saml_site["settings"]["verified_email"] = False
    browser = sign_in(idp, "subject-mallory", "alice@example.com")
    newcomer = SocialAccount.objects.get(provider="saml", uid="subject-mallory").user
    assert newcomer != alice and signed_in_as(browser) == str(newcomer.pk)
    assert newcomer.email == ""


def test_a_response_signed_by_another_key_signs_nobody_in(idp, saml_site, alice):
    forger = PlayedIdp()
    browser = sign_in(idp, "subject-alice", "alice@example.com", key_pem=forger.key_pem)
    assert signed_in_as(browser) is None
    assert not SocialAccount.objects.exists()
