"""The completion report (業務完了報告書) from a DOCX template with {{placeholders}}.

The prefecture has its own form (指定様式): open it in Word, type placeholders such as
{{契約名}} or {{完了日}} where the values go, and pass the file as the template. Word often
splits typed text across several runs (spell-check marks, edits, formatting); placeholders are
found in each paragraph's whole text and replaced even then, keeping the first run's format.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from typing import Any

import docx
from django.db.models import Count, Q
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from fukyu.callcenter.models import Inquiry
from fukyu.core.models import Contract
from fukyu.core.wareki import fiscal_year_label, wareki
from fukyu.governance.models import Meeting
from fukyu.outreach.models import Event, EventStatus, Tap, TapKind
from fukyu.reports.files import fixed_ooxml

PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")
MINCHO = "HeiseiMin-W3"


class TemplateError(ValueError):
    """The template cannot be filled (unknown placeholders, not a DOCX)."""


# Every placeholder the completion report fills, in the order shown to whoever prepares a form.
PLACEHOLDER_NAMES = (
    "契約名",
    "契約番号",
    "年度",
    "発注者",
    "発注者担当課",
    "受注者",
    "業務開始日",
    "業務終了日",
    "契約期間",
    "完了日",
    "報告日",
    "問い合わせ件数",
    "イベント開催回数",
    "インストール人数",
    "目標人数",
    "打合せ回数",
)


def placeholder_values(*, contract: Contract, completed_on: dt.date) -> dict[str, str]:
    cfg = contract.settings
    inquiries = Inquiry.objects.filter(contract=contract).count()
    taps = Tap.objects.filter(event__contract=contract, voided_at__isnull=True).aggregate(
        installed=Count("id", filter=Q(kind=TapKind.INSTALLED))
    )
    events = Event.objects.filter(contract=contract, status=EventStatus.HELD).count()
    meetings = Meeting.objects.filter(contract=contract, status=Meeting.Status.CONFIRMED).count()
    return {
        "契約名": cfg.name,
        "契約番号": contract.code,
        "年度": fiscal_year_label(cfg.fiscal_year),
        "発注者": cfg.client,
        "発注者担当課": cfg.client_department,
        "受注者": cfg.contractor,
        "業務開始日": wareki(cfg.starts_on),
        "業務終了日": wareki(cfg.ends_on),
        "契約期間": f"{wareki(cfg.starts_on)}から{wareki(cfg.ends_on)}まで",
        "完了日": wareki(completed_on),
        "報告日": wareki(completed_on),
        "問い合わせ件数": f"{inquiries:,}件",
        "イベント開催回数": f"{events:,}回",
        "インストール人数": f"{taps['installed']:,}人",
        "目標人数": f"{cfg.campaign_target_people:,}人",
        "打合せ回数": f"{meetings:,}回",
    }


DEFAULT_BODY = [
    ("right", "{{報告日}}"),
    ("left", "{{発注者}}　様"),
    ("right", "{{受注者}}"),
    ("title", "業務完了報告書"),
    (
        "left",
        "{{契約期間}}の契約に基づく「{{契約名}}」について、{{完了日}}に業務を完了したので、"
        "下記のとおり報告します。",
    ),
    ("center", "記"),
    ("left", "1　業務名　　{{契約名}}"),
    ("left", "2　契約期間　{{契約期間}}"),
    ("left", "3　完了日　　{{完了日}}"),
    ("left", "4　業務の実績"),
    ("left", "　(1) コールセンターの問い合わせ件数　{{問い合わせ件数}}"),
    ("left", "　(2) 出張サポートの開催回数　{{イベント開催回数}}"),
    ("left", "　(3) インストールまで支援した人数　{{インストール人数}}（目標{{目標人数}}）"),
    ("left", "　(4) 打合せ（記録の確認済み）　{{打合せ回数}}"),
    ("left", "5　成果品　成果品の電子データ一式（別添）、実績報告書"),
    ("right", "以上"),
]


def default_template() -> bytes:
    """A sensible default form, generated so it stays in step with the placeholders."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(25))
    normal = document.styles["Normal"]
    normal.font.name = MINCHO
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), MINCHO)
    normal.font.size = Pt(11)
    align = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "title": WD_ALIGN_PARAGRAPH.CENTER,
    }
    for kind, text in DEFAULT_BODY:
        p = document.add_paragraph()
        p.alignment = align[kind]
        run = p.add_run(text)
        if kind == "title":
            run.font.size = Pt(16)
            run.font.bold = True
    document.core_properties.title = "業務完了報告書"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _paragraphs(document: Any) -> Iterator[Any]:
    def walk(container: Any) -> Iterator[Any]:
        yield from container.paragraphs
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    yield from walk(cell)

    yield from walk(document)
    for section in document.sections:
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
        ):
            if not part.is_linked_to_previous:
                yield from walk(part)


