"""National sign-in with OpenID Connect: ID-porten for participants, the organisation's own
identity provider (Entra ID or any OIDC) for staff. The rules are in docs/sign-in.md.

allauth runs the authorization code flow with PKCE and state; this module adds what allauth's
OpenID Connect provider leaves out and what Los decides itself:

- a **nonce** in every authorization request, checked against the ID token on return;
- the **level of assurance** (`acr`) ID-porten vouches for, refused below the level the
  settings require, and recorded in a `SignIn` row;
- **who the person is**: a participant by the national identity number (`pid`) found through
  the keyed digest, never by a stored link; staff by the address their own directory vouches
  for. Nobody is created or linked: an unknown person is refused, and no `SocialAccount` row
  is ever stored, so the national id never lands in allauth's tables;
- **the staff MFA rule still holds**: the login goes through allauth's login stages, so a staff
  member with an authenticator app is asked for a code, and one without is sent to set it up
  (los/accounts/middleware.py).
"""

from __future__ import annotations

import hmac
import logging
import secrets

from allauth.account.utils import perform_login
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.conf import settings
from django.shortcuts import render

from los.access.policy import staff_roles_of
from los.accounts.models import SignIn, User
from los.core import crypto
from los.participants.models import Participant

log = logging.getLogger(__name__)

# The provider ids Los knows (los/accounts/oidc_settings.py): who each may sign in.
PARTICIPANT_PROVIDER = "idporten"
STAFF_PROVIDER = "staff"
SESSION_ASSURANCE = "los_sign_in_assurance"


class LosOIDCProvider(OpenIDConnectProvider):
    """allauth's OpenID Connect provider with a nonce: a fresh random value is sent in the
    authorization request and kept in the login state, and the ID token must carry it back
    (OpenID Connect Core 1.0, 3.1.2.1 and 3.1.3.7), so a token taken from another login
    cannot be replayed into this one."""

    # allauth finds the provider's URLs and views by its package: they stay allauth's own.
    package = "allauth.socialaccount.providers.openid_connect"
    # Only the browser flow: no endpoint takes a bare ID token from a client.
    supports_token_authentication = False

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        auth_params["nonce"] = nonce
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )


class Refusal(Exception):
    """A sign-in that must not go on; the reason is for the log, never for the page."""


def _id_token(sociallogin) -> dict:
    return sociallogin.account.extra_data.get("id_token") or {}


def check_nonce(sociallogin) -> None:
    expected = sociallogin.state.get("nonce")
    returned = _id_token(sociallogin).get("nonce")
    if not expected or not returned:
        raise Refusal("nonce missing")
    if not hmac.compare_digest(str(expected).encode(), str(returned).encode()):
        raise Refusal("nonce not the one sent")


def check_assurance(id_token: dict) -> str:
    """The level ID-porten vouches for must be one the settings accept (LOS_OIDC_IDPORTEN_ACR);
    participant data is health data, and the default accepts only the highest level."""
    acr = str(id_token.get("acr") or "")
    if acr not in settings.LOS_OIDC_IDPORTEN_ACR:
        raise Refusal(f"level of assurance {acr!r} not accepted")
    return acr


def participant_user(claims: dict) -> User:
    """The participant whose national identity number ID-porten gives (`pid`), found by the
    keyed digest the record keeps; only a participant with an active login."""
    pid = str(claims.get("pid") or "").strip()
    if not (pid.isdigit() and len(pid) == 11):
        raise Refusal("no national identity number in the token")
    participant = (
        Participant.objects.filter(national_id_digest=crypto.lookup_digest(pid))
        .select_related("user")
        .first()
    )
    if participant is None or participant.user is None or not participant.user.is_active:
        raise Refusal("no participant with a login for this national identity number")
    return participant.user


def staff_user_for(claims: dict) -> User:
    """The staff member whose address the organisation's own directory vouches for. A directory
    that says the address is not verified is not trusted, nor an address outside the domains
    LOS_OIDC_STAFF_EMAIL_DOMAINS lists; a participant's account is never reached this way, and
    neither is an account without a working role (an administrator signs in with password
    and code)."""
    email = str(claims.get("email") or "").strip()
    if not email or claims.get("email_verified") is False:
        raise Refusal("no verified e-mail address in the token")
    domains = settings.LOS_OIDC_STAFF_EMAIL_DOMAINS
    if domains and email.rpartition("@")[2].lower() not in domains:
        raise Refusal("an address outside the organisation's domains")
    users = list(User.objects.filter(email__iexact=email, is_active=True)[:2])
    if len(users) != 1:
        raise Refusal("no single staff account for this address")
    user = users[0]
    if hasattr(user, "participant") or not staff_roles_of(user):
        raise Refusal("no staff account with a working role for this address")
    return user


def claims_of(sociallogin) -> dict:
    """The ID token's claims, with what userinfo adds only when userinfo is about the same
    person (the same `sub`, OpenID Connect Core 5.3.4); the ID token wins where both say."""
    id_token = _id_token(sociallogin)
    userinfo = sociallogin.account.extra_data.get("userinfo") or {}
    if userinfo.get("sub") != id_token.get("sub"):
        userinfo = {}
    return {**userinfo, **id_token}


class LosSocialAccountAdapter(DefaultSocialAccountAdapter):
    """Every OpenID Connect return ends here: either the person is signed in to the account
    the rules find, or the sign-in is refused. Nothing is stored by allauth."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        provider_id = sociallogin.account.provider
        try:
            if sociallogin.state.get("process") != "login":
                raise Refusal("only sign-in; accounts are never connected")
            check_nonce(sociallogin)
            id_token = _id_token(sociallogin)
            if provider_id == PARTICIPANT_PROVIDER:
                # ID-porten puts pid and acr in the ID token; nothing else is read for them.
                acr = check_assurance(id_token)
                user = participant_user(id_token)
            elif provider_id == STAFF_PROVIDER:
                acr = str(id_token.get("acr") or "")
                user = staff_user_for(claims_of(sociallogin))
            else:
                raise Refusal(f"unknown provider {provider_id!r}")
        except Refusal as refusal:
            log.warning("OIDC sign-in refused (%s): %s", provider_id, refusal)
            raise ImmediateHttpResponse(
                render(request, "account/oidc_refused.html", status=403)
            ) from refusal
        # The SignIn row is written when the login completes (record_sign_in), which for
        # staff is after the code from the authenticator app, not here.
        response = perform_login(
            request,
            user,
            redirect_url=sociallogin.get_redirect_url(request) or None,
            signal_kwargs={"los_sign_in": {"method": provider_id, "assurance": acr[:64]}},
        )
        raise ImmediateHttpResponse(response)


def record_sign_in(sender, request, user, los_sign_in=None, **kwargs) -> None:
    """Receiver of allauth's user_logged_in: one SignIn row per completed login, with how the
    person signed in and the level of assurance an identity provider vouched for. The level
    is kept in the session too, for rules that will ask for it."""
    method = (los_sign_in or {}).get("method", SignIn.PASSWORD)
    assurance = (los_sign_in or {}).get("assurance", "")
    SignIn.objects.create(user=user, method=method, assurance=assurance)
    request.session[SESSION_ASSURANCE] = assurance
