"""The completion report: placeholders filled (even split across runs), 和暦, the command."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fukyu.core.models import Contract
from fukyu.reports.completion import completion_report
from fukyu.reports.tests.conftest import Season


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    parts += [p.text for p in document.sections[0].header.paragraphs]
    return "\n".join(parts)


def _split_template(tmp_path: Path) -> Path:
    """A 指定様式 as Word saves it: a placeholder split over three runs with different formats,
    one in a table cell and one in the page header."""
    document = docx.Document()
    p = document.add_paragraph("件名：")
    p.add_run("{{契")
    p.add_run("約名").bold = True
    p.add_run("}}　完了日：{{完了日}}")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "受注者"
    cell = table.rows[0].cells[1].paragraphs[0]
    cell.add_run("{")
    cell.add_run("{受注者}")
    cell.add_run("}")
    document.sections[0].header.is_linked_to_previous = False
    document.sections[0].header.paragraphs[0].text = "{{年度}} 指定様式第1号"
    path = tmp_path / "様式.docx"
    document.save(str(path))
    return path


def test_default_template_is_filled_with_wareki(season: Season) -> None:
    data = completion_report(contract=season.contract, completed_on=dt.date(2025, 3, 31))
    text = _text(data)
    cfg = season.contract.settings
    assert "業務完了報告書" in text
    assert f"「{cfg.name}」について、令和7年3月31日に業務を完了した" in text
    assert cfg.contractor in text
    assert "コールセンターの問い合わせ件数　4件" in text
    assert "インストールまで支援した人数　3人（目標1,000人）" in text
    assert "{{" not in text


def test_placeholders_split_across_runs(contract: Contract, tmp_path: Path) -> None:
    template = _split_template(tmp_path)
    out = tmp_path / "out"
    call_command(
        "completion_report", "--out", str(out), "--template", str(template), "--date", "2025-03-28"
    )
    (path,) = out.iterdir()
    assert path.name == "業務完了報告書_20250328.docx"
    text = _text(path.read_bytes())
    cfg = contract.settings
    assert f"件名：{cfg.name}　完了日：令和7年3月28日" in text
    assert cfg.contractor in text
    assert "令和6年度 指定様式第1号" in text
    assert "{" not in text


def test_unknown_placeholder_is_a_clear_error(contract: Contract, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("{{契約名}} {{担当者印}}")
    template = tmp_path / "bad.docx"
    document.save(str(template))
    with pytest.raises(CommandError, match="担当者印"):
        call_command("completion_report", "--out", str(tmp_path / "o"), "--template", str(template))


def test_not_a_docx_is_a_clear_error(contract: Contract, tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_text("not a docx")
    with pytest.raises(CommandError, match="Word"):
        call_command("completion_report", "--out", str(tmp_path / "o"), "--template", str(bad))


def test_default_template_can_be_written_out(contract: Contract, tmp_path: Path) -> None:
    call_command("completion_report", "--out", str(tmp_path), "--write-default-template")
    text = _text((tmp_path / "業務完了報告書_様式.docx").read_bytes())
    assert "{{契約名}}" in text
    assert "{{完了日}}" in text


def test_same_day_gives_same_bytes(season: Season) -> None:
    day = dt.date(2025, 3, 31)
    first = completion_report(contract=season.contract, completed_on=day)
    assert first == completion_report(contract=season.contract, completed_on=day)
