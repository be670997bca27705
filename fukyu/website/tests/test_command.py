"""manage.py build_site."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from fukyu.core.models import Contract
from fukyu.website.models import SiteBuild


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("build_site", *args, stdout=out)
    return out.getvalue()


def test_build_site_writes_to_the_given_folder(contract: Any, tmp_path: Path) -> None:
    out = tmp_path / "public"
    message = run("--out", str(out), "--base-url", "https://campaign.example.jp/")
    assert "13ページ" in message and str(out) in message
    assert (out / "index.html").is_file()
    assert "https://campaign.example.jp/faq/" in (out / "sitemap.xml").read_text()
    assert SiteBuild.objects.get().out_dir == str(out.resolve())


def test_if_stale_skips_an_unchanged_site(contract: Any, site_dir: Path) -> None:
    run()
    assert (site_dir / "index.html").is_file()
    assert "最新です" in run("--if-stale")
    assert SiteBuild.objects.count() == 1
    contract.mini_apps.filter(code="survey").update(description="説明を変更（サンプル）")
    assert "書き出しました" in run("--if-stale")
    assert SiteBuild.objects.count() == 2


def test_without_a_contract_it_says_so(db: Any, tmp_path: Path) -> None:
    Contract.objects.all().delete()
    with pytest.raises(CommandError, match="稼働中の契約がありません"):
        run("--out", str(tmp_path / "x"))
