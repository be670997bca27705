"""Back office of the public site (/ops/website/): status and rebuild, page editing with
versions, preview and publishing, news, and page views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fukyu.accounts.permissions import has_perm, require_perm
from fukyu.core import clock
from fukyu.core.forms import add_service_errors
from fukyu.core.models import MiniApp
from fukyu.core.selectors import active_contract
from fukyu.website import build, selectors, services
from fukyu.website.content import default_text, mini_app_default
from fukyu.website.forms import NewsForm, VersionForm
from fukyu.website.models import Page, PageKind, PageVersion
from fukyu.website.sitedata import collect, site_url

SINGLE = {"top": PageKind.TOP, "howto": PageKind.HOWTO, "disaster": PageKind.DISASTER}


def _require_manage(request: HttpRequest) -> None:
    """Readers (publicity_read) may open the edit pages; saving needs publicity_manage."""
    if not has_perm(request.user, "publicity_manage"):
        raise PermissionDenied("この操作を行う権限がありません")


def _rebuild_and_report(request: HttpRequest, reason: str) -> None:
    try:
        done = services.site_rebuild(reason=reason, actor=request.user)
    except services.SiteBuildError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"公開サイトを再構築しました（{done.page_count}ページ・{done.seconds:.2f}秒）"
        )


@require_perm("publicity_read")
def dashboard(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    return render(
        request,
        "website/ops/dashboard.html",
        {
            "status": selectors.site_status(contract=contract),
            "builds": selectors.build_list(contract=contract, limit=10),
            "by_month": selectors.page_views_by_month(contract=contract),
            "by_page": selectors.page_views_by_page(contract=contract)[:20],
            "site_url": site_url(),
        },
    )


@require_perm("publicity_manage")
@require_POST
def rebuild(request: HttpRequest) -> HttpResponse:
    _rebuild_and_report(request, "管理画面から再構築")
    return redirect("website:dashboard")


@require_perm("publicity_read")
def page_index(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    return render(
        request,
        "website/ops/pages.html",
        {
            "pages": selectors.editable_pages(contract=contract),
            "news": selectors.news_list(contract=contract),
        },
    )


def _start(request: HttpRequest, kind: str, app: MiniApp | None) -> HttpResponse:
    """The first edit of a page: the form starts from the sample text; saving creates it."""
    contract = active_contract()
    existing = Page.objects.filter(contract=contract, kind=kind, mini_app=app).first()
    if existing is not None:
        return redirect("website:page", pk=existing.pk)
    text = (
        mini_app_default(code=app.code, name=app.name, description=app.description)
        if app is not None
        else default_text(kind)
    )
    initial = {"title": text.title, "summary": text.summary, "body": text.body} if text else {}
    form = VersionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        _require_manage(request)
        if form.is_valid():
            try:
                version = services.page_start(
                    actor=request.user,
                    contract=contract,
                    kind=kind,
                    mini_app=app,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"第{version.number}版を保存しました（未公開）")
                return redirect("website:page", pk=version.page_id)
    label = f"ミニアプリ: {app.name}" if app else PageKind(kind).label
    return render(
        request, "website/ops/page_start.html", {"form": form, "label": label, "is_new": True}
    )


@require_perm("publicity_read")
def page_start(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in SINGLE:
        raise Http404("ページが見つかりません")
    return _start(request, SINGLE[kind], None)


@require_perm("publicity_read")
def page_start_app(request: HttpRequest, app_pk: int) -> HttpResponse:
    app = get_object_or_404(MiniApp, pk=app_pk, contract=active_contract(), is_active=True)
    return _start(request, PageKind.MINI_APP, app)


def _page(pk: int) -> Page:
    try:
        return selectors.page_get(contract=active_contract(), pk=pk)
    except Page.DoesNotExist:
        raise Http404("ページが見つかりません") from None


def _version(page: Page, number: int) -> PageVersion:
    try:
        return selectors.version_get(page=page, number=number)
    except PageVersion.DoesNotExist:
        raise Http404("版が見つかりません") from None


@require_perm("publicity_read")
def page_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = _page(pk)
    versions = list(selectors.version_list(page=page))
    latest = versions[0] if versions else None
    initial = (
        {"title": latest.title, "summary": latest.summary, "body": latest.body} if latest else {}
    )
    form = VersionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        _require_manage(request)
        if form.is_valid():
            try:
                version = services.page_version_create(
                    actor=request.user, page=page, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"第{version.number}版を保存しました（未公開）。プレビューで確認してから公開してください",
                )
                return redirect("website:page", pk=page.pk)
    return render(
        request,
        "website/ops/page_detail.html",
        {"page": page, "versions": versions, "form": form, "site_url": site_url()},
    )


@require_perm("publicity_read")
def version_preview(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    page = _page(pk)
    version = _version(page, number)
    data = collect(contract=page.contract, today=clock.today(), preview=version)
    html = build.render_one(
        data,
        page.path,
        asset_prefix=reverse("website:asset", kwargs={"name": "x"})[:-1],
        preview={
            "label": f"{page} 第{version.number}版",
            "back": reverse("website:page", kwargs={"pk": page.pk}),
        },
    )
    if html is None:
        raise Http404("このページは公開サイトに表示されません（ミニアプリが無効です）")
    response = HttpResponse(html)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_perm("publicity_manage")
@require_POST
def version_publish(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    page = _page(pk)
    version = _version(page, number)
    services.page_publish(actor=request.user, version=version, rebuild=False)
    messages.success(request, f"{page} の第{version.number}版を公開しました")
    _rebuild_and_report(request, f"{page}を公開（第{version.number}版）")
    return redirect("website:page", pk=page.pk)


@require_perm("publicity_manage")
@require_POST
def page_unpublish_view(request: HttpRequest, pk: int) -> HttpResponse:
    page = _page(pk)
    try:
        services.page_unpublish(actor=request.user, page=page, rebuild=False)
    except ValidationError as exc:
        messages.error(request, "、".join(exc.messages))
    else:
        messages.success(request, f"{page} の公開を停止しました")
        _rebuild_and_report(request, f"{page}の公開を停止")
    return redirect("website:page", pk=page.pk)


@require_perm("publicity_manage")
def news_new(request: HttpRequest) -> HttpResponse:
    contract = active_contract()
    form = NewsForm(request.POST or None, initial={"news_date": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            version = services.news_create(
                actor=request.user, contract=contract, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                "お知らせを保存しました（未公開）。プレビューで確認してから公開してください",
            )
            return redirect("website:page", pk=version.page_id)
    return render(
        request, "website/ops/page_start.html", {"form": form, "label": "お知らせ", "is_new": True}
    )


@require_perm("publicity_read")
def preview_asset(request: HttpRequest, name: str) -> HttpResponse:
    """The site's CSS, script and icon for previews (the built site may be older)."""
    files = build.asset_files()
    if name not in files:
        raise Http404("ファイルが見つかりません")
    ext = name.rsplit(".", 1)[-1]
    types = {"css": "text/css", "js": "text/javascript", "svg": "image/svg+xml", "png": "image/png"}
    response = HttpResponse(files[name], content_type=types.get(ext, "application/octet-stream"))
    response["Cache-Control"] = "private, max-age=3600"
    return response
