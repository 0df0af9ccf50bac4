"""Encryption and keyed hashing of identifiers that must never be stored in clear."""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt(plaintext: str) -> str:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).decrypt(token.encode()).decode()


def encrypted_under_current_key(token: str) -> bool:
    """Whether the first key (the one that encrypts) decrypts the token, so re-encryption
    can leave it alone."""
    try:
        _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS[:1])).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def reencrypt(token: str) -> str:
    """The same plaintext encrypted under the first key, read with any key set. Raises
    InvalidToken when no key set decrypts it."""
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).rotate(token.encode()).decode()


def lookup_digest(value: str) -> str:
    """A keyed hash that finds a record by an identifier without revealing the identifier.
    Without the key, the 11-digit space is small enough to brute-force; with it, it is not."""
    return hmac.new(settings.LOOKUP_HASH_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def pseudonym(value: str) -> str:
    """A stable pseudonym for evaluators: the same person gets the same code in every export,
    and the code cannot be turned back into the person without the key."""
    digest = hmac.new(settings.PSEUDONYM_KEY.encode(), value.encode(), hashlib.sha256)
    return digest.hexdigest()[:16]
