"""Reading an FAQ sheet (CSV in UTF-8 with or without BOM or in CP932, or XLSX) and loading it
all-or-nothing: every bad row is reported with its row number, and then nothing is saved."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from openpyxl import load_workbook

from fukyu.audit.services import audit_record
from fukyu.callcenter.models import FaqEntry
from fukyu.callcenter.models.faq import ANSWER_MAX, KEYWORDS_MAX, QUESTION_MAX
from fukyu.callcenter.services import faq_create, faq_update, keywords_clean
from fukyu.core.models import Contract, InquiryCategory, MiniApp

COLUMNS = ("question", "answer", "category", "mini_app", "public", "keywords")
# Japanese headers, as people who make the sheet in Excel tend to write them.
ALIASES = {
    "質問": "question",
    "回答": "answer",
    "類型": "category",
    "問い合わせ類型": "category",
    "ミニアプリ": "mini_app",
    "公開": "public",
    "キーワード": "keywords",
}
TRUE = {"1", "true", "yes", "はい", "〇", "○"}
FALSE = {"0", "false", "no", "いいえ", "", "×"}


class FaqImportError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class ImportRow:
    line: int
    question: str
    answer: str
    category: InquiryCategory | None
    mini_app: MiniApp | None
    is_public: bool
    keywords: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    reactivated: list[str] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_table(path: Path) -> list[tuple[int, list[str]]]:
    """(row number as the user sees it, cells) for every row, header first."""
    if not path.exists():
        raise FaqImportError([f"ファイルが見つかりません: {path}"])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise FaqImportError(
                [f"XLSXファイルとして読めません（{exc.__class__.__name__}）"]
            ) from exc
        sheet = book.worksheets[0]
        rows = [
            (n, [_text(c) for c in row])
            for n, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
        book.close()
        return rows
    if path.suffix.lower() not in (".csv", ".txt"):
        raise FaqImportError(["CSV（.csv）か Excel（.xlsx）のファイルを指定してください"])
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FaqImportError(
            ["文字コードを判別できません。UTF-8 か Shift_JIS（CP932）で保存してください"]
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    return [(reader.line_num, [c.strip() for c in row]) for row in reader]


def _header(cells: list[str]) -> list[str]:
    names = [ALIASES.get(c, c.lower()) for c in cells]
    while names and not names[-1]:
        names.pop()
    unknown = [c for c in names if c not in COLUMNS]
    missing = [c for c in ("question", "answer") if c not in names]
    errors = []
    if unknown:
        errors.append(f"1行目: 不明な列があります（{'、'.join(unknown)}）")
    if missing:
        errors.append(f"1行目: 必須の列がありません（{'、'.join(missing)}）")
    if errors:
        errors.append("見出しは question,answer,category,mini_app,public,keywords としてください")
        raise FaqImportError(errors)
    return names


def _lookup(model: type[InquiryCategory] | type[MiniApp], contract: Contract, value: str) -> Any:
    """By code, then by name (and a mini-app by its short name too)."""
    qs: Any = model.objects.filter(contract=contract)
    found = qs.filter(code=value).first() or qs.filter(name=value).first()
    if found is None and model is MiniApp:
        found = qs.filter(short_name=value).first()
    return found


def parse(path: Path, *, contract: Contract) -> list[ImportRow]:
    table = read_table(path)
    if not table:
        raise FaqImportError(["ファイルが空です"])
    line, first = table[0]
    names = _header(first)
    errors: list[str] = []
    rows: list[ImportRow] = []
    seen: dict[str, int] = {}
    categories: dict[str, InquiryCategory | None] = {}
    apps: dict[str, MiniApp | None] = {}
    for line, cells in table[1:]:
        if not any(cells):
            continue
        value = dict(zip(names, cells + [""] * (len(names) - len(cells)), strict=False))
        problems = []
        question, answer = value.get("question", ""), value.get("answer", "")
        if not question:
            problems.append("question（質問）が空です")
        elif len(question) > QUESTION_MAX:
            problems.append(f"question（質問）が{QUESTION_MAX}文字を超えています")
        elif question in seen:
            problems.append(f"question（質問）が{seen[question]}行目と重複しています")
        else:
            seen[question] = line
        if not answer:
            problems.append("answer（回答）が空です")
        elif len(answer) > ANSWER_MAX:
            problems.append(f"answer（回答）が{ANSWER_MAX}文字を超えています")
        code = value.get("category", "")
        if code and code not in categories:
            categories[code] = _lookup(InquiryCategory, contract, code)
        if code and categories[code] is None:
            problems.append(f"category「{code}」に当てはまる問い合わせ類型がありません")
        app = value.get("mini_app", "")
        if app and app not in apps:
            apps[app] = _lookup(MiniApp, contract, app)
        if app and apps[app] is None:
            problems.append(f"mini_app「{app}」に当てはまるミニアプリがありません")
        public = value.get("public", "").lower()
        if public not in TRUE | FALSE:
            problems.append(f"public「{public}」は 1/0、true/false、はい/いいえ で指定してください")
        keywords = keywords_clean(value.get("keywords", ""))
        if len(keywords) > KEYWORDS_MAX:
            problems.append(f"keywords（キーワード）が{KEYWORDS_MAX}文字を超えています")
        if problems:
            errors.extend(f"{line}行目: {p}" for p in problems)
            continue
        rows.append(
            ImportRow(
                line=line,
                question=question,
                answer=answer,
                category=categories.get(code) if code else None,
                mini_app=apps.get(app) if app else None,
                is_public=public in TRUE,
                keywords=keywords,
            )
        )
    if errors:
        raise FaqImportError([*errors, "エラーがあるため、1件も取り込んでいません"])
    if not rows:
        raise FaqImportError(["取り込むFAQがありません（見出しの行だけです）"])
    return rows


def faq_import(*, actor: Any, contract: Contract, path: Path) -> ImportResult:
    """Create or update (by question) every row of the file, in one transaction."""
    rows = parse(path, contract=contract)
    result = ImportResult()
    with transaction.atomic():
        existing = {e.question: e for e in FaqEntry.objects.filter(contract=contract)}
        for row in rows:
            values: dict[str, Any] = {
                "answer": row.answer,
                "category": row.category,
                "mini_app": row.mini_app,
                "keywords": row.keywords,
                "is_public": row.is_public,
            }
            entry = existing.get(row.question)
            if entry is None:
                faq_create(
                    actor=actor,
                    contract=contract,
                    question=row.question,
                    note=f"一括取込（{path.name}）",
                    **values,
                )
                result.created += 1
                continue
            before = entry.updated_at
            if not entry.is_active:
                result.reactivated.append(row.question)
            faq_update(
                actor=actor, entry=entry, is_active=True, note=f"一括取込（{path.name}）", **values
            )
            if entry.updated_at != before:
                result.updated += 1
            else:
                result.unchanged += 1
        audit_record(
            actor=actor,
            action="faq.import",
            object_type="callcenter.faqentry",
            object_repr=path.name,
            changes={"created": [None, result.created], "updated": [None, result.updated]},
        )
    return result
