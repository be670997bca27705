from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from fukyu.accounts.roles import PERMISSIONS, ROLE_LABELS, ROLES


class User(AbstractUser):
    display_name = models.CharField("氏名", max_length=100, blank=True)
    organisation = models.CharField("所属", max_length=100, blank=True)

    class Meta:
        verbose_name = "利用者"
        verbose_name_plural = "利用者"
        permissions = list(PERMISSIONS.items())

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def role(self) -> str | None:
        names = {g.name for g in self.groups.all()}
        return next((r for r in ROLES if r in names), None)

    @property
    def role_label(self) -> str:
        if self.is_superuser:
            return "システム管理者"
        role = self.role
        return ROLE_LABELS[role] if role else "（役割なし）"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("名称", max_length=100, blank=True)
    prefix = models.CharField("先頭文字", max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("発行日時")
    last_used_at = models.DateTimeField("最終利用日時", null=True, blank=True)
    revoked_at = models.DateTimeField("失効日時", null=True, blank=True)

    class Meta:
        verbose_name = "APIトークン"
        verbose_name_plural = "APIトークン"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
