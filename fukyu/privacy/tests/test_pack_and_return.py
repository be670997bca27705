"""The inspection pack (one ZIP for 第14) and the encrypted return archive (第10)."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from pathlib import Path
from typing import Any
from unittest import mock

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from fukyu.audit.models import AuditEvent
from fukyu.core import clock
from fukyu.privacy import register_services as svc
from fukyu.privacy.archive import ArchiveError, decrypt_archive, encrypt_archive
from fukyu.privacy.models import AccessLogEntry
from fukyu.privacy.services import personal_export_authorize
from fukyu.privacy.tests.factories import make_approval, make_contact, make_incident

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def read_csv(archive: zipfile.ZipFile, name: str) -> list[list[str]]:
    data = archive.read(name)
    assert data.startswith(b"\xef\xbb\xbf"), f"{name} has no BOM"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_inspection_pack_holds_the_register_and_logs(
    contract: Any, make_user: Any, login: Any
) -> None:
    officer = make_user("privacy_officer")
    supervisor = make_user("supervisor")
    svc.work_location_notify(
        actor=officer,
        contract=contract,
        name="仙台コールセンター",
        address="仙台市青葉区",
        handling="問い合わせ記録",
        safeguards="入退室管理",
        effective_from=clock.today(),
    )
    svc.training_record(
        actor=officer,
        contract=contract,
        held_on=clock.today(),
        title="個人情報保護研修",
        content="守秘義務",
        instructor="講師",
        minutes=90,
    )
    svc.procedure_upload(
        actor=officer,
        contract=contract,
        title="個人情報取扱要領",
        version="1",
        effective_on=clock.today(),
        file=SimpleUploadedFile("youryou.txt", "取扱要領の本文".encode()),
    )
    approval = make_approval(contract, supervisor, approver=make_user("client"))
    personal_export_authorize(actor=supervisor, approval=approval, row_count=12)
    contact = make_contact(contract, officer, incident=make_incident(contract, officer))
    client = login(make_user("client"))
    response = client.get(reverse("privacy:pack"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {
        "00_summary.pdf",
        "02_work_locations.csv",
        "09_access_log_summary.csv",
        "11_export_log.csv",
        "12_incidents.csv",
    } <= names
    assert read_csv(archive, "02_work_locations.csv")[1][0] == "仙台コールセンター"
    assert read_csv(archive, "03_training_sessions.csv")[1][1] == "個人情報保護研修"
    export_rows = read_csv(archive, "11_export_log.csv")
    assert export_rows[1][5] == "12"
    summary = read_csv(archive, "09_access_log_summary.csv")
    assert summary[1][1:] == ["出力", supervisor.username, "1", "12"]
    assert read_csv(archive, "12_incidents.csv")[1][1] == "FAX誤送信"
    procedures = [n for n in names if n.startswith("procedures/")]
    assert len(procedures) == 1 and archive.read(procedures[0]).decode() == "取扱要領の本文"
    pdf = pypdf.PdfReader(io.BytesIO(archive.read("00_summary.pdf")))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "実地調査用" in text and "12_incidents.csv" in text
    everything = b"".join(archive.read(n) for n in names)
    assert contact.name.encode() not in everything and b"090-1111-2222" not in everything
    assert AuditEvent.objects.filter(action="privacy.inspection_pack").exists()


def test_return_archive_decrypts_back(contract: Any, make_user: Any, tmp_path: Path) -> None:
    officer = make_user("privacy_officer")
    make_contact(contract, officer)
    make_contact(contract, officer, name="返還 二郎", phone="090-9999-0000")
    out = tmp_path / "return.fkyret"
    secret = "県が決めた長いパスフレーズ"
    with mock.patch.dict(os.environ, {"RETURN_PASS": secret}):
        call_command(
            "privacy_return",
            "--out",
            str(out),
            "--passphrase-env",
            "RETURN_PASS",
            stdout=io.StringIO(),
        )
        with pytest.raises(CommandError, match="既にあります"):
            call_command("privacy_return", "--out", str(out), "--passphrase-env", "RETURN_PASS")
    blob = out.read_bytes()
    assert "返還 二郎".encode() not in blob and b"contact.csv" not in blob
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(ArchiveError, match="パスフレーズが違う"):
        decrypt_archive(blob, passphrase="違うパスフレーズです！！")
    zipped = tmp_path / "opened.zip"
    with mock.patch.dict(os.environ, {"RETURN_PASS": secret}):
        call_command(
            "privacy_return_open",
            str(out),
            "--out",
            str(zipped),
            "--passphrase-env",
            "RETURN_PASS",
            stdout=io.StringIO(),
        )
    archive = zipfile.ZipFile(zipped)
    rows = read_csv(archive, "contact.csv")
    names = {r[rows[1].index("name")] for r in rows[2:]}
    assert names == {"試験 花子", "返還 二郎"}
    entry = AccessLogEntry.objects.get(action=AccessLogEntry.Action.RETURN)
    assert entry.row_count >= 2


def test_archive_rejects_a_short_passphrase_and_tampering() -> None:
    with pytest.raises(ArchiveError, match="12文字以上"):
        encrypt_archive(b"x", passphrase="short")
    blob = bytearray(encrypt_archive(b"data", passphrase="long enough passphrase"))
    blob[-1] ^= 1
    with pytest.raises(ArchiveError):
        decrypt_archive(bytes(blob), passphrase="long enough passphrase")
