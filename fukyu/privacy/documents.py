"""PDF documents addressed to the prefecture: the deletion certificate, the incident report and
the summary of the inspection pack (ReportLab, built-in Japanese CID font, dates in 和暦)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract
from fukyu.core.pdf import GOTHIC, japanese_fonts
from fukyu.core.wareki import wareki
from fukyu.privacy.models import Incident, PurgeRun


@cache
def _styles() -> dict[str, ParagraphStyle]:
    japanese_fonts()
    base = ParagraphStyle("base", fontName=GOTHIC, fontSize=10.5, leading=16, wordWrap="CJK")
    return {
        "base": base,
        "title": ParagraphStyle(
            "title", parent=base, fontSize=17, leading=24, alignment=TA_CENTER, spaceAfter=8
        ),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "h2": ParagraphStyle("h2", parent=base, fontSize=12, leading=18, spaceBefore=8),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=12),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=13),
    }


def _p(text: str, style: str = "base") -> Paragraph:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Paragraph(escaped.replace("\n", "<br/>"), _styles()[style])


def _table(rows: Sequence[Sequence[str]], widths: Sequence[float]) -> Table:
    body = [[_p(str(cell), "cell") for cell in row] for row in rows]
    table = Table(body, colWidths=list(widths), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _build(target: Path | BytesIO, title: str, story: list[Flowable]) -> None:
    doc = SimpleDocTemplate(
        target if isinstance(target, BytesIO) else str(target),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=title,
        author="fukyu",
    )
    doc.build(story)


def _addressee(contract: Contract) -> list[Flowable]:
    cfg = contract.settings
    to = f"{cfg.client}{(' ' + cfg.client_department) if cfg.client_department else ''} 様"
    return [_p(to), Spacer(1, 2 * mm), _p(cfg.contractor, "right")]


def deletion_certificate_pdf(
    path: Path, *, contract: Contract, run: PurgeRun, compacted: bool
) -> Path:
    cfg = contract.settings
    at = run.at.astimezone(TOKYO)
    rows: list[list[str]] = [["個人情報の種類", "保存期間", "削除", "匿名化", "計"]]
    for item in run.counts.values():
        days = item.get("retention_days")
        rows.append(
            [
                str(item["label"]),
                "全件（契約終了）" if days is None else f"{days}日",
                f"{item['deleted']}件",
                f"{item['anonymised']}件",
                f"{int(item['deleted']) + int(item['anonymised'])}件",
            ]
        )
    rows.append(["合計", "", "", "", f"{run.total}件"])
    scope = (
        "契約の終了に伴い、保有するすべての個人情報"
        if run.mode == "all"
        else ("保存期間を経過した個人情報")
    )
    method = [
        "暗号化して保存していた個人情報の項目（暗号文を含む）を削除し、統計に用いる記録は"
        "個人を識別できない形に匿名化しました。",
        f"監査ログのうち個人情報を含む {run.audit_redacted}件 を墨消ししました（記録自体は保存）。",
    ]
    if compacted:
        method.append(
            "データベースの空き領域を上書き・再構成し（SQLite: secure_delete と VACUUM、"
            "PostgreSQL: VACUUM FULL）、削除した値が残らないようにしました。"
        )
    checks = [
        f"データベースの全テーブルの文字列項目 {run.scanned_columns}列 を、消去前に採取した"
        f" {run.scanned_values}通り の値と照合し、残存がないことを確認しました。",
        "データベースファイルの内容（バイト列）も照合し、残存がないことを確認しました。"
        if run.raw_file_scanned
        else "（PostgreSQL のためファイルの直接照合は対象外。列の照合で確認しました。）",
        "3文字未満の値は一般の語句と区別できないため照合の対象外です。",
    ]
    keys = _key_lines(run.key_disposal) if run.mode == "all" else []
    story: list[Flowable] = [
        _p(wareki(at), "right"),
        Spacer(1, 4 * mm),
        *_addressee(contract),
        Spacer(1, 6 * mm),
        _p("個人情報消去証明書", "title"),
        _p(
            f"「{cfg.name}」の実施に当たり取り扱った{scope}について、個人情報取扱特記事項"
            f"第10に基づき、下記のとおり消去したことを証明します。"
        ),
        Spacer(1, 4 * mm),
        _p("記", "title"),
        _p("1　消去した個人情報", "h2"),
        _table(rows, [60 * mm, 35 * mm, 25 * mm, 25 * mm, 25 * mm]),
        _p("2　消去の方法", "h2"),
        *[_p(f"・{m}") for m in method],
        _p("3　消去の確認", "h2"),
        *[_p(f"・{c}") for c in checks],
        *([_p("4　暗号鍵の破棄", "h2"), *[_p(f"・{k}") for k in keys]] if keys else []),
        _p(f"{5 if keys else 4}　実施日時・実施者", "h2"),
        _p(f"{wareki(at)} {at:%H時%M分}（消去記録 第{run.pk}号、実行者 {run.actor_label}）"),
        Spacer(1, 10 * mm),
        _p(f"個人情報管理責任者　{run.responsible}　㊞", "right"),
    ]
    _build(path, "個人情報消去証明書", story)
    return path


def _key_lines(disposal: dict[str, Any]) -> list[str]:
    kids = "、".join([*disposal.get("data_kids", []), *disposal.get("hmac_kids", [])])
    lines = []
    if disposal.get("destroyed_file"):
        lines.append(
            f"個人情報の暗号化と検索用索引に用いた鍵（鍵ID {kids}）を格納した鍵ファイルを、"
            "無作為なデータで上書きしたうえで削除しました。索引鍵も破棄したため、通話記録などに"
            "残る電話番号のハッシュ値も、元の番号と照合することはできません。"
        )
    lines += [
        f"環境変数 {var} で供給されている鍵はシステムから破棄できないため、運用者が"
        "その値と控えを破棄します（破棄予定）。"
        for var in disposal.get("operator_vars", [])
    ]
    if not lines:
        return ["暗号鍵の破棄は記録されていません。"]
    lines.append(
        "鍵がないため、バックアップ等に残る暗号化された個人情報は復号できません。"
        "鍵ファイルの控え（データベースとは別に保管したもの）も併せて破棄してください。"
    )
    return lines


def incident_report_pdf(incident: Incident, *, actions: Sequence[Any]) -> bytes:
    contract = incident.contract
    cfg = contract.settings

    def when(value: Any) -> str:
        return (
            f"{wareki(value.astimezone(TOKYO))} {value.astimezone(TOKYO):%H時%M分}"
            if value
            else "不明"
        )

    facts = [
        ["項目", "内容"],
        ["件名", incident.title],
        ["発生状況", incident.what_happened],
        ["個人情報の内容", incident.data_kinds],
        ["件数", f"{incident.people_affected}人（{incident.records_affected}件）"],
        ["発生場所", incident.location],
        ["発生日時", when(incident.occurred_at)],
        ["発見日時", when(incident.discovered_at)],
        ["発注者への第一報", when(incident.notified_at) if incident.notified_at else "未通知"],
        ["原因", incident.cause or "調査中"],
        ["再発防止策", incident.prevention or "検討中"],
        ["状況", incident.get_status_display()],
    ]
    timeline = [["日時", "種別", "内容", "記録者"]] + [
        [when(a.at), a.get_kind_display(), a.description, a.actor_label] for a in actions
    ]
    buffer = BytesIO()
    story: list[Flowable] = [
        _p(wareki(incident.reported_at.astimezone(TOKYO)), "right"),
        Spacer(1, 4 * mm),
        *_addressee(contract),
        Spacer(1, 6 * mm),
        _p("個人情報に関する事故報告書", "title"),
        _p(
            f"「{cfg.name}」において個人情報の漏えい等の事故が発生したため、個人情報取扱特記事項"
            f"第17に基づき、下記のとおり報告します。（事故 第{incident.pk}号）"
        ),
        Spacer(1, 3 * mm),
        _table(facts, [40 * mm, 130 * mm]),
        _p("対応の経過", "h2"),
        _table(timeline, [38 * mm, 25 * mm, 80 * mm, 27 * mm]),
    ]
    _build(buffer, "個人情報に関する事故報告書", story)
    return buffer.getvalue()


def pack_summary_pdf(
    *, contract: Contract, generated: Any, sections: Sequence[tuple[str, str, int]]
) -> bytes:
    """`sections`: (file name in the archive, what it holds, rows)."""
    rows = [["ファイル", "内容", "件数"]] + [[f, label, f"{n}件"] for f, label, n in sections]
    buffer = BytesIO()
    story: list[Flowable] = [
        _p(wareki(generated.astimezone(TOKYO)), "right"),
        Spacer(1, 4 * mm),
        *_addressee(contract),
        Spacer(1, 6 * mm),
        _p("個人情報の取扱状況に関する資料（実地調査用）", "title"),
        _p(
            f"「{contract.settings.name}」における個人情報の取扱状況について、個人情報取扱特記"
            f"事項第14・第15に基づく調査・報告のための資料を次のとおり提出します。"
            f"各ファイルは UTF-8（BOM付き）の CSV です。個人情報そのものは含みません。"
        ),
        Spacer(1, 3 * mm),
        _table(rows, [55 * mm, 90 * mm, 25 * mm]),
        _p(
            f"作成日時：{wareki(generated.astimezone(TOKYO))} {generated.astimezone(TOKYO):%H時%M分}",
            "small",
        ),
    ]
    _build(buffer, "個人情報の取扱状況に関する資料", story)
    return buffer.getvalue()
