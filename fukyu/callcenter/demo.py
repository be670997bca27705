"""Synthetic call-center season for `manage.py seed_demo`: FAQ entries, inquiries, escalations
and the phone system's call records (demo_calls.py).

Everything here is made up (合成データ). Inquiries follow the contract's monthly forecast over the
center's open days, with the staffing plan's day-of-week and intraday curves. They are written in
batches: one counter update allocates a block of numbers (same counter, same unique constraints as
`inquiry_create`), then `bulk_create`, with each inquiry's creation audit row written in bulk
too (so its history reads like a logged call's). Callers of callbacks and
escalations are clearly fake (テスト 太郎, 090-0000-xxxx) and stored encrypted like any caller.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

from django.db import connection

from fukyu.accounts.models import User
from fukyu.audit.services import audit_record_many, diff, snapshot
from fukyu.callcenter.demo_calls import seed_calls
from fukyu.callcenter.faq_import import faq_import
from fukyu.callcenter.models import Caller, FaqEntry, Inquiry, InquiryCounter
from fukyu.callcenter.models.inquiry import inquiry_number
from fukyu.callcenter.services import AUDITED, PERSONAL, faq_create
from fukyu.callcenter.text import search_bigrams
from fukyu.core import clock
from fukyu.core.calendar import TOKYO
from fukyu.core.models import Contract, InquiryCategory, MiniApp, Municipality
from fukyu.privacy.crypto import blind_index, normalize_phone
from fukyu.staffing.plan import DEFAULT_DAY_OF_WEEK_WEIGHTS, DEFAULT_INTRADAY_CURVE

ACTOR = "manage.py seed_demo"
FIXTURE = Path(__file__).parent / "fixtures" / "faq_pocketsign_synthetic.csv"
BATCH = 5000
MARK = "（合成）"

# Approximate populations in thousands (rounded public census figures, for weighting only).
POPULATION = {
    "仙台市": 1097, "石巻市": 140, "塩竈市": 53, "気仙沼市": 62, "白石市": 33, "名取市": 79,
    "角田市": 28, "多賀城市": 62, "岩沼市": 44, "登米市": 76, "栗原市": 64, "東松島市": 39,
    "大崎市": 127, "富谷市": 52, "蔵王町": 11, "七ヶ宿町": 1, "大河原町": 23, "村田町": 10,
    "柴田町": 37, "川崎町": 8, "丸森町": 12, "亘理町": 33, "山元町": 12, "松島町": 13,
    "七ヶ浜町": 18, "利府町": 36, "大和町": 28, "大郷町": 8, "大衡村": 6, "色麻町": 7,
    "加美町": 22, "涌谷町": 15, "美里町": 24, "女川町": 6, "南三陸町": 12,
}  # fmt: skip

# category code → (summary, answer) templates; {app} is a mini-app's short name.
TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "install": [
        ("アプリの入手方法が分からない", "App Store／Google Playで「ポケットサイン」と検索して入手できると案内した。"),
        ("ストアでアプリが見つからない", "検索語と端末のOSを確認し、公式アプリの名称を案内した。"),
        ("アプリは無料か知りたい", "アプリの利用は無料、通信料は利用者負担と案内した。"),
    ],
    "registration": [
        ("利用者登録の手順を知りたい", "マイナンバーカードの読み取りから登録完了までの手順を案内した。"),
        ("本人確認が完了しない", "カードの置き方と暗証番号の入力手順を案内し、再試行で完了した。"),
        ("家族の分も登録できるか", "1台の端末で登録できるのは1人分であることを案内した。"),
    ],
    "mynumber_card": [
        ("マイナンバーカードが読み取れない", "カードを端末背面の読み取り位置に当て、動かさないよう案内した。"),
        ("暗証番号を忘れた", "暗証番号の再設定は住所地の市町村窓口で行うと案内した。"),
        ("暗証番号がロックされた", "ロック解除は市町村窓口で手続きが必要と案内した。"),
    ],
    "device": [
        ("使っているスマートフォンが対応しているか", "対応機種の確認方法（NFC搭載・OSの版）を案内した。"),
        ("古い機種で起動しない", "OSの更新と対応OSの版を案内した。"),
        ("タブレットでも使えるか", "NFC搭載の端末であれば利用できる場合があると案内した。"),
    ],
    "operation": [
        ("画面の文字を大きくしたい", "端末の文字サイズ設定の変更方法を案内した。"),
        ("ログインの方法が分からない", "アプリ起動後のログイン手順を画面に沿って案内した。"),
        ("通知が届かない", "端末の通知設定でアプリの通知を許可する方法を案内した。"),
    ],
    "mini_app": [
        ("{app}の使い方を知りたい", "{app}の起動方法と主な機能を案内した。"),
        ("{app}が一覧に表示されない", "対象地域・アプリの更新状況を確認し、表示方法を案内した。"),
        ("{app}で入力した内容を確認したい", "{app}の履歴画面の開き方を案内した。"),
    ],
    "disaster": [
        ("災害時にアプリで何ができるか", "避難情報の通知と避難所受付の機能を案内した。"),
        ("避難所での受付方法を知りたい", "避難所受付の手順（二次元コードの提示）を案内した。"),
    ],
    "privacy": [
        ("個人情報がどう扱われるか不安", "取得する情報と利用目的、プライバシーポリシーの場所を案内した。"),
        ("マイナンバーが県に送られるのか", "マイナンバー（個人番号）自体は取得しないことを案内した。"),
    ],
    "campaign": [
        ("体験会の日程を知りたい", "特設サイトのイベント一覧と近隣の開催予定を案内した。"),
        ("体験会に何を持って行けばよいか", "スマートフォンとマイナンバーカードを持参するよう案内した。"),
        ("チラシを見て電話した", "アプリの概要と入手方法を案内した。"),
    ],
    "trouble": [
        ("エラーが表示されて先に進めない", "表示内容を確認し、アプリの再起動と更新を案内した。"),
        ("アプリが途中で終了する", "端末の再起動と最新版への更新を案内した。"),
    ],
    "account_change": [
        ("機種変更したので引き継ぎたい", "新しい端末での再登録の手順を案内した。"),
        ("退会したい", "アプリ内の退会手続きの場所を案内した。"),
        ("引っ越したので住所を変えたい", "カードの券面更新後に登録情報を更新する手順を案内した。"),
    ],
    "other": [
        ("県の事業の内容を知りたい", "キャンペーンの目的と特設サイトを案内した。"),
        ("アプリと関係のない問い合わせ", "担当の窓口を案内した。"),
    ],
}  # fmt: skip
CATEGORY_WEIGHTS = {
    "install": 14, "registration": 16, "mynumber_card": 18, "device": 9, "operation": 10,
    "mini_app": 8, "disaster": 3, "privacy": 4, "campaign": 6, "trouble": 6,
    "account_change": 3, "other": 3,
}  # fmt: skip
PREFIXES = ["", "", "", "高齢の家族の代わりに問い合わせ。", "チラシを見て。", "体験会の後で。"]
AGES = (
    ["10s", "20s", "30s", "40s", "50s", "60s", "70s", "80s", ""],
    [2, 5, 7, 10, 14, 20, 22, 10, 10],
)
OSES = (["ios", "android", "other", "none", ""], [40, 42, 2, 4, 12])
CHANNELS = (["phone", "email", "web"], [92, 3, 5])
OUTCOMES = (["resolved", "callback", "escalation"], [93, 5, 2])
MORE_FAQ = [
    (
        "mynumber_card",
        "必要な暗証番号は何ですか",
        "利用者証明用電子証明書（数字4桁）と署名用電子証明書（英数字6〜16文字）の暗証番号を使います。",
    ),
    (
        "mynumber_card",
        "暗証番号を何回間違えるとロックされますか",
        "数字4桁の暗証番号は3回、英数字の暗証番号は5回続けて間違えるとロックされます。解除は市町村窓口です。",
    ),
    (
        "mynumber_card",
        "マイナンバーカードの有効期限が切れていても使えますか",
        "電子証明書の有効期限が切れていると本人確認ができません。市町村窓口で更新してください。",
    ),
    (
        "mynumber_card",
        "マイナンバーカードを持っていませんが使えますか",
        "一部の機能は利用できますが、本人確認にはマイナンバーカードが必要です。",
    ),
    (
        "device",
        "iPhoneは何から対応していますか",
        "NFCでカードを読み取れるiPhoneの、サポート中のiOSで利用できます。詳しくは対応機種一覧をご覧ください。",
    ),
    (
        "device",
        "Androidの対応機種はどこで確認できますか",
        "公式サイトの対応機種一覧で、NFC（おサイフケータイ等）搭載の機種を確認できます。",
    ),
    (
        "device",
        "スマートフォンを持っていません",
        "アプリの利用にはスマートフォンが必要です。家族の端末での登録はご本人分のみとなります。",
    ),
    (
        "device",
        "カードの読み取り位置はどこですか",
        "iPhoneは本体上部の背面、Androidは機種により異なり背面中央付近が多いです。",
    ),
    (
        "campaign",
        "体験会はどこで開催していますか",
        "県内7圏域の商業施設等で開催しています。日程は特設サイトのイベント一覧をご覧ください。",
    ),
    (
        "campaign",
        "体験会の参加に予約は必要ですか",
        "予約は不要です。開催時間内に直接会場へお越しください。",
    ),
    (
        "campaign",
        "コールセンターの受付時間を教えてください",
        "9時から17時30分まで、土日も受け付けています（年末年始・祝日を除く）。",
    ),
    (
        "privacy",
        "アプリで取得した情報は第三者に提供されますか",
        "法令に基づく場合などを除き、本人の同意なく第三者に提供することはありません。",
    ),
    (
        "install",
        "アプリの容量はどのくらいですか",
        "端末の空き容量に余裕をもってインストールしてください。容量はストアのアプリ情報で確認できます。",
    ),
    (
        "install",
        "アプリを更新するにはどうすればよいですか",
        "App Store／Google Playのアプリページで「アップデート」を押してください。",
    ),
    (
        "install",
        "偽物のアプリと見分けるには",
        "提供元の名称と公式サイトからのリンクを確認してからインストールしてください。",
    ),
    (
        "registration",
        "登録にどのくらい時間がかかりますか",
        "マイナンバーカードと暗証番号が手元にあれば、5分程度で完了します。",
    ),
    (
        "registration",
        "メールアドレスは必要ですか",
        "登録の手順で連絡先の入力を求められる場合があります。画面の案内に従ってください。",
    ),
    (
        "registration",
        "子どもも登録できますか",
        "マイナンバーカードをお持ちであれば登録できます。未成年の方は保護者とご確認ください。",
    ),
    (
        "registration",
        "顔写真の撮影は必要ですか",
        "本人確認はマイナンバーカードの電子証明書で行い、顔写真の撮影は不要です。",
    ),
    (
        "mynumber_card",
        "暗証番号の再設定はどこでできますか",
        "住所地の市町村の窓口で、本人確認書類を持参して再設定できます。",
    ),
    (
        "mynumber_card",
        "カードケースに入れたまま読み取れますか",
        "金属を含むケースでは読み取れないことがあります。ケースから出してお試しください。",
    ),
    (
        "device",
        "スマートフォンカバーを付けたまま読み取れますか",
        "厚いカバーや手帳型カバーでは読み取りにくいため、外してお試しください。",
    ),
    (
        "device",
        "格安スマホでも使えますか",
        "NFC搭載で対応OSの端末であれば、通信会社に関係なく利用できます。",
    ),
    ("operation", "ログアウトの方法を教えてください", "アプリの設定画面からログアウトできます。"),
    (
        "operation",
        "アプリを家族と共有できますか",
        "1つのアカウントはご本人だけが利用できます。家族はそれぞれの端末で登録してください。",
    ),
    (
        "operation",
        "通信できない場所でも使えますか",
        "多くの機能は通信が必要です。電波の届く場所でご利用ください。",
    ),
    (
        "disaster",
        "避難情報の通知を受け取るには",
        "アプリの通知を許可し、お住まいの地域を設定してください。",
    ),
    (
        "disaster",
        "停電時にも使えますか",
        "端末の電池と通信が使える間は利用できます。モバイルバッテリーの準備をおすすめします。",
    ),
    (
        "trouble",
        "「通信エラー」と表示されます",
        "電波状況を確認し、Wi-Fiとモバイル通信を切り替えてお試しください。",
    ),
    (
        "trouble",
        "カード読み取り中にアプリが止まります",
        "端末を再起動し、カードを動かさずに読み取りが終わるまでお待ちください。",
    ),
    (
        "account_change",
        "電話番号を変更しました",
        "アプリの設定画面から登録情報を変更してください。",
    ),
    (
        "account_change",
        "登録した端末を紛失しました",
        "コールセンターにご連絡ください。利用停止の手続きをご案内します。",
    ),
    (
        "campaign",
        "チラシはどこで手に入りますか",
        "県内の市町村役場や公共施設、体験会の会場で配布しています。",
    ),
    (
        "other",
        "このコールセンターはどこが運営していますか",
        "宮城県から委託を受けた事業者が運営しています。",
    ),
    ("other", "意見や要望を伝えたい", "ご意見はコールセンターで承り、県に報告します。"),
]
SURNAMES = ["テスト", "サンプル", "デモ", "架空"]
GIVEN = ["太郎", "花子", "一郎", "次郎", "幸子", "健太", "美咲", "翔太"]


def _month_days(contract: Contract, last: dt.date) -> dict[str, list[dt.date]]:
    cfg = contract.settings
    by_month: dict[str, list[dt.date]] = {}
    for day in contract.calendar.center_open_days(
        cfg.center_starts_on, min(cfg.center_ends_on, last)
    ):
        by_month.setdefault(f"{day.year:04d}-{day.month:02d}", []).append(day)
    return by_month


def _season_days(
    contract: Contract, rng: random.Random, scale: float
) -> Iterator[tuple[dt.date, int]]:
    """(open day, inquiries that day): the month's forecast × scale split by weekday weights."""
    cfg = contract.settings
    full = _month_days(contract, cfg.center_ends_on)
    upto = _month_days(contract, clock.today() - dt.timedelta(days=1))  # days before today
    for month, days in full.items():
        weights = [DEFAULT_DAY_OF_WEEK_WEIGHTS[d.weekday()] * rng.uniform(0.85, 1.15) for d in days]
        total = cfg.forecast.get(month, 0) * scale
        wsum = sum(weights) or 1.0
        for day, w in zip(days, weights, strict=True):
            if day in upto.get(month, ()):
                yield day, round(total * w / wsum)


