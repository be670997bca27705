"""`manage.py import_faq`: CSV in three encodings and XLSX, all-or-nothing, re-import updates."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.callcenter.models import FaqEntry, FaqRevision
from fukyu.callcenter.services import faq_retire
from fukyu.core.models import Contract

pytestmark = pytest.mark.usefixtures("contract")
HEADER = ["question", "answer", "category", "mini_app", "public", "keywords"]
ROWS = [
    [
        "暗証番号を忘れました",
        "市区町村の窓口で再設定できます。",
        "mynumber_card",
        "",
        "はい",
        "PIN、パスワード,暗証",
    ],
    [
        "原子力防災が表示されない",
        "30km圏内の住所の方にだけ表示されます。",
        "ミニアプリの利用",
        "原子力防災",
        "0",
        "",
    ],
    [
        "ｱﾌﾟﾘはどこで入手できますか",
        "App Store と Google Play です。",
        "install",
        "",
        "true",
        "ダウンロード",
    ],
]


def write_csv(path: Path, rows: list[list[str]], encoding: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return path


def run(path: Path) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_faq", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_in_each_encoding(tmp_path: Path, encoding: str) -> None:
    path = write_csv(tmp_path / "faq.csv", ROWS, encoding)
    if encoding == "cp932":
        assert path.read_bytes().decode("cp932").startswith("question")
        with pytest.raises(UnicodeDecodeError):
            path.read_bytes().decode("utf-8")
    output = run(path)
    assert "新規 3件" in output
    pin = FaqEntry.objects.get(question="暗証番号を忘れました")
    assert pin.category is not None and pin.category.code == "mynumber_card"
    assert pin.keywords == "PIN パスワード 暗証" and pin.is_public
    nuclear = FaqEntry.objects.get(question="原子力防災が表示されない")
    assert nuclear.mini_app is not None and nuclear.mini_app.code == "nuclear_evacuation"
    assert nuclear.category is not None and nuclear.category.code == "mini_app"
    assert not nuclear.is_public
    assert FaqRevision.objects.filter(entry=pin, revision=1).exists()
    assert AuditEvent.objects.filter(action="faq.import").count() == 1


def test_xlsx(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    sheet.append([None] * 6)  # blank rows are skipped
    sheet.append(["数値の公開フラグ", "はい", "other", None, 1, None])
    path = tmp_path / "faq.xlsx"
    book.save(path)
    assert "新規 4件" in run(path)
    assert FaqEntry.objects.get(question="数値の公開フラグ").is_public


def test_bad_rows_are_listed_and_nothing_is_loaded(tmp_path: Path) -> None:
    rows = [
        ROWS[0],
        ["", "回答だけ", "", "", "", ""],
        ["類型が違う", "回答", "nope", "", "", ""],
        ["公開が変", "回答", "", "", "たぶん", ""],
        ["アプリが違う", "回答", "", "nope_app", "", ""],
        ["暗証番号を忘れました", "重複", "", "", "", ""],
        ["回答なし", "", "", "", "", ""],
    ]
    path = write_csv(tmp_path / "bad.csv", rows, "utf-8")
    with pytest.raises(CommandError) as info:
        run(path)
    message = str(info.value)
    for expected in [
        "3行目: question（質問）が空です",
        "4行目: category「nope」",
        "5行目: public「たぶん」",
        "6行目: mini_app「nope_app」",
        "7行目: question（質問）が2行目と重複しています",
        "8行目: answer（回答）が空です",
        "1件も取り込んでいません",
    ]:
        assert expected in message
    assert FaqEntry.objects.count() == 0


def test_bad_header_and_unknown_encoding(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("質問,こたえ\nQ,A\n", encoding="utf-8")
    with pytest.raises(CommandError, match="不明な列があります（こたえ）"):
        run(path)
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"question,answer\n\x82\xff\xfe,\x80\x80\n")
    with pytest.raises(CommandError, match="文字コード"):
        run(binary)
    with pytest.raises(CommandError, match="ファイルが見つかりません"):
        run(tmp_path / "none.csv")


def test_reimport_updates_by_question(
    tmp_path: Path, contract: Contract, make_user: Callable[..., User]
) -> None:
    run(write_csv(tmp_path / "a.csv", ROWS, "utf-8"))
    pin = FaqEntry.objects.get(question="暗証番号を忘れました")
    faq_retire(actor=make_user("supervisor"), entry=pin)
    changed = [
        ["暗証番号を忘れました", "新しい回答です。", "mynumber_card", "", "1", "PIN"],
        *ROWS[1:],
    ]
    output = run(write_csv(tmp_path / "b.csv", changed, "utf-8"))
    assert "新規 0件、更新 1件、変更なし 2件" in output
    assert "再び有効にしました：暗証番号を忘れました" in output
    pin.refresh_from_db()
    assert pin.answer == "新しい回答です。" and pin.is_active
    assert FaqEntry.objects.count() == 3
    assert list(pin.revisions.values_list("revision", flat=True).order_by("revision")) == [1, 2, 3]


def test_the_shipped_synthetic_faq_loads() -> None:
    path = Path(settings.BASE_DIR) / "fukyu/callcenter/fixtures/faq_pocketsign_synthetic.csv"
    assert "新規 61件" in run(path)
    assert FaqEntry.objects.filter(is_public=True).count() > 50
