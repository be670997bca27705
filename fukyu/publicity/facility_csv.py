"""Read a 公共施設一覧 CSV (推奨データセット layout A, docs: ../shared/reference/opendata.md §1.2).

UTF-8 (with or without BOM) or CP932. The first 24 columns must be the standard ones in order;
extension columns after them (Tokyo adds 15) are ignored. Errors name the row as a spreadsheet
shows it (the header is row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from fukyu.core.models import Municipality
from fukyu.publicity.models import Facility

HEADER: tuple[str, ...] = (
    "都道府県コード又は市区町村コード",
    "NO",
    "都道府県名",
    "市区町村名",
    "名称",
    "名称_カナ",
    "名称_通称",
    "POIコード",
    "住所",
    "方書",
    "緯度",
    "経度",
    "電話番号",
    "内線番号",
    "法人番号",
    "団体名",
    "利用可能曜日",
    "開始時間",
    "終了時間",
    "利用可能日時特記事項",
    "説明",
    "バリアフリー情報",
    "URL",
    "備考",
)
# Column -> Facility field (the code and the municipality name are resolved separately).
FIELDS: dict[str, str] = {
    "NO": "number",
    "名称": "name",
    "名称_カナ": "kana",
    "名称_通称": "common_name",
    "POIコード": "poi_code",
    "住所": "address",
    "方書": "address_extra",
    "電話番号": "phone",
    "内線番号": "extension",
    "法人番号": "corporate_number",
    "団体名": "organisation",
    "利用可能曜日": "available_days",
    "利用可能日時特記事項": "availability_note",
    "説明": "description",
    "バリアフリー情報": "accessibility",
    "URL": "url",
    "備考": "remarks",
}
REQUIRED = ("名称", "名称_カナ", "住所")
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
MAX_ERRORS = 100
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


@dataclass
class FacilityRow:
    row: int
    municipality: Municipality
    local_code: str
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[int, str, str]:
        number = self.values["number"]
        return (
            (self.municipality.pk, "no", number)
            if number
            else (
                self.municipality.pk,
                "name",
                self.values["name"],
            )
        )


def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ValidationError(f"ファイルが大きすぎます（上限 {MAX_BYTES // (1024 * 1024)} MB）")
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        "文字コードを判別できません。UTF-8 または Shift_JIS（CP932）で保存してください"
    )


def _check_header(header: list[str]) -> None:
    names = [h.strip().lstrip("\ufeff") for h in header]
    if len(names) < len(HEADER):
        missing = "、".join(HEADER[len(names) :])
        raise ValidationError(
            f"1行目（見出し）: 公共施設一覧の24列がそろっていません（不足：{missing}）"
        )
    for i, expected in enumerate(HEADER):
        if names[i] != expected:
            raise ValidationError(
                f"1行目（見出し）: {i + 1}列目は「{expected}」のはずですが「{names[i]}」です。"
                "公共施設一覧（推奨データセット）の見出しの順に並べてください"
            )


def _norm(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


def _coordinate(text: str, label: str, limit: int) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(_norm(text))
    except InvalidOperation:
        raise ValueError(f"{label}「{text}」は数値ではありません") from None
    if not value.is_finite() or abs(value) > limit:
        raise ValueError(f"{label}「{text}」が範囲外です")
    return value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def _time(text: str, label: str) -> dt.time | None:
    if not text:
        return None
    match = _TIME.match(_norm(text))
    if not match or int(match[1]) > 23 or int(match[2]) > 59 or int(match[3] or 0) > 59:
        raise ValueError(f"{label}「{text}」は時刻（9:30 や 17:00 の形）ではありません")
    return dt.time(int(match[1]), int(match[2]), int(match[3] or 0))


class Resolver:
    """Finds the contract's municipality for a row's code or name."""

    def __init__(self, municipalities: list[Municipality], prefecture_code: str) -> None:
        self.by_code = {m.code: m for m in municipalities}
        self.by_code5 = {m.code[:5]: m for m in municipalities}
        self.by_name = {m.name: m for m in municipalities}
        self.prefecture5 = prefecture_code[:5]

    def __call__(self, code: str, name: str) -> Municipality:
        code, name = _norm(code), _norm(name)
        by_name = self.by_name.get(name) if name else None
        if name and by_name is None:
            raise ValueError(f"市区町村名「{name}」は契約の市町村にありません")
        if not code or code[:5] == self.prefecture5:
            if by_name is None:
                raise ValueError("県の施設は「市区町村名」に所在する市町村を入れてください")
            return by_name
        if not code.isdigit() or len(code) not in (5, 6):
            raise ValueError(f"市区町村コード「{code}」は5桁か6桁の数字で入れてください")
        found = self.by_code.get(code) if len(code) == 6 else self.by_code5.get(code)
        if found is None:
            raise ValueError(f"市区町村コード「{code}」は契約の市町村にありません")
        if by_name is not None and by_name != found:
            raise ValueError(f"市区町村コード「{code}」と市区町村名「{name}」が一致しません")
        return found


def _row(number: int, cells: list[str], resolve: Resolver, lengths: dict[str, int]) -> FacilityRow:
    data = dict(zip(HEADER, (c.strip() for c in cells), strict=False))
    for column in REQUIRED:
        if not data[column]:
            raise ValueError(f"「{column}」が空です")
    municipality = resolve(data["都道府県コード又は市区町村コード"], data["市区町村名"])
    values: dict[str, Any] = {name: data[column] for column, name in FIELDS.items()}
    for column, name in FIELDS.items():
        if len(values[name]) > lengths.get(name, 10**6):
            raise ValueError(f"「{column}」が長すぎます（{lengths[name]}文字まで）")
    if values["url"]:
        try:
            URLValidator()(values["url"])
        except ValidationError:
            raise ValueError(f"URL「{values['url']}」の形式が正しくありません") from None
    corporate = _norm(values["corporate_number"])
    if corporate and not (corporate.isdigit() and len(corporate) == 13):
        raise ValueError(f"法人番号「{values['corporate_number']}」は13桁の数字で入れてください")
    values["corporate_number"] = corporate
    values["latitude"] = _coordinate(data["緯度"], "緯度", 90)
    values["longitude"] = _coordinate(data["経度"], "経度", 180)
    values["opens_at"] = _time(data["開始時間"], "開始時間")
    values["closes_at"] = _time(data["終了時間"], "終了時間")
    return FacilityRow(
        row=number,
        municipality=municipality,
        local_code=_norm(data["都道府県コード又は市区町村コード"])[:6] or municipality.code,
        values=values,
    )


def parse(
    data: bytes, *, municipalities: list[Municipality], prefecture_code: str
) -> list[FacilityRow]:
    """Every row of the file, or a ValidationError listing every bad row (nothing half-read)."""
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationError("ファイルが空です") from None
    except csv.Error as exc:
        raise ValidationError(f"1行目: CSVとして読めません（{exc}）") from None
    _check_header(header)
    resolve = Resolver(municipalities, prefecture_code)
    lengths = {f.name: f.max_length for f in Facility._meta.concrete_fields if f.max_length}
    rows: list[FacilityRow] = []
    errors: list[str] = []
    seen: dict[tuple[int, str, str], int] = {}
    number = 1
    try:
        for cells in reader:
            number += 1
            if not any(c.strip() for c in cells):
                continue
            if number - 1 > MAX_ROWS:
                raise ValidationError(f"行数が多すぎます（{MAX_ROWS:,}行まで）")
            if len(cells) != len(header):
                errors.append(
                    f"{number}行目: 列の数が見出しと合いません（{len(cells)}列、見出しは{len(header)}列）"
                )
                continue
            try:
                parsed = _row(number, cells, resolve, lengths)
            except ValueError as exc:
                errors.append(f"{number}行目: {exc}")
                continue
            if parsed.key in seen:
                what = f"NO「{parsed.values['number']}」" if parsed.values["number"] else "名称"
                errors.append(f"{number}行目: {what}が{seen[parsed.key]}行目と重複しています")
                continue
            seen[parsed.key] = number
            rows.append(parsed)
    except csv.Error as exc:
        errors.append(f"{number}行目: CSVとして読めません（{exc}）")
    if errors:
        shown = errors[:MAX_ERRORS]
        if len(errors) > MAX_ERRORS:
            shown.append(f"ほか {len(errors) - MAX_ERRORS}件の誤りがあります")
        raise ValidationError(shown)
    if not rows:
        raise ValidationError("取り込む施設の行がありません")
    return rows
