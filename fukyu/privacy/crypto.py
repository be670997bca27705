"""Encryption of personal data at rest (AES-256-GCM) and keyed hashes for lookups.

Keys never live in the database: they come from FUKYU_DATA_KEYS ("kid:base64key,..." — the
first encrypts, all decrypt, which is how keys rotate) or from a key file outside the database
(settings.FUKYU_KEY_FILE, generated with mode 0600 on first use). The HMAC key for lookups comes
from FUKYU_HMAC_KEY or the same file.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

PREFIX = "enc1"


class DecryptionError(ValueError):
    pass


@dataclass(frozen=True)
class Keyring:
    current: str
    keys: dict[str, bytes]
    hmac_key: bytes


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _parse_keys(spec: str) -> tuple[str, dict[str, bytes]]:
    keys: dict[str, bytes] = {}
    order = []
    for item in spec.split(","):
        kid, _, raw = item.strip().partition(":")
        key = _unb64(raw)
        if not kid or len(key) != 32:
            raise ValueError(
                "FUKYU_DATA_KEYS は kid:base64(32バイト) をカンマ区切りで指定してください"
            )
        keys[kid] = key
        order.append(kid)
    return order[0], keys


def new_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "current": "k1",
        "keys": {"k1": _b64(AESGCM.generate_key(bit_length=256))},
        "hmac": _b64(secrets.token_bytes(32)),
    }
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(data, fh)


@cache
def _keyring(data_keys: str, hmac_env: str, key_file: str) -> Keyring:
    path = Path(key_file)
    if data_keys:
        current, keys = _parse_keys(data_keys)
        file_hmac = b""
    else:
        if not path.exists():
            new_key_file(path)
        stored = json.loads(path.read_text())
        current = stored["current"]
        keys = {kid: _unb64(v) for kid, v in stored["keys"].items()}
        file_hmac = _unb64(stored["hmac"])
    hmac_key = _unb64(hmac_env) if hmac_env else file_hmac
    if len(hmac_key) < 32:
        raise ValueError("FUKYU_HMAC_KEY（32バイト以上）が必要です")
    return Keyring(current=current, keys=keys, hmac_key=hmac_key)


def keyring() -> Keyring:
    return _keyring(
        os.environ.get("FUKYU_DATA_KEYS", ""),
        os.environ.get("FUKYU_HMAC_KEY", ""),
        str(settings.FUKYU_KEY_FILE),
    )


def encrypt(plain: str, *, context: str) -> str:
    """`context` (e.g. "table.column") is authenticated, so a value cannot be moved elsewhere."""
    ring = keyring()
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(ring.keys[ring.current]).encrypt(nonce, plain.encode(), context.encode())
    return f"{PREFIX}:{ring.current}:{_b64(nonce + sealed)}"


def decrypt(token: str, *, context: str) -> str:
    try:
        prefix, kid, body = token.split(":", 2)
        if prefix != PREFIX:
            raise DecryptionError("暗号化された値ではありません")
        raw = _unb64(body)
        key = keyring().keys[kid]
        return AESGCM(key).decrypt(raw[:12], raw[12:], context.encode()).decode()
    except (ValueError, KeyError, InvalidTag) as exc:
        raise DecryptionError(f"個人情報を復号できません（{context}）") from exc


def key_id(token: str) -> str:
    return token.split(":", 2)[1]


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed hash (HMAC-SHA256) for equality lookups without storing the value."""
    mac = hmac.new(keyring().hmac_key, f"{purpose}\x00{value}".encode(), hashlib.sha256)
    return mac.hexdigest()


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
