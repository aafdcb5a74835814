"""Field encryption and blind indexes for the most sensitive data (reporters' identities).

Encryption: Fernet (AES-128-CBC + HMAC-SHA256) through MultiFernet over
settings.FIELD_ENCRYPTION_KEYS; the first key encrypts, every key decrypts, so a key is
rotated by putting the new one first and re-encrypting (`rotate`).

Blind index: HMAC-SHA256 of a normalised value under a key derived (HKDF-SHA256) from the
*last* configured key, so equal values can be matched in SQL without decrypting anything.
The last key is the oldest one still configured: prepending a new encryption key keeps the
blind indexes valid; dropping the oldest key requires recomputing them (`manage.py rotate_keys
--retire-old` re-encrypts under the first key and indexes under it, the one that stays).
"""

import base64
import hashlib
import hmac
import re
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _keys() -> tuple[str, ...]:
    keys = tuple(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is not set.")
    return keys


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def configured_keys() -> tuple[str, ...]:
    """FIELD_ENCRYPTION_KEYS, first (encrypting) key first; refuses an empty configuration."""
    return _keys()


@lru_cache(maxsize=8)
def _single(key: str) -> Fernet:
    return Fernet(key)


def key_of(token: str) -> str:
    """The configured key a token was encrypted with (InvalidToken if none decrypts it)."""
    for key in _keys():
        try:
            _single(key).decrypt(token.encode("ascii"))
        except InvalidToken:
            continue
        return key
    raise InvalidToken


def fingerprint(key: str) -> str:
    """A short public name for a key (for logs and the audit trail); reveals nothing of it."""
    return hashlib.sha256(b"inspection key fingerprint:" + key.encode("ascii")).hexdigest()[:12]


@lru_cache(maxsize=4)
def _blind_key(key: str) -> bytes:
    raw = base64.urlsafe_b64decode(key)
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"inspection blind index v1"
    ).derive(raw)


def encrypt(value: str) -> str:
    """Ciphertext (ASCII) of a text; the empty text stays empty (nothing to hide)."""
    if not value:
        return ""
    return _fernet(_keys()).encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    if not token:
        return ""
    return _fernet(_keys()).decrypt(token.encode("ascii")).decode("utf-8")


def rotate(token: str) -> str:
    """Re-encrypt under the current first key."""
    return _fernet(_keys()).rotate(token.encode("ascii")).decode("ascii") if token else ""


def normalise(value: str) -> str:
    """Full-width to half-width, no spaces or separators, lower case."""
    value = unicodedata.normalize("NFKC", value or "")
    return re.sub(r"[\s\-·.()（）]+", "", value).lower()


def blind_index(value: str, purpose: str, *, key: str | None = None) -> str:
    """Hex HMAC of the normalised value; empty for an empty value (never matches).

    Under the last configured key unless `key` names another (key rotation only).
    """
    value = normalise(value)
    if not value:
        return ""
    message = f"{purpose}:{value}".encode()
    return hmac.new(_blind_key(key or _keys()[-1]), message, hashlib.sha256).hexdigest()


def mask(value: str) -> str:
    """Keep only the first character (names) or the last four (numbers) visible."""
    if not value:
        return ""
    if value[-4:].isdigit() and len(value) > 6:
        return "*" * (len(value) - 4) + value[-4:]
    return value[0] + "*" * max(len(value) - 1, 1)
