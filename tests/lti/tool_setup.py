"""Unroll and the test LMS registered with each other, as an administrator would do it on both sides."""

from dataclasses import dataclass

from django.urls import reverse

CLIENT_ID = "unroll-client"
DEPLOYMENT_ID = "deployment-1"


@dataclass(frozen=True)
class Registered:
    registration: object  # lti_tool.models.LtiRegistration
    site_url: str  # Unroll's live server

    def url(self, name: str) -> str:
        return f"{self.site_url}{reverse(name)}"


def register_with(test_lms, site_url: str, deployment_id: str = DEPLOYMENT_ID) -> Registered:
    """Register the test LMS in Unroll (issuer, client id, deployment, its endpoints) and Unroll in the LMS."""
    from lti_tool.models import LtiDeployment, LtiRegistration

    from unroll.lti.models import Platform

    test_lms.reset()
    test_lms.register_tool(
        client_id=CLIENT_ID,
        deployment_id=deployment_id,
        login_url=f"{site_url}{reverse('lti:login')}",
        launch_url=f"{site_url}{reverse('lti:launch')}",
        jwks_url=f"{site_url}{reverse('lti:jwks')}",
    )
    registration = LtiRegistration.objects.create(
        name="Test LMS",
        issuer=test_lms.issuer,
        client_id=CLIENT_ID,
        auth_url=test_lms.auth_url,
        token_url=test_lms.token_url,
        keyset_url=test_lms.jwks_url,
    )
    LtiDeployment.objects.create(registration=registration, deployment_id=deployment_id, is_active=True)
    Platform.objects.create(registration=registration)
    return Registered(registration, site_url)
