"""Uploading the prefecture's 指定様式 for the completion report through the screen."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings

from fukyu.audit.models import AuditEvent
from fukyu.core.models import Contract
from fukyu.reports.completion import PLACEHOLDER_NAMES, placeholder_values
from fukyu.reports.models import CompletionTemplate
from fukyu.reports.tests.factories import docx_bytes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _upload(client: Any, data: bytes, name: str = "宮城県様式第5号.docx") -> Any:
    return client.post(
        "/ops/reports/completion/template/upload/",
        {"file": SimpleUploadedFile(name, data, DOCX)},
        follow=True,
    )


def _paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


@override_settings(FUKYU_TODAY="2025-03-28")
def test_uploaded_form_fills_the_next_completion_report(
    contract: Contract, make_user: Any, login: Any
) -> None:
    manager = make_user("manager")
    client = login(manager)
    form = docx_bytes("様式第5号", "{{発注者}} 殿", "業務名 {{契約名}}", "完了年月日 {{完了日}}")
    page = _upload(client, form).content.decode()
    assert "県の指定様式を登録しました" in page
    assert "様式の差し込み項目：{{発注者}}、{{契約名}}、{{完了日}}" in page
    template = CompletionTemplate.objects.get()
    assert template.active and template.placeholders == ["発注者", "契約名", "完了日"]
    assert template.original_name == "宮城県様式第5号.docx"
    audit = AuditEvent.objects.get(action="completion_template.upload")
    assert audit.changes["placeholders"] == [None, ["発注者", "契約名", "完了日"]]

    report = client.get("/ops/reports/completion/")
    assert report.status_code == 200
    text = _paragraphs(report.content)
    assert text[0] == "様式第5号"
    assert text[1] == f"{contract.settings.client} 殿"
    assert text[3] == "完了年月日 令和7年3月28日"
    current = client.get("/ops/reports/completion/template/")
    assert current.content == form

    reset = client.post("/ops/reports/completion/template/reset/", follow=True)
    assert "標準様式に戻しました" in reset.content.decode()
    assert not CompletionTemplate.objects.filter(active=True).exists()
    standard = _paragraphs(client.get("/ops/reports/completion/").content)
    assert "業務完了報告書" in standard
    assert AuditEvent.objects.filter(action="completion_template.reset").count() == 1


def test_unknown_placeholders_are_listed_in_japanese(
    contract: Contract, make_user: Any, login: Any
) -> None:
    client = login(make_user("manager"))
    page = _upload(client, docx_bytes("{{契約名}} {{担当者印}} {{検査日}}")).content.decode()
    assert "様式に未対応の差し込み項目があります：{{担当者印}}、{{検査日}}" in page
    assert "使える項目：{{契約名}}" in page
    assert not CompletionTemplate.objects.exists()


def test_a_file_that_is_not_word_or_has_no_placeholder_is_refused(
    contract: Contract, make_user: Any, login: Any
) -> None:
    client = login(make_user("manager"))
    page = _upload(client, b"%PDF-1.4 not word", "様式.pdf").content.decode()
    assert "様式を Word（.docx）として読み込めませんでした" in page
    page = _upload(client, docx_bytes("差し込み項目のない様式")).content.decode()
    assert "様式に差し込み項目がありません" in page
    assert not CompletionTemplate.objects.exists()


def test_a_new_upload_replaces_the_active_one(
    contract: Contract, make_user: Any, login: Any
) -> None:
    client = login(make_user("manager"))
    _upload(client, docx_bytes("{{契約名}}"), "第1版.docx")
    _upload(client, docx_bytes("{{受注者}}"), "第2版.docx")
    assert list(
        CompletionTemplate.objects.filter(active=True).values_list("original_name", flat=True)
    ) == ["第2版.docx"]
    assert CompletionTemplate.objects.count() == 2


def test_placeholder_names_match_the_values_filled(contract: Contract) -> None:
    values = placeholder_values(contract=contract, completed_on=dt.date(2025, 3, 31))
    assert tuple(values) == PLACEHOLDER_NAMES


def test_the_client_cannot_upload_a_form(contract: Contract, make_user: Any, login: Any) -> None:
    client = login(make_user("client"))
    response = client.post(
        "/ops/reports/completion/template/upload/",
        {"file": SimpleUploadedFile("x.docx", docx_bytes("{{契約名}}"), DOCX)},
    )
    assert response.status_code == 403
    assert not CompletionTemplate.objects.exists()


@override_settings(FUKYU_TODAY="2025-03-28")
def test_the_command_uses_the_uploaded_form_too(
    contract: Contract, make_user: Any, login: Any, tmp_path: Path
) -> None:
    _upload(login(make_user("manager")), docx_bytes("受注者：{{受注者}}"))
    call_command("completion_report", out=str(tmp_path), stdout=io.StringIO())
    data = (tmp_path / "業務完了報告書_20250328.docx").read_bytes()
    assert _paragraphs(data) == [f"受注者：{contract.settings.contractor}"]
