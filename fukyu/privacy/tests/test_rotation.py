"""privacy_rotate_keys re-encrypts every EncryptedTextField with the first key listed."""

from __future__ import annotations

import base64
import io
import os
from typing import Any
from unittest import mock

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.management import call_command
from django.db import connection

from fukyu.audit.models import AuditEvent
from fukyu.privacy.crypto import DecryptionError
from fukyu.privacy.models import PersonalContact
from fukyu.privacy.tests.factories import make_contact

pytestmark = pytest.mark.django_db


def b64(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode()


def raw_tokens(pk: int) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, phone, email, address FROM privacy_personalcontact WHERE id = %s", [pk]
        )
        return [v for v in cursor.fetchone() if v]


def test_rotation_rewrites_every_value_with_the_new_key(contract: Any, make_user: Any) -> None:
    old, new = AESGCM.generate_key(bit_length=256), AESGCM.generate_key(bit_length=256)
    env = {"FUKYU_HMAC_KEY": b64(os.urandom(32))}
    officer = make_user("privacy_officer")
    with mock.patch.dict(os.environ, {**env, "FUKYU_DATA_KEYS": f"k1:{b64(old)}"}):
        contacts = [make_contact(contract, officer, name=f"試験 {n}号") for n in range(3)]
        blank = make_contact(contract, officer, name="試験 空欄", email="", address="")
    assert all(t.startswith("enc1:k1:") for c in contacts for t in raw_tokens(c.pk))
    with mock.patch.dict(os.environ, {**env, "FUKYU_DATA_KEYS": f"k2:{b64(new)},k1:{b64(old)}"}):
        out = io.StringIO()
        call_command("privacy_rotate_keys", "--dry-run", stdout=out)
        assert "privacy.personalcontact.name: 再暗号化の対象 4件" in out.getvalue()
        call_command("privacy_rotate_keys", stdout=out)
        assert "privacy.personalcontact.name: 再暗号化 4件" in out.getvalue()
        assert "k2=14" in out.getvalue() and "k1=" not in out.getvalue().split("鍵ごと")[-1]
        call_command("privacy_rotate_keys", stdout=(again := io.StringIO()))
        assert "合計 0件" in again.getvalue()  # resumable: nothing left on the old key
    assert all(t.startswith("enc1:k2:") for c in contacts for t in raw_tokens(c.pk))
    assert len(raw_tokens(blank.pk)) == 2  # blank values stay blank, not sealed
    # The old key can now be dropped: every value opens with the new key alone.
    with mock.patch.dict(os.environ, {**env, "FUKYU_DATA_KEYS": f"k2:{b64(new)}"}):
        assert PersonalContact.objects.get(pk=blank.pk).email == ""
        names = sorted(PersonalContact.objects.values_list("name", flat=True))
        assert names == ["試験 0号", "試験 1号", "試験 2号", "試験 空欄"]
    with (
        mock.patch.dict(os.environ, {**env, "FUKYU_DATA_KEYS": f"k1:{b64(old)}"}),
        pytest.raises(DecryptionError),
    ):
        list(PersonalContact.objects.values_list("name", flat=True))
    assert AuditEvent.objects.filter(action="privacy.rotate_keys", object_id="k2").exists()