def _moments(contract: Contract, day: dt.date, count: int, rng: random.Random) -> list[dt.datetime]:
    opening = contract.calendar.at(day, contract.settings.center_opens_at)
    slots = rng.choices(range(len(DEFAULT_INTRADAY_CURVE)), weights=DEFAULT_INTRADAY_CURVE, k=count)
    return sorted(
        opening + dt.timedelta(minutes=30 * s, seconds=rng.randrange(1800)) for s in slots
    )


class _Picker:
    """Weighted choices of the contract's categories, mini-apps and municipalities."""

    def __init__(self, contract: Contract) -> None:
        self.categories = {c.code: c for c in InquiryCategory.objects.filter(contract=contract)}
        self.cat_codes = [c for c in CATEGORY_WEIGHTS if c in self.categories and c in TEMPLATES]
        self.cat_weights = [CATEGORY_WEIGHTS[c] for c in self.cat_codes]
        self.apps = list(MiniApp.objects.filter(contract=contract).order_by("order", "code"))
        self.munis = list(Municipality.objects.filter(contract=contract).order_by("order", "code"))
        self.muni_weights = [POPULATION.get(m.name, 10) for m in self.munis]


def _inquiry(
    contract: Contract, pick: _Picker, rng: random.Random, at: dt.datetime, operator: User | None
) -> tuple[Inquiry, bool]:
    code = rng.choices(pick.cat_codes, weights=pick.cat_weights)[0]
    summary, answer = rng.choice(TEMPLATES[code])
    app = (
        rng.choice(pick.apps) if pick.apps and (code == "mini_app" or rng.random() < 0.05) else None
    )
    name = app.short_name if app is not None else "ミニアプリ"
    summary = rng.choice(PREFIXES) + summary.format(app=name) + MARK
    answer = answer.format(app=name)
    outcome = rng.choices(*OUTCOMES)[0]
    channel = rng.choices(*CHANNELS)[0]
    if channel != "phone" and rng.random() < 0.3:  # mail and web forms also arrive at night
        at = at.replace(hour=rng.choice([6, 7, 19, 21, 22]))
    inquiry = Inquiry(
        contract=contract,
        received_at=at,
        channel=channel,
        mini_app=app,
        category=pick.categories[code],
        municipality=rng.choices(pick.munis, weights=pick.muni_weights)[0]
        if rng.random() < 0.85
        else None,
        age_group=rng.choices(*AGES)[0],
        device_os=rng.choices(*OSES)[0],
        summary=summary,
        answer=answer if outcome == "resolved" else "確認のうえ折り返す旨を伝えた。",
        outcome=outcome,
        handle_seconds=int(rng.lognormvariate(5.6, 0.5)),
        outside_hours=not contract.calendar.center_open_at(at),
        operator=operator,
        search_bigrams=search_bigrams(summary, answer),
        created_at=at,
        updated_at=at,
    )
    return inquiry, outcome != "resolved"


