"""privacy_rotate_keys --new-keys with a key file: a new data key and a new blind-index (HMAC)
key are added, every value is re-encrypted and every blind-index column recomputed, then the
old keys are retired. Phone lookups work before, during and after."""

from __future__ import annotations

import base64
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from fukyu.audit.models import AuditEvent
from fukyu.privacy import registry
from fukyu.privacy.contacts import PHONE_PURPOSE, contact_find_by_phone
from fukyu.privacy.crypto import DecryptionError, blind_index, blind_indexes, decrypt, keyring
from fukyu.privacy.keys import hmac_key_add
from fukyu.privacy.models import PersonalContact
from fukyu.privacy.rotation import RotationError, blind_indexes_recompute
from fukyu.privacy.tests.factories import make_contact

pytestmark = pytest.mark.django_db

PHONES = ["090-1111-2222", "080-3333-4444", "070-5555-6666"]


@pytest.fixture(autouse=True)
def own_key_file(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """A key file of this test's own (never the shared test key file), and no env keys."""
    path = tmp_path / "keys" / "data_keys.json"
    settings.FUKYU_KEY_FILE = path
    saved = {k: os.environ.pop(k) for k in ("FUKYU_DATA_KEYS", "FUKYU_HMAC_KEY") if k in os.environ}
    yield path
    os.environ.update(saved)


def raw_rows(table: str, columns: str) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} ORDER BY id")  # noqa: S608
        return list(cursor.fetchall())


def found(contract: Any, phone: str) -> list[str]:
    return sorted(c.name for c in contact_find_by_phone(contract=contract, phone=phone))


def test_new_keys_reindex_and_retire(contract: Any, make_user: Any, own_key_file: Path) -> None:
    factories = pytest.importorskip("fukyu.callcenter.tests.factories")
    caller_model = registry.get("caller").model  # type: ignore[union-attr]
    officer = make_user("privacy_officer")
    for n, phone in enumerate(PHONES):
        make_contact(contract, officer, name=f"試験 {n}号", phone=phone)
    factories.make_inquiry(
        contract,
        make_user("operator"),
        caller_name="問合 試郎",
        caller_phone="090-7777-8888",
        outcome="callback",
    )
    old = json.loads(own_key_file.read_text())
    old_hmac_kid, old_data_kid = old["hmac_current"], old["current"]
    assert own_key_file.stat().st_mode & 0o777 == 0o600
    # Before: one key of each kind; lookups by phone work.
    assert found(contract, "09011112222") == ["試験 0号"]
    old_hashes = [h for (h,) in raw_rows("privacy_personalcontact", "phone_index")]

    # During, step 1: a new blind-index key is current; nothing recomputed yet. Every row is
    # still hashed with the old key, new rows with the new one, and both are found.
    new_kid = hmac_key_add()
    ring = keyring()
    assert ring.hmac_current == new_kid and list(ring.hmac_keys) == [new_kid, old_hmac_kid]
    assert found(contract, "080-3333-4444") == ["試験 1号"]
    midway = make_contact(contract, officer, name="試験 途中", phone="06-1234-5678")
    assert found(contract, "0612345678") == ["試験 途中"]
    assert midway.phone_index == blind_index("0612345678", purpose=PHONE_PURPOSE)
    # During, step 2: the columns recomputed while both keys are listed; still found.
    assert blind_indexes_recompute(dry_run=True)["privacy.personalcontact.phone_index"] == 3
    changed = blind_indexes_recompute()
    assert changed["privacy.personalcontact.phone_index"] == 3  # the midway row was already new
    assert changed["callcenter.caller.phone_hash"] == 1
    assert found(contract, "090-1111-2222") == ["試験 0号"]
    new_hashes = [h for (h,) in raw_rows("privacy_personalcontact", "phone_index")][:3]
    assert not set(new_hashes) & set(old_hashes)

    # The whole rotation through the command: new data and index keys, re-encrypt, retire.
    out = io.StringIO()
    call_command("privacy_rotate_keys", "--new-keys", stdout=out)
    printed = out.getvalue()
    stored = json.loads(own_key_file.read_text())
    assert list(stored["hmac_keys"]) == [stored["hmac_current"]]  # old index keys retired
    assert list(stored["keys"]) == [stored["current"]]  # old data key retired (unused)
    assert stored["current"] != old_data_kid and stored["hmac_current"] not in (
        old_hmac_kid,
        new_kid,
    )
    (retired_line,) = [line for line in printed.splitlines() if "廃棄した古い鍵" in line]
    assert set(retired_line.split(": ")[1].split("、")) == {old_data_kid, old_hmac_kid, new_kid}
    assert "callcenter.caller.phone_hash: 索引を再計算 1件" in printed
    assert "privacy.personalcontact.phone_index: 索引を再計算 4件" in printed
    assert "caller_hash" in printed  # the call records' hashes cannot be recomputed: said so
    assert own_key_file.stat().st_mode & 0o777 == 0o600

    # After: one key of each kind; every hash is the new key's; lookups still work.
    ring = keyring()
    assert len(ring.hmac_keys) == 1 and len(ring.keys) == 1
    for n, phone in enumerate(PHONES):
        assert found(contract, phone) == [f"試験 {n}号"]
    assert found(contract, "06-1234-5678") == ["試験 途中"]
    for digits, (stored_hash,) in zip(
        ["09011112222", "08033334444", "07055556666", "0612345678"],
        raw_rows("privacy_personalcontact", "phone_index"),
        strict=True,
    ):
        assert stored_hash == blind_index(digits, purpose=PHONE_PURPOSE)
    (caller_hash,) = caller_model.objects.values_list("phone_hash", flat=True)
    assert caller_model.objects.filter(
        phone_hash__in=blind_indexes("09077778888", purpose="phone")
    ).exists()
    assert caller_hash == blind_index("09077778888", purpose="phone")
    for (name,) in raw_rows("privacy_personalcontact", "name"):
        assert name.startswith(f"enc1:{ring.current}:")
    (caller_name,) = raw_rows("callcenter_caller", "name")[0]
    assert decrypt(caller_name, context="callcenter_caller.name") == "問合 試郎"
    event = AuditEvent.objects.get(action="privacy.rotate_keys")
    assert event.changes["reindexed"][1]["privacy.personalcontact.phone_index"] == 4
    # Nothing left to do: a second run changes nothing.
    call_command("privacy_rotate_keys", stdout=(again := io.StringIO()))
    assert "合計 0件" in again.getvalue()


