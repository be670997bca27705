"""Encryption of personal data at rest (AES-256-GCM) and keyed hashes for lookups.

Keys never live in the database: see fukyu/privacy/keys.py (the environment, or a key file
outside the database). The first data key encrypts and every listed key decrypts; the current
blind-index key writes the hashes and, while a rotation is under way, lookups try every listed
blind-index key (`blind_indexes`), so they keep working before, during and after it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from fukyu.privacy.keys import Keyring, b64, keyring, unb64

__all__ = ["Keyring", "keyring"]

PREFIX = "enc1"


class DecryptionError(ValueError):
    pass


def encrypt(plain: str, *, context: str) -> str:
    """`context` (e.g. "table.column") is authenticated, so a value cannot be moved elsewhere."""
    ring = keyring()
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(ring.keys[ring.current]).encrypt(nonce, plain.encode(), context.encode())
    return f"{PREFIX}:{ring.current}:{b64(nonce + sealed)}"


def decrypt(token: str, *, context: str) -> str:
    try:
        prefix, kid, body = token.split(":", 2)
        if prefix != PREFIX:
            raise DecryptionError("暗号化された値ではありません")
        raw = unb64(body)
        key = keyring().keys[kid]
        return AESGCM(key).decrypt(raw[:12], raw[12:], context.encode()).decode()
    except (ValueError, KeyError, InvalidTag) as exc:
        raise DecryptionError(f"個人情報を復号できません（{context}）") from exc


def key_id(token: str) -> str:
    return token.split(":", 2)[1]


def _mac(key: bytes, value: str, purpose: str) -> str:
    return hmac.new(key, f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed hash (HMAC-SHA256) for equality lookups without storing the value; written
    with the current blind-index key."""
    return _mac(keyring().hmac_key, value, purpose)


def blind_indexes(value: str, *, purpose: str) -> list[str]:
    """The value's hash under every listed blind-index key (the current one first): look up
    with `column__in=blind_indexes(...)` so that rows written before a rotation are found."""
    return [_mac(key, value, purpose) for key in keyring().hmac_keys.values()]


def normalize_phone(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())


def mask_phone(phone: str) -> str:
    """090-1234-5678 → 090-****-5678; digits only, keeps the first 3 and the last 4."""
    digits = normalize_phone(phone)
    if len(digits) <= 4:
        return "*" * len(digits)
    head, tail = digits[:3], digits[-4:]
    return f"{head}-{'*' * 4}-{tail}" if len(digits) >= 10 else f"{'*' * (len(digits) - 4)}{tail}"


def mask_name(name: str) -> str:
    """山田 太郎 → 山＊＊＊ (the first character only)."""
    name = name.strip()
    return name[:1] + "＊" * max(len(name) - 1, 2) if name else ""
