"""The deliverables package (成果品の電子データ): every app contributes its files through a
`deliverables.py` module defining `files(*, contract, as_of) -> Iterable[DeliverableFile]`.

The package is reproducible: the same data and the same `as_of` date give the same bytes
(fixed ZIP timestamps and permissions, entries in a stable order, deterministic compression).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath

from fukyu.core.discovery import app_hooks
from fukyu.core.exports import DeliverableFile, csv_bytes
from fukyu.core.models import Contract
from fukyu.core.wareki import wareki
from fukyu.reports.completion import completion_report
from fukyu.reports.perf_render import render_docx, render_pdf, render_xlsx
from fukyu.reports.performance import performance_report
from fukyu.reports.selectors import active_completion_template, completion_template_bytes

REPORTS = "03_報告書"


def files(*, contract: Contract, as_of: dt.date) -> Iterator[DeliverableFile]:
    """This app's own contribution: the performance report (three formats) and the
    completion report."""
    report = performance_report(contract=contract, as_of=as_of)
    yield DeliverableFile(
        f"{REPORTS}/実績報告書.pdf", render_pdf(report), "実績報告書（提出用PDF）"
    )
    yield DeliverableFile(
        f"{REPORTS}/実績報告書.docx", render_docx(report), "実績報告書（編集用Word）"
    )
    yield DeliverableFile(
        f"{REPORTS}/実績報告書_集計表.xlsx",
        render_xlsx(report),
        "実績報告書の図表の元データ（Excel）",
    )
    yield DeliverableFile(
        f"{REPORTS}/業務完了報告書.docx",
        completion_report(
            contract=contract,
            completed_on=as_of,
            template=completion_template_bytes(contract=contract),
        ),
        "業務完了報告書（標準様式）"
        if active_completion_template(contract=contract) is None
        else "業務完了報告書（県の指定様式）",
    )


def collect(*, contract: Contract, as_of: dt.date) -> list[DeliverableFile]:
    files: list[DeliverableFile] = []
    for _label, hook in app_hooks("deliverables", "files"):
        files.extend(hook(contract=contract, as_of=as_of))
    seen: set[str] = set()
    for f in files:
        path = PurePosixPath(f.path)
        if path.is_absolute() or ".." in path.parts or not f.path:
            raise ValueError(f"invalid deliverable path: {f.path!r}")
        if f.path in seen:
            raise ValueError(f"duplicate deliverable path: {f.path!r}")
        seen.add(f.path)
    return sorted(files, key=lambda f: f.path)


def _readme(contract: Contract, as_of: dt.date, files: list[DeliverableFile]) -> bytes:
    cfg = contract.settings
    lines = [
        f"{cfg.name}　成果品の電子データ",
        "",
        f"発注者：{cfg.client}",
        f"受注者：{cfg.contractor}",
        f"作成日：{wareki(as_of)}",
        f"提出期限：{wareki(cfg.deliverables_due_on)}",
        "",
        "収録ファイル",
        *[f"・{f.path}　{f.description}" for f in files],
        "",
        "ファイルの確認方法",
        "・MANIFEST.csv に各ファイルのサイズ（バイト）、SHA-256 と説明を記載しています。",
        "・展開したフォルダで `sha256sum -c MANIFEST.sha256` を実行すると、すべてのファイルが",
        "  改変されていないことを確認できます。",
        "・CSV は UTF-8（BOM付き）で、Excel でそのまま開けます。",
        "",
    ]
    return "\r\n".join(lines).encode("utf-8")


def _manifest(files: list[DeliverableFile]) -> tuple[bytes, bytes]:
    sums = "".join(f"{hashlib.sha256(f.data).hexdigest()}  {f.path}\n" for f in files)
    table = csv_bytes(
        ["ファイル", "サイズ（バイト）", "SHA-256", "説明"],
        ([f.path, len(f.data), hashlib.sha256(f.data).hexdigest(), f.description] for f in files),
    )
    return sums.encode("utf-8"), table


def build_package(*, contract: Contract, as_of: dt.date) -> bytes:
    """The whole package as ZIP bytes."""
    content = collect(contract=contract, as_of=as_of)
    readme = DeliverableFile("README.txt", b"", "この説明書")
    readme = DeliverableFile(
        readme.path, _readme(contract, as_of, [*content, readme]), readme.description
    )
    listed = sorted([*content, readme], key=lambda f: f.path)
    sums, table = _manifest(listed)
    everything = [
        *listed,
        DeliverableFile("MANIFEST.csv", table, "ファイル一覧（サイズ・SHA-256・説明）"),
        DeliverableFile("MANIFEST.sha256", sums, "sha256sum -c で検証できるハッシュ一覧"),
    ]
    stamp = (as_of.year, as_of.month, as_of.day, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for f in everything:
            info = zipfile.ZipInfo(f.path, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever machine builds it
            info.flag_bits |= 0x800  # file names are UTF-8
            archive.writestr(info, f.data, compresslevel=9)
    return buffer.getvalue()


def package_name(contract: Contract, as_of: dt.date) -> str:
    return f"{contract.code}_成果品_{as_of:%Y%m%d}.zip"
