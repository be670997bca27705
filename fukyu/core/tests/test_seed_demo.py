from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from fukyu.accounts.models import User
from fukyu.accounts.roles import ROLES
from fukyu.core.management.commands import seed_demo


def test_seed_demo_prints_a_login_per_role_with_totp(
    db: Any, capsys: Any, tmp_path: Path, monkeypatch: Any, settings: Any
) -> None:
    # A small season, with its files kept out of the real var/.
    monkeypatch.setattr(seed_demo, "VAR_DIR", tmp_path)
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--seed", "1", "--scale", "0.01")
    out = capsys.readouterr().out
    assert "合成" in out
    for role in ROLES:
        user = User.objects.get(username=f"demo_{role}")
        assert user.role == role
        line = next(line for line in out.splitlines() if f"demo_{role} " in line)
        password = line.split("パスワード ")[1].split()[0]
        secret = line.split("TOTP秘密鍵 ")[1].strip()
        assert user.check_password(password)
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        key = base64.b32decode(secret + "=" * (-len(secret) % 8))
        assert key == device.bin_key
        assert device.verify_token(f"{totp(key):06d}")