def test_old_ciphertext_does_not_open_after_retirement(contract: Any, make_user: Any) -> None:
    officer = make_user("privacy_officer")
    make_contact(contract, officer, name="試験 一郎", phone=PHONES[0])
    (before,) = raw_rows("privacy_personalcontact", "name")[0]
    call_command("privacy_rotate_keys", "--new-keys", stdout=io.StringIO())
    # A backup taken before the rotation holds values sealed with a retired key.
    with pytest.raises(DecryptionError):
        decrypt(before, context="privacy_personalcontact.name")
    assert PersonalContact.objects.get().name == "試験 一郎"


def test_new_keys_refused_with_environment_keys(contract: Any) -> None:
    env = {
        "FUKYU_DATA_KEYS": "k1:" + "A" * 43,
        "FUKYU_HMAC_KEY": "B" * 43,
    }
    with mock.patch.dict(os.environ, env), pytest.raises(CommandError, match="先頭に"):
        call_command("privacy_rotate_keys", "--new-keys", stdout=io.StringIO())


def test_an_undeclared_index_column_stops_the_rotation(contract: Any) -> None:
    kind = registry.get("contact")
    assert kind is not None
    registry.register(
        registry.PersonalDataKind(
            code="contact",
            label=kind.label,
            model=kind.model,
            fields=kind.fields,
            date_field=kind.date_field,
            anonymise=kind.anonymise,
        )
    )
    try:
        with pytest.raises(RotationError, match=r"privacy\.personalcontact\.phone_index"):
            blind_indexes_recompute()
        with pytest.raises(CommandError, match="phone_index"):
            call_command("privacy_rotate_keys", stdout=io.StringIO())
    finally:
        registry.register(kind)


def b64(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode()


def test_environment_keys_rotate_and_name_the_old_ones(contract: Any, make_user: Any) -> None:
    old_data, new_data = os.urandom(32), os.urandom(32)
    old_hmac, new_hmac = os.urandom(32), os.urandom(32)
    officer = make_user("privacy_officer")
    with mock.patch.dict(
        os.environ, {"FUKYU_DATA_KEYS": f"d1:{b64(old_data)}", "FUKYU_HMAC_KEY": b64(old_hmac)}
    ):
        make_contact(contract, officer, name="試験 環境", phone=PHONES[1])
        assert keyring().hmac_current == "h1"  # one bare key is "h1"
    rotating = {
        "FUKYU_DATA_KEYS": f"d2:{b64(new_data)},d1:{b64(old_data)}",
        "FUKYU_HMAC_KEY": f"h2:{b64(new_hmac)},h1:{b64(old_hmac)}",
    }
    with mock.patch.dict(os.environ, rotating):
        assert found(contract, PHONES[1]) == ["試験 環境"]  # old hash, found through h1
        assert len(blind_indexes("08033334444", purpose=PHONE_PURPOSE)) == 2
        out = io.StringIO()
        call_command("privacy_rotate_keys", stdout=out)
        assert "環境変数から外せる古い鍵: d1、h1" in out.getvalue()
        assert found(contract, PHONES[1]) == ["試験 環境"]
    after = {"FUKYU_DATA_KEYS": f"d2:{b64(new_data)}", "FUKYU_HMAC_KEY": f"h2:{b64(new_hmac)}"}
    with mock.patch.dict(os.environ, after):
        assert found(contract, PHONES[1]) == ["試験 環境"]
        assert PersonalContact.objects.get().name == "試験 環境"


def test_a_key_file_of_the_first_version_keeps_working(
    contract: Any, make_user: Any, own_key_file: Path
) -> None:
    own_key_file.parent.mkdir(parents=True)
    own_key_file.write_text(
        json.dumps(
            {"current": "k1", "keys": {"k1": b64(os.urandom(32))}, "hmac": b64(os.urandom(32))}
        )
    )
    officer = make_user("privacy_officer")
    make_contact(contract, officer, name="試験 旧形式", phone=PHONES[2])
    assert keyring().hmac_current == "h1" and keyring().current == "k1"
    call_command("privacy_rotate_keys", "--new-keys", stdout=io.StringIO())
    stored = json.loads(own_key_file.read_text())
    assert "hmac" not in stored and "h1" not in stored["hmac_keys"] and "k1" not in stored["keys"]
    assert found(contract, PHONES[2]) == ["試験 旧形式"]


def test_malformed_environment_keys_are_explained(contract: Any) -> None:
    with (
        mock.patch.dict(os.environ, {"FUKYU_DATA_KEYS": "k1:short", "FUKYU_HMAC_KEY": "x" * 43}),
        pytest.raises(CommandError, match="FUKYU_DATA_KEYS は 鍵ID:base64"),
    ):
        call_command("privacy_rotate_keys", stdout=io.StringIO())