def _numbers(contract: Contract, count: int) -> int:
    """Allocate `count` numbers in one counter update; returns the first sequence number."""
    InquiryCounter.objects.get_or_create(contract=contract, defaults={"last": 0})
    table = InquiryCounter._meta.db_table
    sql = f"UPDATE {table} SET last = last + %s WHERE contract_id = %s RETURNING last"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [count, contract.pk])
        row = cursor.fetchone()
    return int(row[0]) - count + 1


def _flush(contract: Contract, batch: list[tuple[Inquiry, bool]], rng: random.Random) -> int:
    if not batch:
        return 0
    first = _numbers(contract, len(batch))
    prefix = contract.settings.inquiry_number_prefix
    for offset, (inquiry, _) in enumerate(batch):
        inquiry.seq = first + offset
        inquiry.number = inquiry_number(prefix, inquiry.seq)
    Inquiry.objects.bulk_create([i for i, _ in batch], batch_size=1000)
    callers = []
    for inquiry, needs_caller in batch:
        if needs_caller:
            phone = f"090-0000-{rng.randrange(10000):04d}"
            callers.append(
                Caller(
                    inquiry=inquiry,
                    name=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
                    phone=phone,
                    phone_hash=blind_index(normalize_phone(phone), purpose="phone"),
                    received_at=inquiry.received_at,
                )
            )
    Caller.objects.bulk_create(callers, batch_size=1000)
    # Each inquiry's history starts like a logged one: its creation by the operator.
    audit_record_many(
        action="inquiry.create",
        entries=(
            (
                inquiry.operator,
                inquiry,
                {
                    **diff({}, snapshot(inquiry, AUDITED)),
                    **({"caller": [None, PERSONAL]} if needs_caller else {}),
                },
                inquiry.created_at,
            )
            for inquiry, needs_caller in batch
        ),
        note="合成デモデータ",
    )
    return len(batch)


