"""Writes for users, roles and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from fukyu.accounts.models import ApiToken, User
from fukyu.accounts.roles import PERMISSIONS, ROLE_PERMISSIONS, ROLES
from fukyu.audit.services import audit_record

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


def api_token_authenticate(plain: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(plain), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


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
