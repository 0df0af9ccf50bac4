"""Staff authenticator secrets, encrypted at rest.

allauth keeps in `mfa_authenticator.data` what generates a staff member's codes: the TOTP
`secret`, the recovery codes' `seed` and, for codes brought over from django-otp, the
`migrated_codes` themselves. Whoever reads them (a database dump, a read-only database
account) can log in as that person with only the password. allauth passes each of them
through the MFA adapter's `encrypt`/`decrypt`; Los's adapter seals them with the same
rotatable Fernet keys as the national ids (`los.core.crypto`, FIELD_ENCRYPTION_KEYS).

A sealed value is `fernet:` followed by the Fernet token. The prefix is what tells a sealed
value from one stored in clear before this existed (migration 0002) and lets the migration
and `rotate_keys` leave sealed values alone. A value without it is refused, not used: the
migration sealed every stored one, so a clear value is a fault to see, not to work around.
"""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.adapter import DefaultMFAAdapter

from los.core import crypto

SEALED_PREFIX = "fernet:"


class ClearSecretRefused(ValueError):
    """A stored authenticator secret is not sealed."""


def seal(text: str) -> str:
    return SEALED_PREFIX + crypto.encrypt(text)


def is_sealed(stored: str) -> bool:
    return stored.startswith(SEALED_PREFIX)


def unseal(stored: str) -> str:
    """The clear secret. Raises ClearSecretRefused for a value that is not sealed and
    cryptography's InvalidToken when no key set decrypts it."""
    if not is_sealed(stored):
        raise ClearSecretRefused("an authenticator secret is stored in clear")
    return crypto.decrypt(stored.removeprefix(SEALED_PREFIX))


def sealed_under_current_key(stored: str) -> bool:
    return is_sealed(stored) and crypto.encrypted_under_current_key(
        stored.removeprefix(SEALED_PREFIX)
    )


def reseal(stored: str) -> str:
    """The same secret sealed under the first key; a clear value is sealed."""
    if not is_sealed(stored):
        return seal(stored)
    return SEALED_PREFIX + crypto.reencrypt(stored.removeprefix(SEALED_PREFIX))


def map_secrets(data: dict, change: Callable[[str], str]) -> dict:
    """A copy of an authenticator's `data` with `change` applied to every secret in it, the
    rest (used_mask, viewed_at, timestamps) as it was. The one list of what is secret."""
    data = dict(data)
    for key in ("secret", "seed"):
        if isinstance(data.get(key), str):
            data[key] = change(data[key])
    if isinstance(data.get("migrated_codes"), list):
        data["migrated_codes"] = [change(code) for code in data["migrated_codes"]]
    return data


class LosMFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return seal(text)

    def decrypt(self, encrypted_text: str) -> str:
        return unseal(encrypted_text)


def has_authenticator_app(user) -> bool:
    """The user has a TOTP authenticator: what the staff MFA rule asks of every staff
    member (los/accounts/middleware.py), and what an API key needs to stay valid."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
