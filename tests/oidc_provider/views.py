"""What the test provider says about each person: the claims of the person list it was
started with (serve.py), as ID-porten or Entra ID would put them in the ID token."""

import json
import os

from oauth2_provider.oauth2_validators import OAuth2Validator


def _people() -> dict:
    path = os.environ.get("OIDC_PROVIDER_PEOPLE")
    if not path:
        return {}
    with open(path, encoding="utf-8") as people:
        return {person["username"]: person for person in json.load(people)}


class ClaimsValidator(OAuth2Validator):
    # None: every claim goes into the ID token and userinfo whatever scope was asked for,
    # as ID-porten gives pid and acr in the ID token.
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        person = _people().get(request.user.get_username(), {})
        return dict(person.get("claims", {}))
