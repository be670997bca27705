"""Writes for users, roles and API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from fukyu.accounts.models import ApiToken, User
from fukyu.accounts.roles import PERMISSIONS, ROLE_PERMISSIONS, ROLES
from fukyu.audit.services import audit_record
from fukyu.core.process_cache import ProcessCache

TOKEN_PREFIX = "fky_"  # noqa: S105 (a public prefix, not a secret)


def roles_sync() -> None:
    """Create each role's group and give it exactly its permissions (idempotent)."""
    content_type = ContentType.objects.get_for_model(User)
    perms = {}
    for codename, label in PERMISSIONS.items():
        perm, _ = Permission.objects.update_or_create(
            content_type=content_type, codename=codename, defaults={"name": label}
        )
        perms[codename] = perm
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([perms[c] for c in sorted(ROLE_PERMISSIONS[role])])


def user_create(
    *,
    actor: Any,
    username: str,
    role: str | None,
    password: str,
    email: str = "",
    display_name: str = "",
    organisation: str = "",
    is_superuser: bool = False,
) -> User:
    if role is not None and role not in ROLES:
        raise ValidationError({"role": f"不明な役割です: {role}"})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"利用者名 {username} は既に使われています"})
    with transaction.atomic():
        roles_sync()
        user = User(
            username=username,
            email=email,
            display_name=display_name,
            organisation=organisation,
            is_staff=is_superuser,
            is_superuser=is_superuser,
        )
        validate_password(password, user)
        user.set_password(password)
        user.full_clean()
        user.save()
        if role is not None:
            user.groups.set([Group.objects.get(name=role)])
        audit_record(
            actor=actor,
            action="user.create",
            obj=user,
            changes={"username": [None, username], "role": [None, role], "email": [None, email]},
        )
    return user


def user_set_role(*, actor: Any, user: User, role: str) -> User:
    if role not in ROLES:
        raise ValidationError({"role": f"不明な役割です: {role}"})
    with transaction.atomic():
        roles_sync()
        before = user.role
        user.groups.set([Group.objects.get(name=role)])
        audit_record(actor=actor, action="user.role", obj=user, changes={"role": [before, role]})
    return user


def user_set_active(*, actor: Any, user: User, active: bool) -> User:
    with transaction.atomic():
        before = user.is_active
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor, action="user.active", obj=user, changes={"is_active": [before, active]}
        )
    return user


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(*, actor: Any, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Issue a token; the plain token is returned once and never stored."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=plain[:10],
            token_hash=hash_token(plain),
            created_at=timezone.now(),
        )
        audit_record(actor=actor, action="api_token.create", obj=token, note=name)
    return token, plain


# token hash -> (token pk, last_used_at, the user's row as from_db values). A revocation or
# deactivation reaches other processes within FUKYU_API_TOKEN_CACHE_SECONDS (default 5); this
# process forgets at once (signals below). Each request gets its own User instance built from
# the cached row, so no two threads share a mutable object.
TokenRow = tuple[int, dt.datetime | None, tuple[Any, ...]]
_token_cache: ProcessCache[str, TokenRow] = ProcessCache("FUKYU_API_TOKEN_CACHE_SECONDS")
_USER_FIELDS = [f.attname for f in User._meta.concrete_fields]
LAST_USED_EVERY = 60  # seconds between writes of last_used_at


def _token_row(digest: str) -> TokenRow | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=digest, revoked_at__isnull=True, user__is_active=True)
        .order_by()
        .first()
    )
    if token is None:
        return None
    values = tuple(getattr(token.user, name) for name in _USER_FIELDS)
    return token.pk, token.last_used_at, values


def api_token_authenticate(plain: str) -> User | None:
    """The active user of an unrevoked token, or None; at most one query per token and cache
    period (and one write a minute for last_used_at)."""
    digest = hash_token(plain)
    row = _token_cache.load(digest, lambda: _token_row(digest))
    if row is None:
        return None
    pk, last_used, values = row
    now = timezone.now()
    if last_used is None or (now - last_used).total_seconds() > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=pk).update(last_used_at=now)
        _token_cache.refresh(digest, (pk, now, values))
    return User.from_db(DEFAULT_DB_ALIAS, _USER_FIELDS, list(values))


def api_token_cache_clear(**kwargs: Any) -> None:
    """Forget every cached token now and again when the change commits."""
    _token_cache.clear_on_change()


post_save.connect(api_token_cache_clear, sender=ApiToken, dispatch_uid="token-cache-token")
post_delete.connect(api_token_cache_clear, sender=ApiToken, dispatch_uid="token-cache-token-del")
post_save.connect(api_token_cache_clear, sender=User, dispatch_uid="token-cache-user")
post_delete.connect(api_token_cache_clear, sender=User, dispatch_uid="token-cache-user-del")


def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke a token for good; a request with it is refused from now on (in other server
    processes within FUKYU_API_TOKEN_CACHE_SECONDS)."""
    if token.revoked_at is not None:
        raise ValidationError("このトークンは失効済みです")
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api_token.revoke", obj=token, note=token.name)
    return token


def totp_device_create(*, user: User, confirmed: bool = False) -> TOTPDevice:
    """A TOTP device for two-factor login; unconfirmed until the user enters a first code."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="認証アプリ", confirmed=confirmed)


def totp_device_confirm(*, user: User, device: TOTPDevice, code: str) -> bool:
    if not device.verify_token(code):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(actor=user, action="user.totp_confirm", obj=user)
    return True


def random_password() -> str:
    return secrets.token_urlsafe(12)
