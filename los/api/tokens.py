"""Personal API keys for staff (docs/api.md): made only in a session confirmed with the code
from the authenticator app, stored as a digest, scoped to reading or to reading and writing,
expiring, revocable, and listed on the owner's security page."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from los.access.policy import is_staff_user
from los.accounts.mfa import has_authenticator_app
from los.accounts.models import User
from los.api.models import ApiToken, Scope

KEY_PREFIX = "los_"
LIFETIMES_DAYS = (7, 30, 90)
# How often the «last used» time is written: not on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=5)


def digest_of(key: str) -> str:
    # The key is 256 random bits: a plain hash cannot be brute-forced, and needs no pepper.
    return hashlib.sha256(key.encode()).hexdigest()


def session_has_mfa(request) -> bool:
    """The user confirmed this session with the code from their authenticator app."""
    from allauth.account.authentication import get_authentication_records

    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def may_make_keys(user) -> bool:
    return is_staff_user(user) and not hasattr(user, "participant")


def token_create(request, *, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """Make a key for the signed-in staff member; returns the row and the key, which is
    never shown again."""
    user = request.user
    if not may_make_keys(user):
        raise PermissionDenied
    if not session_has_mfa(request):
        raise ValidationError(
            _("Logg inn med koden fra autentiseringsappen før du lager en API-nøkkel.")
        )
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Gi nøkkelen et navn, så du kjenner den igjen.")})
    if scope not in Scope.values:
        raise ValidationError({"scope": _("Velg hva nøkkelen gir tilgang til.")})
    if days not in LIFETIMES_DAYS:
        raise ValidationError({"days": _("Velg hvor lenge nøkkelen skal gjelde.")})
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=key[:12],
        digest=digest_of(key),
        scope=scope,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return token, key


def token_revoke(user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).first()
    if token is None:
        raise ValidationError(_("Nøkkelen finnes ikke eller er allerede trukket tilbake."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def tokens_of(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user))


def authenticate(key: str) -> ApiToken | None:
    """The valid key's row, with its user; None for a key that is unknown, expired or
    revoked, or whose owner is no longer active staff."""
    if not key.startswith(KEY_PREFIX):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.filter(digest=digest_of(key), revoked_at__isnull=True, expires_at__gt=now)
        .select_related("user")
        .first()
    )
    if token is None or not token.user.is_active or not may_make_keys(token.user):
        return None
    if not has_authenticator_app(token.user):
        # A key was made after the code; it stops when the owner no longer has the app.
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
