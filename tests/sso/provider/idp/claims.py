"""The claims this provider gives: e-mail, whether it is verified (membership of the group below), name."""

from oauth2_provider.oauth2_validators import OAuth2Validator

VERIFIED_GROUP = "email-verified"


class ClaimsValidator(OAuth2Validator):
    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "email_verified": user.groups.filter(name=VERIFIED_GROUP).exists(),
            "name": user.get_full_name() or user.username,
            "preferred_username": user.username,
        }
