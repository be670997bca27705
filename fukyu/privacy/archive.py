"""The "return" archive (第10): all personal data as CSV files in a ZIP, encrypted with AES-256-GCM
under a key derived from a passphrase the prefecture chooses (scrypt).

File layout: MAGIC (8 bytes) | salt (16) | nonce (12) | ciphertext with its 16-byte tag.
MAGIC and salt are authenticated too. `manage.py privacy_return_open` reverses it."""

from __future__ import annotations

import csv
import io
import secrets
import zipfile
from collections.abc import Sequence
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.db import models, transaction

from fukyu.audit.services import audit_record
from fukyu.core import clock
from fukyu.privacy.models import AccessLogEntry
from fukyu.privacy.registry import PersonalDataKind, kinds
from fukyu.privacy.services import access_log_record

MAGIC = b"FKYRET01"
SCRYPT_N = 2**15
MIN_PASSPHRASE = 12


class ArchiveError(ValueError):
    pass


def _key(passphrase: str, salt: bytes) -> bytes:
    if len(passphrase) < MIN_PASSPHRASE:
        raise ArchiveError(f"パスフレーズは{MIN_PASSPHRASE}文字以上にしてください")
    return Scrypt(salt=salt, length=32, n=SCRYPT_N, r=8, p=1).derive(passphrase.encode())


def encrypt_archive(data: bytes, *, passphrase: str) -> bytes:
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    sealed = AESGCM(_key(passphrase, salt)).encrypt(nonce, data, MAGIC + salt)
    return MAGIC + salt + nonce + sealed


def decrypt_archive(blob: bytes, *, passphrase: str) -> bytes:
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + 16 + 12 + 16:
        raise ArchiveError("返還用の暗号化ファイルではありません")
    salt = blob[len(MAGIC) : len(MAGIC) + 16]
    nonce = blob[len(MAGIC) + 16 : len(MAGIC) + 28]
    try:
        return AESGCM(_key(passphrase, salt)).decrypt(nonce, blob[len(MAGIC) + 28 :], MAGIC + salt)
    except InvalidTag as exc:
        raise ArchiveError("パスフレーズが違うか、ファイルが壊れています") from exc


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _kind_csv(kind: PersonalDataKind) -> tuple[bytes, int]:
    fields: Sequence[models.Field[Any, Any]] = [
        f for f in kind.model._meta.concrete_fields if not f.name.endswith(("_hash", "_index"))
    ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(f.verbose_name) for f in fields])
    writer.writerow([f.attname for f in fields])
    rows = 0
    for obj in kind.model._default_manager.order_by("pk").iterator(chunk_size=2000):
        if not any(getattr(obj, name) for name in kind.fields):
            continue  # anonymised: nothing personal left to return
        writer.writerow([_cell(getattr(obj, f.attname)) for f in fields])
        rows += 1
    return out.getvalue().encode("utf-8-sig"), rows


def return_zip() -> tuple[bytes, dict[str, int]]:
    counts: dict[str, int] = {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        lines = [
            "個人情報の返還データ（個人情報取扱特記事項 第10）",
            f"作成日時: {clock.now():%Y-%m-%d %H:%M}",
            "各CSVは UTF-8（BOM付き）。1行目は項目名、2行目は列名です。",
            "",
        ]
        for kind in kinds():
            if not kind.plaintext:
                continue  # only keyed hashes: the values themselves were never stored
            data, rows = _kind_csv(kind)
            archive.writestr(f"{kind.code}.csv", data)
            counts[kind.code] = rows
            lines.append(f"{kind.code}.csv: {kind.label} {rows}件")
        archive.writestr("README.txt", ("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    return buffer.getvalue(), counts


def personal_data_return(
    *, actor: Any, passphrase: str, reason: str
) -> tuple[bytes, dict[str, int]]:
    """The encrypted archive of all personal data; the return is logged with its row count."""
    data, counts = return_zip()
    blob = encrypt_archive(data, passphrase=passphrase)
    with transaction.atomic():
        access_log_record(
            actor=actor,
            action=AccessLogEntry.Action.RETURN,
            object_type="privacy.return",
            object_id=clock.now().strftime("%Y%m%d%H%M%S"),
            fields=",".join(counts),
            reason=reason,
            row_count=sum(counts.values()),
        )
        audit_record(
            actor=actor,
            action="privacy.return",
            object_type="privacy.return",
            object_id="archive",
            object_repr="個人情報の返還データ",
            changes={"counts": [None, counts]},
            note=reason,
        )
    return blob, counts