def _faq(contract: Contract) -> int:
    faq_import(actor=ACTOR, contract=contract, path=FIXTURE)
    have = set(FaqEntry.objects.filter(contract=contract).values_list("question", flat=True))
    categories = {c.code: c for c in InquiryCategory.objects.filter(contract=contract)}
    extra: list[tuple[str, str, InquiryCategory | None, MiniApp | None]] = [
        (q, a, categories.get(code), None)
        for code, pairs in TEMPLATES.items()
        if code != "mini_app"
        for q, a in pairs
    ]
    for app in MiniApp.objects.filter(contract=contract).order_by("order", "code"):
        extra += [
            (
                summary.format(app=app.short_name),
                answer.format(app=app.short_name),
                categories.get("mini_app"),
                app,
            )
            for summary, answer in TEMPLATES["mini_app"]
        ]
        extra += [
            (
                f"{app.short_name}は誰が使えますか",
                f"{app.name}：{app.description}",
                categories.get("mini_app"),
                app,
            ),
            (
                f"{app.short_name}の利用に追加の登録は必要ですか",
                "ポケットサインの利用者登録が済んでいれば追加の登録は不要です。",
                categories.get("mini_app"),
                app,
            ),
        ]
    extra += [
        (f"{q}場合はどうすればよいですか", a, categories.get(code), None)
        for code, pairs in TEMPLATES.items()
        if code != "mini_app"
        for q, a in pairs
        if q.endswith(("ない", "た"))
    ]
    extra += [(q, a, categories.get(code), None) for code, q, a in MORE_FAQ]
    for order, (question, answer, category, mini_app) in enumerate(extra):
        q = question if question.endswith(("か", "い")) else f"{question}。どうすればよいですか"
        if q in have:
            continue
        faq_create(
            actor=ACTOR,
            contract=contract,
            question=q,
            answer=answer.replace("案内した。", "ご案内します。"),
            category=category,
            mini_app=mini_app,
            is_public=False,
            order=100 + order,
            note="合成デモデータ",
        )
    return FaqEntry.objects.filter(contract=contract).count()


