"""Parse and validate one contract's TOML file into typed, immutable configuration.

Nothing here touches the database: `services.contract_load` stores what this returns. Every
refusal names the file, the key and the problem, in Japanese, because the person who reads it
is the one editing the file.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
_CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_CONTRACT_CODE_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
_MONTH_DAY_RE = re.compile(r"^(\d{2})-(\d{2})$")


class ContractConfigError(ValueError):
    def __init__(self, source: str, key: str, problem: str) -> None:
        self.source = source
        self.key = key
        self.problem = problem
        super().__init__(f"{source}: {key}: {problem}")


def municipality_check_digit(code5: str) -> int:
    """JIS X 0402 check digit of a 5-digit local-government code (総務省 mod-11 rule)."""
    weights = (6, 5, 4, 3, 2)
    total = sum(int(d) * w for d, w in zip(code5, weights, strict=True))
    return (11 - total % 11) % 10


def municipality_code_valid(code: str) -> bool:
    return len(code) == 6 and code.isdigit() and municipality_check_digit(code[:5]) == int(code[5])


@dataclass(frozen=True)
class MonthDay:
    month: int
    day: int

    def on(self, year: int) -> dt.date:
        return dt.date(year, self.month, self.day)


@dataclass(frozen=True)
class RegionConfig:
    code: str
    name: str
    official_name: str
    order: int


@dataclass(frozen=True)
class MunicipalityConfig:
    code: str
    name: str
    kana: str
    region: str
    order: int


@dataclass(frozen=True)
class MiniAppConfig:
    code: str
    name: str
    short_name: str
    description: str
    order: int
    target_municipalities: tuple[str, ...] = ()


@dataclass(frozen=True)
class CategoryConfig:
    code: str
    name: str
    order: int


@dataclass(frozen=True)
class MilestoneConfig:
    code: str
    name: str
    due_on: dt.date


@dataclass(frozen=True)
class ContractConfig:
    code: str
    name: str
    fiscal_year: int
    client: str
    client_department: str
    contractor: str
    prefecture_code: str
    app_name: str
    starts_on: dt.date
    ends_on: dt.date
    inquiry_number_prefix: str
    center_starts_on: dt.date
    center_ends_on: dt.date
    center_opens_at: dt.time
    center_closes_at: dt.time
    center_open_weekdays: tuple[int, ...]
    center_closed_on_holidays: bool
    toll_free_number: str
    escalation_target_minutes: int
    daily_report_review: bool
    forecast: dict[str, int]
    year_end_from: MonthDay
    year_end_to: MonthDay
    client_business_weekdays: tuple[int, ...]
    client_opens_at: dt.time
    client_closes_at: dt.time
    client_closed_on_holidays: bool
    client_notify_emails: tuple[str, ...]
    campaign_starts_on: dt.date
    campaign_ends_on: dt.date
    campaign_target_people: int
    campaign_min_events_per_region: int
    website_opens_on: dt.date
    deliverables_due_on: dt.date
    regions: tuple[RegionConfig, ...]
    municipalities: tuple[MunicipalityConfig, ...]
    mini_apps: tuple[MiniAppConfig, ...]
    categories: tuple[CategoryConfig, ...]
    milestones: tuple[MilestoneConfig, ...] = field(default=())
    # Days each kind of personal data is kept (kind code -> days; "default" for the rest).
    privacy_retention: dict[str, int] = field(default_factory=dict)

    def forecast_for(self, year: int, month: int) -> int:
        return self.forecast.get(f"{year:04d}-{month:02d}", 0)

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe form, stored with the contract; `from_json` reverses it."""
        return _jsonable(asdict(self))  # type: ignore[no-any-return]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ContractConfig:
        return _Reader("(保存済み設定)", _unjson(data)).contract_from_flat()


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def _unjson(data: Mapping[str, Any]) -> dict[str, Any]:
    return dict(data)


def load_contract_file(path: Path) -> ContractConfig:
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContractConfigError(source, "(ファイル)", f"読み込めません: {exc.strerror}") from exc
    return parse_contract(raw.decode("utf-8-sig"), source=source)


def parse_contract(text: str, *, source: str = "(文字列)") -> ContractConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ContractConfigError(source, "(構文)", f"TOMLとして読めません: {exc}") from exc
    return _Reader(source, data).contract()


