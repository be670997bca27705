from __future__ import annotations

import base64
import os
from unittest import mock

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from fukyu.privacy.crypto import (
    DecryptionError,
    blind_index,
    decrypt,
    encrypt,
    key_id,
    mask_name,
    mask_phone,
)


def b64(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode()


def test_round_trip_and_no_plaintext() -> None:
    token = encrypt("090-1234-5678", context="t.phone")
    assert "1234" not in token and "5678" not in token
    assert decrypt(token, context="t.phone") == "090-1234-5678"
    assert encrypt("x", context="t.phone") != encrypt("x", context="t.phone")  # random nonce


def test_context_binding_and_tampering_are_detected() -> None:
    token = encrypt("山田太郎", context="t.name")
    with pytest.raises(DecryptionError):
        decrypt(token, context="t.other")
    tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(DecryptionError):
        decrypt(tampered, context="t.name")


def test_rotation_keeps_old_values_readable() -> None:
    old, new = AESGCM.generate_key(bit_length=256), AESGCM.generate_key(bit_length=256)
    hmac_key = b64(os.urandom(32))
    with mock.patch.dict(
        os.environ, {"FUKYU_DATA_KEYS": f"k1:{b64(old)}", "FUKYU_HMAC_KEY": hmac_key}
    ):
        token = encrypt("secret", context="c")
        assert key_id(token) == "k1"
    with mock.patch.dict(
        os.environ, {"FUKYU_DATA_KEYS": f"k2:{b64(new)},k1:{b64(old)}", "FUKYU_HMAC_KEY": hmac_key}
    ):
        assert decrypt(token, context="c") == "secret"
        assert key_id(encrypt("secret", context="c")) == "k2"


def test_blind_index_is_keyed_and_stable() -> None:
    a = blind_index("09012345678", purpose="phone")
    assert a == blind_index("09012345678", purpose="phone")
    assert a != blind_index("09012345678", purpose="other")
    assert "09012345678" not in a


def test_masks() -> None:
    assert mask_phone("090-1234-5678") == "090-****-5678"
    assert mask_phone("0225-12-3456") == "022-****-3456"
    assert mask_name("山田 太郎") == "山＊＊＊＊"
    assert mask_name("林") == "林＊＊"
