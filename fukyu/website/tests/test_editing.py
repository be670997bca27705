"""Publicity staff edit pages in the back office: versions, preview, publish, rebuild, audit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from fukyu.accounts.models import User
from fukyu.audit.models import AuditEvent
from fukyu.core.models import MiniApp
from fukyu.website.models import Page, PageKind, PageVersion, SiteBuild

BODY = "## 新しい見出し\n\n広報担当が書いた本文（サンプル）です。\n\n- 項目1\n- 項目2\n"


@pytest.fixture
def publicity(
    contract: Any, make_user: Callable[..., User], login: Callable[[User], Client]
) -> Client:
    return login(make_user("publicity"))


def save_first_version(client: Client, kind: str = "howto", **extra: str) -> Page:
    response = client.post(
        f"/ops/website/pages/start/{kind}/",
        {
            "title": "インストール方法",
            "summary": "概要の文（サンプル）",
            "body": BODY,
            "note": "初版",
            **extra,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Page.objects.get(kind=kind)


def test_first_edit_starts_from_the_sample_text(publicity: Client) -> None:
    response = publicity.get("/ops/website/pages/start/howto/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "用意するもの" in html  # the sample body prefilled
    assert not Page.objects.exists()  # nothing saved by opening the form


def test_save_creates_an_unpublished_version_with_audit(publicity: Client, built: Path) -> None:
    page = save_first_version(publicity)
    version = page.versions.get()
    assert (version.number, version.title, page.published) == (1, "インストール方法", None)
    assert AuditEvent.objects.filter(
        action="site_page.version_create", object_id=str(page.pk)
    ).exists()
    # Still the sample text on the public site.
    assert "用意するもの" in (built / "howto/index.html").read_text()


def test_preview_shows_the_draft_in_the_public_layout(publicity: Client, built: Path) -> None:
    page = save_first_version(publicity)
    response = publicity.get(f"/ops/website/pages/{page.pk}/v/1/preview/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h2>新しい見出し</h2>" in html
    assert "プレビュー" in html and "まだ公開されていません" in html
    assert 'name="robots" content="noindex"' in html
    assert "pageview." not in html  # previews are not counted
    css = html.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    assert css.startswith("/ops/website/assets/site.")
    asset = publicity.get(css)
    assert asset.status_code == 200 and asset["Content-Type"] == "text/css"
    # The preview changed nothing public.
    assert "新しい見出し" not in (built / "howto/index.html").read_text()


def test_publish_rebuilds_the_site_and_is_audited(publicity: Client, built: Path) -> None:
    page = save_first_version(publicity)
    builds_before = SiteBuild.objects.count()
    response = publicity.post(f"/ops/website/pages/{page.pk}/v/1/publish/")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.published is not None and page.published.number == 1
    assert page.published.published_by is not None
    assert SiteBuild.objects.count() == builds_before + 1
    html = (built / "howto/index.html").read_text()
    assert "<h2>新しい見出し</h2>" in html
    assert "この文面はサンプルです" not in html
    assert AuditEvent.objects.filter(action="site_page.publish", object_id=str(page.pk)).exists()


def test_new_version_then_republish_and_history_is_kept(publicity: Client, built: Path) -> None:
    page = save_first_version(publicity)
    publicity.post(f"/ops/website/pages/{page.pk}/v/1/publish/")
    response = publicity.post(
        f"/ops/website/pages/{page.pk}/",
        {
            "title": "インストール方法（改訂）",
            "summary": "概要（サンプル）",
            "body": "## 改訂\n\n改訂した本文（サンプル）\n",
        },
    )
    assert response.status_code == 302
    assert list(page.versions.values_list("number", flat=True)) == [2, 1]
    assert "改訂した本文" not in (built / "howto/index.html").read_text()
    publicity.post(f"/ops/website/pages/{page.pk}/v/2/publish/")
    assert "改訂した本文" in (built / "howto/index.html").read_text()
    # Going back to version 1 is one click, since every version is kept.
    publicity.post(f"/ops/website/pages/{page.pk}/v/1/publish/")
    assert "<h2>新しい見出し</h2>" in (built / "howto/index.html").read_text()
    detail = publicity.get(f"/ops/website/pages/{page.pk}/").content.decode()
    assert "第2版" in detail and "第1版" in detail


def test_unpublish_brings_back_the_sample(publicity: Client, built: Path) -> None:
    page = save_first_version(publicity)
    publicity.post(f"/ops/website/pages/{page.pk}/v/1/publish/")
    assert publicity.post(f"/ops/website/pages/{page.pk}/unpublish/").status_code == 302
    page.refresh_from_db()
    assert page.published is None
    assert "用意するもの" in (built / "howto/index.html").read_text()
    assert AuditEvent.objects.filter(action="site_page.unpublish").exists()


def test_markup_is_escaped_and_h1_refused(publicity: Client, built: Path) -> None:
    response = publicity.post(
        "/ops/website/pages/start/top/",
        {"title": "トップ", "summary": "概要（サンプル）", "body": "# 大見出し\n\n本文"},
    )
    assert response.status_code == 200
    assert "「## 」から始めて" in response.content.decode()
    page = save_first_version(
        publicity,
        kind="top",
        body="## 見出し\n\n<img src=x onerror=alert(1)> [x](javascript:alert(1))\n",
    )
    publicity.post(f"/ops/website/pages/{page.pk}/v/1/publish/")
    html = (built / "index.html").read_text()
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html


def test_mini_app_page_edit(publicity: Client, contract: Any, built: Path) -> None:
    app = MiniApp.objects.get(contract=contract, code="survey")
    response = publicity.post(
        f"/ops/website/pages/start/app/{app.pk}/",
        {
            "title": "アンケートアプリ",
            "summary": "概要（サンプル）",
            "body": "## 特徴\n\n編集したアンケートの紹介（サンプル）\n",
        },
    )
    assert response.status_code == 302
    page = Page.objects.get(kind=PageKind.MINI_APP, mini_app=app)
    publicity.post(f"/ops/website/pages/{page.pk}/v/1/publish/")
    assert "編集したアンケートの紹介" in (built / "apps/survey/index.html").read_text()


def test_news_create_preview_publish(publicity: Client, built: Path) -> None:
    response = publicity.post(
        "/ops/website/news/new/",
        {
            "slug": "2024-12-events",
            "news_date": "2024-12-01",
            "title": "説明会の日程を公開しました（サンプル）",
            "summary": "県内7圏域の説明会の日程です（サンプル）",
            "body": "## 日程\n\nイベント日程のページをご覧ください。\n",
        },
    )
    assert response.status_code == 302
    page = Page.objects.get(kind=PageKind.NEWS)
    assert not (built / "news/2024-12-events").exists()
    publicity.post(f"/ops/website/pages/{page.pk}/v/1/publish/")
    item = (built / "news/2024-12-events/index.html").read_text()
    assert "説明会の日程を公開しました（サンプル）" in item and "令和6年12月1日" in item
    assert 'href="/news/2024-12-events/"' in (built / "news/index.html").read_text()
    assert 'href="/news/2024-12-events/"' in (built / "index.html").read_text()
    assert "/news/2024-12-events/" in (built / "sitemap.xml").read_text()
    duplicate = publicity.post(
        "/ops/website/news/new/",
        {
            "slug": "2024-12-events",
            "news_date": "2024-12-02",
            "title": "t",
            "summary": "s",
            "body": "b",
        },
    )
    assert duplicate.status_code == 200
    assert "すでにあります" in duplicate.content.decode()
    bad = publicity.post(
        "/ops/website/news/new/",
        {"slug": "日本語", "news_date": "", "title": "", "summary": "", "body": ""},
    )
    assert bad.status_code == 200 and Page.objects.filter(kind=PageKind.NEWS).count() == 1


def test_client_can_view_and_preview_but_not_change(
    contract: Any, make_user: Callable[..., User], login: Callable[[User], Client], client: Client
) -> None:
    from fukyu.website.services import page_start

    version = page_start(
        actor=None,
        contract=contract,
        kind="top",
        title="トップ",
        summary="概要（サンプル）",
        body="本文",
    )
    login(make_user("client"))
    assert client.get("/ops/website/pages/").status_code == 200
    assert client.get(f"/ops/website/pages/{version.page_id}/v/1/preview/").status_code == 200
    assert client.post(f"/ops/website/pages/{version.page_id}/v/1/publish/").status_code == 403
    assert (
        client.post(
            f"/ops/website/pages/{version.page_id}/", {"title": "x", "summary": "y", "body": "z"}
        ).status_code
        == 403
    )
    assert PageVersion.objects.count() == 1


def test_rebuild_button_and_dashboard(publicity: Client, built: Path) -> None:
    response = publicity.post("/ops/website/rebuild/")
    assert response.status_code == 302
    dashboard = publicity.get("/ops/website/").content.decode()
    assert "管理画面から再構築" in dashboard
    assert "公開サイトは最新のデータで構築されています" in dashboard


def test_page_list_query_count(
    publicity: Client, contract: Any, django_assert_max_num_queries: Any
) -> None:
    for kind in ("top", "howto", "disaster"):
        save_first_version(publicity, kind=kind)
    with django_assert_max_num_queries(12):
        assert publicity.get("/ops/website/pages/").status_code == 200


def test_services_rebuild_after_commit_for_other_callers(
    contract: Any, built: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from fukyu.website.services import page_publish, page_start, site_rebuild_soon

    version = page_start(
        actor=None,
        contract=contract,
        kind="disaster",
        title="災害時",
        summary="概要（サンプル）",
        body="## 手順\n\n避難所でQRを読む（サンプル）\n",
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page_publish(actor=None, version=version)
    assert len(callbacks) == 1
    assert "避難所でQRを読む（サンプル）" in (built / "disaster/index.html").read_text()
    with django_capture_on_commit_callbacks(execute=True):
        site_rebuild_soon(reason="FAQを公開")
    assert SiteBuild.objects.filter(reason="FAQを公開").exists()
