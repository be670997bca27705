"""The public campaign site: editable content pages with their versions, site builds, and
anonymous page-view counts (a path and a day, nothing about the visitor)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from fukyu.core.models import Contract, MiniApp


class PageKind(models.TextChoices):
    TOP = "top", "トップページ"
    HOWTO = "howto", "インストール・登録の方法"
    DISASTER = "disaster", "災害時の使い方"
    MINI_APP = "mini_app", "ミニアプリ"
    NEWS = "news", "お知らせ"


# Pages that exist once per contract (a mini-app page exists once per mini-app).
SINGLE_KINDS = (PageKind.TOP, PageKind.HOWTO, PageKind.DISASTER)
SINGLE_PATHS = {PageKind.TOP: "/", PageKind.HOWTO: "/howto/", PageKind.DISASTER: "/disaster/"}

slug_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{0,59}$", "英小文字・数字・ハイフンで指定してください（60文字以内）"
)


class Page(models.Model):
    """One editable page of the public site; its text lives in `PageVersion` rows."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="site_pages")
    kind = models.CharField("種類", max_length=20, choices=PageKind.choices)
    mini_app = models.ForeignKey(
        MiniApp,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="site_pages",
        verbose_name="ミニアプリ",
    )
    slug = models.CharField(
        "URL名", max_length=60, blank=True, validators=[slug_validator], help_text="お知らせのURL"
    )
    news_date = models.DateField("掲載日", null=True, blank=True)
    published = models.ForeignKey(
        "PageVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="公開中の版",
    )
    created_at = models.DateTimeField("作成日時")
    updated_at = models.DateTimeField("更新日時")

    class Meta:
        verbose_name = "公開ページ"
        verbose_name_plural = "公開ページ"
        ordering = ["kind", "-news_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "kind"],
                condition=models.Q(kind__in=["top", "howto", "disaster"]),
                name="website_page_single_kind",
                violation_error_message="このページはすでにあります",
            ),
            models.UniqueConstraint(
                fields=["contract", "mini_app"],
                condition=models.Q(kind="mini_app"),
                name="website_page_one_per_mini_app",
                violation_error_message="このミニアプリのページはすでにあります",
            ),
            models.UniqueConstraint(
                fields=["contract", "slug"],
                condition=models.Q(kind="news"),
                name="website_page_news_slug",
                violation_error_message="このURL名のお知らせはすでにあります",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == PageKind.MINI_APP and self.mini_app is not None:
            return f"ミニアプリ: {self.mini_app.name}"
        if self.kind == PageKind.NEWS:
            return f"お知らせ: {self.slug}"
        return self.get_kind_display()

    @property
    def path(self) -> str:
        """The page's path on the public site."""
        if self.kind == PageKind.MINI_APP and self.mini_app is not None:
            return f"/apps/{self.mini_app.code.replace('_', '-')}/"
        if self.kind == PageKind.NEWS:
            return f"/news/{self.slug}/"
        return SINGLE_PATHS[PageKind(self.kind)]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == PageKind.MINI_APP and not self.mini_app_id:
            errors["mini_app"] = "ミニアプリを選んでください"
        if self.kind == PageKind.NEWS:
            if not self.slug:
                errors["slug"] = "お知らせのURL名を入力してください"
            if self.news_date is None:
                errors["news_date"] = "掲載日を入力してください"
        if self.mini_app is not None and self.mini_app.contract_id != self.contract_id:
            errors["mini_app"] = "この契約のミニアプリではありません"
        if errors:
            raise ValidationError(errors)


class PageVersion(models.Model):
    """A saved text of a page; never edited afterwards. Publishing points the page at one."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版")
    title = models.CharField("タイトル", max_length=100)
    summary = models.CharField(
        "概要（検索結果・SNSに表示）",
        max_length=160,
        help_text="120文字程度。検索結果やSNSでの共有時に表示されます",
    )
    body = models.TextField(
        "本文",
        max_length=20000,
        help_text="Markdown形式（## 見出し、- 箇条書き、[リンク文字](URL)）。HTMLは使えません",
    )
    note = models.CharField("変更内容のメモ", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="作成者",
    )
    created_at = models.DateTimeField("作成日時")
    published_at = models.DateTimeField("公開日時", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="公開者",
    )

    class Meta:
        verbose_name = "ページの版"
        verbose_name_plural = "ページの版"
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "number"],
                name="website_version_number",
                violation_error_message="この版番号はすでにあります",
            )
        ]

    def __str__(self) -> str:
        return f"{self.page} 第{self.number}版"


class BuildStatus(models.TextChoices):
    OK = "ok", "成功"
    FAILED = "failed", "失敗"


class SiteBuild(models.Model):
    """One run of the static-site build: why, by whom, what it produced, and the fingerprint of
    the data it was built from (compared with the live data to tell whether the site is stale)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="site_builds")
    reason = models.CharField("理由", max_length=200)
    actor_label = models.CharField("実行者", max_length=150)
    started_at = models.DateTimeField("開始日時")
    finished_at = models.DateTimeField("終了日時")
    status = models.CharField("結果", max_length=10, choices=BuildStatus.choices)
    out_dir = models.CharField("出力先", max_length=500)
    fingerprint = models.CharField("データの指紋", max_length=64)
    page_count = models.PositiveIntegerField("ページ数", default=0)
    file_count = models.PositiveIntegerField("ファイル数", default=0)
    total_bytes = models.PositiveBigIntegerField("合計サイズ", default=0)
    manifest = models.JSONField("ページ一覧", default=dict, blank=True)
    error = models.TextField("エラー", blank=True)

    class Meta:
        verbose_name = "サイト構築"
        verbose_name_plural = "サイト構築"
        # Newest first by insertion: the demo clock (FUKYU_TODAY) can move started_at back.
        ordering = ["-id"]
        indexes = [models.Index(fields=["contract", "status", "-id"])]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.get_status_display()}"

    @property
    def seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()


class PageViewDay(models.Model):
    """Views of one public page on one day. No cookie, address or browser data is kept."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="page_views")
    day = models.DateField("日付")
    path = models.CharField("ページ", max_length=300)
    views = models.PositiveIntegerField("閲覧数", default=0)

    class Meta:
        verbose_name = "ページ閲覧数（日別）"
        verbose_name_plural = "ページ閲覧数（日別）"
        ordering = ["-day", "path"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "day", "path"], name="website_pageview_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.path}: {self.views}"
