"""The deliverables package: reproducible bytes, a manifest `sha256sum -c` verifies."""

from __future__ import annotations

import csv
import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fukyu.core.models import Contract


def build(tmp_path: Path, name: str) -> Path:
    out = tmp_path / name
    call_command("deliverables", "--out", str(out), "--date", "2025-03-31")
    (path,) = out.iterdir()
    return path


def test_same_data_and_date_give_the_same_bytes(contract: Contract, tmp_path: Path) -> None:
    first, second = build(tmp_path, "a"), build(tmp_path, "b")
    assert first.name == "miyagi-r6_成果品_20250331.zip"
    assert first.read_bytes() == second.read_bytes()


def test_manifest_verifies_with_sha256sum(contract: Contract, tmp_path: Path) -> None:
    package = build(tmp_path, "pkg")
    target = tmp_path / "unzipped"
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        archive.extractall(target)
    assert names == [*sorted(names[:-2]), "MANIFEST.csv", "MANIFEST.sha256"]
    result = subprocess.run(
        ["sha256sum", "-c", "MANIFEST.sha256"],
        cwd=target,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "README.txt: OK" in result.stdout
    rows = list(csv.reader(io.StringIO((target / "MANIFEST.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["ファイル", "サイズ（バイト）", "SHA-256", "説明"]
    sizes = {r[0]: int(r[1]) for r in rows[1:]}
    for path, size in sizes.items():
        assert (target / path).stat().st_size == size
    readme = (target / "README.txt").read_text(encoding="utf-8")
    assert "令和7年3月31日" in readme
    assert "05_データ/基本情報/市町村一覧.csv" in readme


def test_datasets_are_excel_friendly_csv(contract: Contract, tmp_path: Path) -> None:
    with zipfile.ZipFile(build(tmp_path, "pkg")) as archive:
        data = archive.read("05_データ/基本情報/市町村一覧.csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 36
    assert ["042021", "石巻市", "いしのまきし", "ishinomaki", "石巻"] in rows


def test_bad_date_is_a_clear_error(contract: Contract, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("deliverables", "--out", str(tmp_path), "--date", "2025-13-01")