class _Reader:
    """Reads keys with typed accessors that raise errors naming the key."""

    def __init__(self, source: str, data: dict[str, Any]) -> None:
        self.source = source
        self.data = data

    def fail(self, key: str, problem: str) -> ContractConfigError:
        return ContractConfigError(self.source, key, problem)

    def get(self, key: str) -> Any:
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise self.fail(key, "必須の項目がありません")
            node = node[part]
        return node

    def get_optional(self, key: str, default: Any) -> Any:
        try:
            return self.get(key)
        except ContractConfigError:
            return default

    def text(self, key: str, *, required: bool = True, default: str = "") -> str:
        value = self.get(key) if required else self.get_optional(key, default)
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(key, "空でない文字列を指定してください")
        return value.strip()

    def integer(self, key: str, *, minimum: int = 0, default: int | None = None) -> int:
        value = self.get(key) if default is None else self.get_optional(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(key, f"{minimum}以上の整数を指定してください")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.get_optional(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "true または false を指定してください")
        return value

    def date(self, key: str) -> dt.date:
        value = self.get(key)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(key, f"日付は YYYY-MM-DD で指定してください（値: {value!r}）")

    def time(self, key: str) -> dt.time:
        value = self.get(key)
        if isinstance(value, dt.time):
            return value
        if isinstance(value, str):
            try:
                return dt.time.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(key, f"時刻は HH:MM で指定してください（値: {value!r}）")

    def weekdays(self, key: str, default: list[int]) -> tuple[int, ...]:
        value = self.get_optional(key, default)
        if not isinstance(value, list) or not all(
            isinstance(v, int) and 0 <= v <= 6 for v in value
        ):
            raise self.fail(key, "曜日は 0（月）〜6（日）の整数の配列で指定してください")
        return tuple(sorted(set(value)))

    def month_day(self, key: str) -> MonthDay:
        value = self.get(key)
        match = _MONTH_DAY_RE.match(value) if isinstance(value, str) else None
        if match is None:
            raise self.fail(key, "月日は MM-DD で指定してください")
        month, day = int(match[1]), int(match[2])
        try:
            dt.date(2000, month, day)
        except ValueError as exc:
            raise self.fail(key, f"存在しない月日です（{value}）") from exc
        return MonthDay(month, day)

    def period(self, start_key: str, end_key: str) -> tuple[dt.date, dt.date]:
        start, end = self.date(start_key), self.date(end_key)
        if end < start:
            raise self.fail(end_key, f"終了日 {end} が開始日 {start} より前です")
        return start, end

    def table_list(self, key: str) -> list[dict[str, Any]]:
        value = self.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            raise self.fail(key, "1件以上の表（[[...]]）が必要です")
        return value

    def code(self, key: str, value: Any, seen: set[str]) -> str:
        if not isinstance(value, str) or not _CODE_RE.match(value):
            raise self.fail(key, "コードは英小文字で始まる英小文字・数字・_ で指定してください")
        if value in seen:
            raise self.fail(key, f"コード {value!r} が重複しています")
        seen.add(value)
        return value

    def contract(self) -> ContractConfig:
        version = self.integer("schema_version", minimum=1)
        if version != SCHEMA_VERSION:
            raise self.fail("schema_version", f"対応していない版です（{SCHEMA_VERSION} のみ）")
        starts_on, ends_on = self.period("contract.starts_on", "contract.ends_on")
        center_start, center_end = self.period("call_center.starts_on", "call_center.ends_on")
        campaign_start, campaign_end = self.period("campaign.starts_on", "campaign.ends_on")
        opens_at, closes_at = self.time("call_center.opens_at"), self.time("call_center.closes_at")
        if closes_at <= opens_at:
            raise self.fail("call_center.closes_at", "終了時刻が開始時刻より前です")
        client_opens, client_closes = (
            self.time("client_calendar.opens_at"),
            self.time("client_calendar.closes_at"),
        )
        if client_closes <= client_opens:
            raise self.fail("client_calendar.closes_at", "終了時刻が開始時刻より前です")
        prefecture_code = self.text("contract.prefecture_code")
        if not municipality_code_valid(prefecture_code):
            raise self.fail("contract.prefecture_code", "団体コードの検査数字が正しくありません")
        regions = self._regions()
        region_codes = {r.code for r in regions}
        municipalities = self._municipalities(region_codes)
        municipality_codes = {m.code for m in municipalities}
        emails = self.get_optional("client_calendar.notify_emails", [])
        if not isinstance(emails, list) or not all(isinstance(e, str) and "@" in e for e in emails):
            raise self.fail(
                "client_calendar.notify_emails", "メールアドレスの配列で指定してください"
            )
        return ContractConfig(
            code=self._contract_code(),
            name=self.text("contract.name"),
            fiscal_year=self.integer("contract.fiscal_year", minimum=1989),
            client=self.text("contract.client"),
            client_department=self.text("contract.client_department", required=False),
            contractor=self.text("contract.contractor"),
            prefecture_code=prefecture_code,
            app_name=self.text("contract.app_name"),
            starts_on=starts_on,
            ends_on=ends_on,
            inquiry_number_prefix=self.text("contract.inquiry_number_prefix"),
            center_starts_on=center_start,
            center_ends_on=center_end,
            center_opens_at=opens_at,
            center_closes_at=closes_at,
            center_open_weekdays=self.weekdays("call_center.open_weekdays", list(range(7))),
            center_closed_on_holidays=self.boolean("call_center.closed_on_holidays", True),
            toll_free_number=self.text("call_center.toll_free_number"),
            escalation_target_minutes=self.integer(
                "call_center.escalation_target_minutes", minimum=1, default=30
            ),
            daily_report_review=self.boolean("call_center.daily_report_review", True),
            forecast=self._forecast(center_start, center_end),
            year_end_from=self.month_day("year_end_closure.from"),
            year_end_to=self.month_day("year_end_closure.to"),
            client_business_weekdays=self.weekdays(
                "client_calendar.business_weekdays", [0, 1, 2, 3, 4]
            ),
            client_opens_at=client_opens,
            client_closes_at=client_closes,
            client_closed_on_holidays=self.boolean("client_calendar.closed_on_holidays", True),
            client_notify_emails=tuple(emails),
            campaign_starts_on=campaign_start,
            campaign_ends_on=campaign_end,
            campaign_target_people=self.integer("campaign.target_people", minimum=1),
            campaign_min_events_per_region=self.integer(
                "campaign.min_events_per_region", minimum=0, default=1
            ),
            website_opens_on=self.date("website.opens_on"),
            deliverables_due_on=self.date("deliverables.due_on"),
            regions=regions,
            municipalities=municipalities,
            mini_apps=self._mini_apps(municipality_codes),
            categories=self._categories(),
            milestones=self._milestones(),
            privacy_retention=self._retention(),
        )

    def _retention(self) -> dict[str, int]:
        value = self.get_optional("privacy.retention", {})
        if not isinstance(value, dict):
            raise self.fail(
                "privacy.retention", "種類ごとの保存日数（種類 = 日数）で指定してください"
            )
        for kind, days in value.items():
            if isinstance(days, bool) or not isinstance(days, int) or days < 0:
                raise self.fail(
                    f"privacy.retention.{kind}", "0以上の整数（日数）を指定してください"
                )
        return dict(value)

    def _contract_code(self) -> str:
        value = self.get("contract.code")
        if not isinstance(value, str) or not _CONTRACT_CODE_RE.match(value):
            raise self.fail(
                "contract.code", "英小文字で始まる英小文字・数字・_・- で指定してください"
            )
        return value

    def _forecast(self, start: dt.date, end: dt.date) -> dict[str, int]:
        value = self.get("call_center.forecast")
        if not isinstance(value, dict) or not value:
            raise self.fail(
                "call_center.forecast", '月ごとの想定件数（"YYYY-MM" = 件数）が必要です'
            )
        forecast: dict[str, int] = {}
        for month, count in value.items():
            key = f"call_center.forecast.{month}"
            try:
                first = dt.date.fromisoformat(f"{month}-01")
            except ValueError as exc:
                raise self.fail(key, "月は YYYY-MM で指定してください") from exc
            if not (start.replace(day=1) <= first <= end):
                raise self.fail(key, "コールセンターの開設期間外の月です")
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise self.fail(key, "0以上の整数を指定してください")
            forecast[month] = count
        return dict(sorted(forecast.items()))

    def _regions(self) -> tuple[RegionConfig, ...]:
        value = self.get("regions")
        if not isinstance(value, dict) or not value:
            raise self.fail("regions", "圏域を1件以上指定してください")
        regions = []
        seen: set[str] = set()
        for order, (code, body) in enumerate(value.items()):
            key = f"regions.{code}"
            self.code(key, code, seen)
            if not isinstance(body, dict):
                raise self.fail(key, "表で指定してください")
            name = self.text(f"{key}.name")
            official = self.get_optional(f"{key}.official_name", name)
            regions.append(RegionConfig(code, name, str(official), order))
        return tuple(regions)

    def _municipalities(self, region_codes: set[str]) -> tuple[MunicipalityConfig, ...]:
        result = []
        seen: set[str] = set()
        for index, item in enumerate(self.table_list("municipalities")):
            key = f"municipalities[{index}]"
            code = item.get("code")
            if not isinstance(code, str) or not municipality_code_valid(code):
                raise self.fail(
                    f"{key}.code", f"団体コード {code!r} の検査数字が正しくありません（6桁）"
                )
            if code in seen:
                raise self.fail(f"{key}.code", f"団体コード {code} が重複しています")
            seen.add(code)
            region = item.get("region")
            if region not in region_codes:
                raise self.fail(f"{key}.region", f"未定義の圏域です（{region!r}）")
            name, kana = item.get("name"), item.get("kana", "")
            if not isinstance(name, str) or not name:
                raise self.fail(f"{key}.name", "必須の項目がありません")
            result.append(MunicipalityConfig(code, name, str(kana), str(region), index))
        return tuple(result)

    def _mini_apps(self, municipality_codes: set[str]) -> tuple[MiniAppConfig, ...]:
        result = []
        seen: set[str] = set()
        for index, item in enumerate(self.table_list("mini_apps")):
            key = f"mini_apps[{index}]"
            code = self.code(f"{key}.code", item.get("code"), seen)
            name = item.get("name")
            if not isinstance(name, str) or not name:
                raise self.fail(f"{key}.name", "必須の項目がありません")
            targets = item.get("target_municipalities", [])
            unknown = [t for t in targets if t not in municipality_codes]
            if unknown:
                raise self.fail(f"{key}.target_municipalities", f"未定義の団体コード: {unknown}")
            result.append(
                MiniAppConfig(
                    code=code,
                    name=name,
                    short_name=str(item.get("short_name", name)),
                    description=str(item.get("description", "")),
                    order=index,
                    target_municipalities=tuple(targets),
                )
            )
        return tuple(result)

    def _categories(self) -> tuple[CategoryConfig, ...]:
        result = []
        seen: set[str] = set()
        for index, item in enumerate(self.table_list("inquiry_categories")):
            key = f"inquiry_categories[{index}]"
            code = self.code(f"{key}.code", item.get("code"), seen)
            name = item.get("name")
            if not isinstance(name, str) or not name:
                raise self.fail(f"{key}.name", "必須の項目がありません")
            result.append(CategoryConfig(code, name, index))
        return tuple(result)

    def _milestones(self) -> tuple[MilestoneConfig, ...]:
        items = self.get_optional("milestones", [])
        result = []
        seen: set[str] = set()
        for index, item in enumerate(items):
            key = f"milestones[{index}]"
            code = self.code(f"{key}.code", item.get("code"), seen)
            sub = _Reader(self.source, {"m": item})
            result.append(MilestoneConfig(code, sub.text("m.name"), sub.date("m.due_on")))
        return tuple(result)

    def contract_from_flat(self) -> ContractConfig:
        """Rebuild from `ContractConfig.to_json()` output (already validated once)."""
        d = self.data

        def date(v: str) -> dt.date:
            return dt.date.fromisoformat(v)

        def time(v: str) -> dt.time:
            return dt.time.fromisoformat(v)

        return ContractConfig(
            **{
                k: d[k]
                for k in [
                    "code",
                    "name",
                    "fiscal_year",
                    "client",
                    "client_department",
                    "contractor",
                    "prefecture_code",
                    "app_name",
                    "inquiry_number_prefix",
                    "toll_free_number",
                    "escalation_target_minutes",
                    "daily_report_review",
                    "campaign_target_people",
                    "campaign_min_events_per_region",
                    "center_closed_on_holidays",
                    "client_closed_on_holidays",
                ]
            },
            forecast=dict(d["forecast"]),
            starts_on=date(d["starts_on"]),
            ends_on=date(d["ends_on"]),
            center_starts_on=date(d["center_starts_on"]),
            center_ends_on=date(d["center_ends_on"]),
            center_opens_at=time(d["center_opens_at"]),
            center_closes_at=time(d["center_closes_at"]),
            center_open_weekdays=tuple(d["center_open_weekdays"]),
            year_end_from=MonthDay(**d["year_end_from"]),
            year_end_to=MonthDay(**d["year_end_to"]),
            client_business_weekdays=tuple(d["client_business_weekdays"]),
            client_opens_at=time(d["client_opens_at"]),
            client_closes_at=time(d["client_closes_at"]),
            client_notify_emails=tuple(d["client_notify_emails"]),
            campaign_starts_on=date(d["campaign_starts_on"]),
            campaign_ends_on=date(d["campaign_ends_on"]),
            website_opens_on=date(d["website_opens_on"]),
            deliverables_due_on=date(d["deliverables_due_on"]),
            regions=tuple(RegionConfig(**r) for r in d["regions"]),
            municipalities=tuple(MunicipalityConfig(**m) for m in d["municipalities"]),
            mini_apps=tuple(
                MiniAppConfig(**{**m, "target_municipalities": tuple(m["target_municipalities"])})
                for m in d["mini_apps"]
            ),
            categories=tuple(CategoryConfig(**c) for c in d["categories"]),
            privacy_retention=dict(d.get("privacy_retention", {})),
            milestones=tuple(
                MilestoneConfig(m["code"], m["name"], date(m["due_on"])) for m in d["milestones"]
            ),
        )