def replace_in_paragraph(paragraph: Any, values: dict[str, str]) -> set[str]:
    """Replace every placeholder of the paragraph, even when it spans runs. Returns the names
    it could not fill (left as they are)."""
    runs = list(paragraph.runs)
    text = "".join(r.text for r in runs)
    missing: set[str] = set()
    matches = list(PLACEHOLDER.finditer(text))
    for m in reversed(matches):
        name = m.group(1)
        if name not in values:
            missing.add(name)
            continue
        start, end = m.span()
        pos, first = 0, True
        for run in runs:
            r_start, r_end = pos, pos + len(run.text)
            pos = r_end
            if r_end <= start or r_start >= end:
                continue
            a, b = max(start, r_start) - r_start, min(end, r_end) - r_start
            run.text = run.text[:a] + (values[name] if first else "") + run.text[b:]
            first = False
        # Later matches were replaced first, so the earlier offsets still hold; re-read runs.
        runs = list(paragraph.runs)
    return missing


def _open(template: bytes) -> Any:
    try:
        return docx.Document(io.BytesIO(template))
    except Exception as exc:  # python-docx raises several kinds for a file that is not DOCX
        raise TemplateError(
            "様式を Word（.docx）として読み込めませんでした。"
            "Word で「Word 文書（*.docx）」として保存し直してください"
        ) from exc


def template_placeholders(template: bytes) -> list[str]:
    """The placeholders a form contains, in order of first appearance. Raises TemplateError
    for a file that is not a DOCX, has no placeholder, or names ones the report cannot fill."""
    document = _open(template)
    found: dict[str, None] = {}
    for paragraph in _paragraphs(document):
        text = "".join(r.text for r in paragraph.runs)
        for m in PLACEHOLDER.finditer(text):
            found.setdefault(m.group(1))
    names = list(found)
    if not names:
        raise TemplateError(
            "様式に差し込み項目がありません。値を入れる箇所に {{契約名}} のように入力してください"
        )
    unknown = [n for n in names if n not in PLACEHOLDER_NAMES]
    if unknown:
        raise TemplateError(_unknown_message(unknown))
    return names


def _unknown_message(unknown: list[str]) -> str:
    names = "、".join("{{" + n + "}}" for n in unknown)
    known = "、".join("{{" + n + "}}" for n in PLACEHOLDER_NAMES)
    return f"様式に未対応の差し込み項目があります：{names}（使える項目：{known}）"


def fill_template(template: bytes, values: dict[str, str], *, as_of: dt.date) -> bytes:
    document = _open(template)
    missing: set[str] = set()
    for paragraph in _paragraphs(document):
        missing |= replace_in_paragraph(paragraph, values)
    if missing:
        raise TemplateError(_unknown_message(sorted(missing)))
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_ooxml(buffer.getvalue(), as_of)


def completion_report(
    *, contract: Contract, completed_on: dt.date, template: bytes | None = None
) -> bytes:
    values = placeholder_values(contract=contract, completed_on=completed_on)
    return fill_template(template or default_template(), values, as_of=completed_on)
