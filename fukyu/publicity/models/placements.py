"""Publicity channels (5(3)ホ): every medium used, and the client's consent for paid ones."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fukyu.core.models import Contract
from fukyu.publicity.models.design import DesignItem

_USER = settings.AUTH_USER_MODEL


class Placement(models.Model):
    class Medium(models.TextChoices):
        OWN_WEBSITE = "own_website", "自社・キャンペーンWEBサイト"
        SNS = "sns", "SNS"
        NEWSPAPER = "newspaper", "新聞"
        RADIO = "radio", "ラジオ"
        TV = "tv", "テレビ"
        POSTER = "poster", "ポスター掲示"
        PUBLIC_RELATIONS = "public_relations", "市町村広報誌"
        PAID_AD = "paid_ad", "有料広告（WEB広告等）"
        OTHER = "other", "その他"

    class Status(models.TextChoices):
        PLANNED = "planned", "予定"
        RUN = "run", "実施済み"
        CANCELLED = "cancelled", "中止"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="placements")
    medium = models.CharField("媒体の種類", max_length=30, choices=Medium.choices)
    outlet = models.CharField("媒体名", max_length=200, help_text="例：河北新報、公式X")
    title = models.CharField("内容", max_length=200)
    starts_on = models.DateField("掲載・放送開始日")
    ends_on = models.DateField("掲載・放送終了日")
    reach = models.PositiveIntegerField(
        "リーチ（人・部・回）",
        null=True,
        blank=True,
        help_text="発行部数、表示回数、視聴者数など。実績が分かれば実績で更新してください。",
    )
    cost = models.PositiveIntegerField("費用（円・税込）", default=0)
    is_paid = models.BooleanField(
        "有料の広報媒体", default=False, help_text="有料媒体は発注者の承諾が必要です（5(3)ホ）"
    )
    design_item = models.ForeignKey(
        DesignItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name="使用する制作物",
    )
    note = models.TextField("備考", blank=True)
    status = models.CharField("状況", max_length=20, choices=Status.choices, default=Status.PLANNED)
    client_approved_by = models.ForeignKey(
        _USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="承諾者（発注者）",
    )
    client_approved_at = models.DateTimeField("承諾日時", null=True, blank=True)
    client_approval_note = models.TextField("承諾時のコメント", blank=True)
    run_recorded_by = models.ForeignKey(
        _USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="実施の記録者",
    )
    run_recorded_at = models.DateTimeField("実施の記録日時", null=True, blank=True)
    created_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("登録日時")

    class Meta:
        verbose_name = "広報媒体の掲載"
        verbose_name_plural = "広報媒体の掲載"
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="publicity_placement_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.outlet}「{self.title}」"

    @property
    def client_approved(self) -> bool:
        return self.client_approved_at is not None
