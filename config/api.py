"""The API at /api/v1/: each app adds its router from its own api.py."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from fukyu.callcenter.api import router as callcenter_router
from fukyu.core.api import router as core_router
from fukyu.core.selectors import NoActiveContractError
from fukyu.governance.api import router as governance_router
from fukyu.outreach.api import router as outreach_router
from fukyu.privacy.api import router as privacy_router
from fukyu.publicity.api import router as publicity_router
from fukyu.reports.api import router as reports_router
from fukyu.staffing.api import router as staffing_router
from fukyu.website.api import router as website_router


class JapaneseJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=JapaneseJSONRenderer(),
    title="fukyu API",
    version="1",
    description="デジタル身分証アプリ普及キャンペーン業務の API。エラーは日本語の detail を返します。",
    urls_namespace="api",
)

_TYPE_MESSAGES = {
    "missing": "必須の項目です",
    "string_too_long": "文字数が上限を超えています",
    "string_too_short": "文字数が足りません",
    "int_parsing": "整数で指定してください",
    "float_parsing": "数値で指定してください",
    "bool_parsing": "true または false で指定してください",
    "datetime_parsing": "日時は ISO 8601 形式で指定してください",
    "datetime_from_date_parsing": "日時は ISO 8601 形式で指定してください",
    "date_parsing": "日付は YYYY-MM-DD 形式で指定してください",
    "date_from_datetime_parsing": "日付は YYYY-MM-DD 形式で指定してください",
    "literal_error": "指定できない値です",
    "enum": "指定できない値です",
    "uuid_parsing": "UUID の形式で指定してください",
    "json_invalid": "JSON として読めません",
    "list_type": "配列で指定してください",
    "dict_type": "オブジェクトで指定してください",
    "model_attributes_type": "オブジェクトで指定してください",
    "string_type": "文字列で指定してください",
    "int_type": "整数で指定してください",
    "greater_than_equal": "値が小さすぎます",
    "less_than_equal": "値が大きすぎます",
}


def _field_name(loc: list[object]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "header")]
    return ".".join(parts) or "(入力)"


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {
            "field": _field_name(list(e.get("loc", []))),
            "message": _TYPE_MESSAGES.get(str(e.get("type")), "入力が正しくありません"),
        }
        for e in exc.errors
    ]
    detail = "、".join(f"{e['field']}: {e['message']}" for e in errors)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": field, "message": str(m)}
            for field, msgs in exc.message_dict.items()
            for m in msgs
        ]
    else:
        errors = [{"field": "(入力)", "message": str(m)} for m in exc.messages]
    detail = "、".join(f"{e['field']}: {e['message']}" for e in errors)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": "認証が必要です（Authorization: Bearer <トークン>）"}, status=401
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "見つかりません"}, status=404)


def api_not_found(request: HttpRequest) -> HttpResponse:
    """Paths under /api/ that name no endpoint (mounted after the API's own URLs)."""
    return api.create_response(
        request,
        {"detail": "APIのエンドポイントが見つかりません（/api/v1/docs を参照）"},
        status=404,
    )


@api.exception_handler(PermissionDenied)
def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": "この操作を行う権限がありません"}, status=403)


@api.exception_handler(NoActiveContractError)
def on_no_contract(request: HttpRequest, exc: NoActiveContractError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=503)


for router in (
    core_router,
    callcenter_router,
    staffing_router,
    outreach_router,
    website_router,
    publicity_router,
    governance_router,
    privacy_router,
    reports_router,
):
    api.add_router("/", router)