def _escalations(contract: Contract, rng: random.Random) -> str:
    """An escalation for every inquiry logged as needing one, through the escalation services:
    older ones answered by the demo client and called back (closed), the last three days' open."""
    try:
        from fukyu.callcenter import escalation_services as esc
    except ImportError:  # the escalation feature is not installed
        return ""
    supervisor = User.objects.filter(username="demo_supervisor").first()
    client = User.objects.filter(username="demo_client").first()
    recent = clock.now() - dt.timedelta(days=3)
    opened = closed = 0
    for inquiry in Inquiry.objects.filter(contract=contract, outcome="escalation").order_by("seq"):
        escalation = esc.escalation_open(
            actor=supervisor,
            inquiry=inquiry,
            reason="県の判断が必要な内容のため（合成）",
            urgency="high" if rng.random() < 0.1 else "normal",
            caller_needs="県からの回答を電話で受けたい（合成）",
        )
        opened += 1
        if inquiry.received_at < recent or rng.random() < 0.3:
            esc.escalation_answer(
                actor=client, escalation=escalation, answer="ご案内の内容で問題ありません（合成）"
            )
            if inquiry.received_at < recent:
                esc.escalation_callback(
                    actor=supervisor, escalation=escalation, note="回答を伝え、了承を得た（合成）"
                )
                closed += 1
    return f"、エスカレーション {opened}件（うち完了 {closed}件）"


def seed(*, contract: Contract, rng: random.Random, scale: float) -> str:
    if Inquiry.objects.filter(contract=contract).exists():
        return "問い合わせが既にあるため作成しませんでした"
    faqs = _faq(contract)
    operators: list[User | None] = list(
        User.objects.filter(groups__name__in=["operator", "supervisor"]).order_by("username")
    ) or [None]
    pick = _Picker(contract)
    total = 0
    batch: list[tuple[Inquiry, bool]] = []
    for day, count in _season_days(contract, rng, scale):
        made = [
            _inquiry(contract, pick, rng, at.astimezone(TOKYO), rng.choice(operators))
            for at in _moments(contract, day, count, rng)
        ]
        batch += sorted(made, key=lambda pair: pair[0].received_at)
        if len(batch) >= BATCH:
            total += _flush(contract, batch, rng)
            batch = []
    total += _flush(contract, batch, rng)
    escalations = _escalations(contract, rng)
    calls = seed_calls(contract=contract, rng=rng)
    return f"FAQ {faqs}件、問い合わせ {total}件{escalations}{calls}（合成）"


seed.order = 20  # type: ignore[attr-defined]
