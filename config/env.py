"""One place that reads the environment (HackSoft-style); settings modules call these helpers."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FUKYU_VAR_DIR", str(BASE_DIR / "var")))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def secret_key() -> str:
    """SECRET_KEY from the environment, else one generated into var/ on first run."""
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    path.write_text(key)
    path.chmod(0o600)
    return key


def ensure_var_dirs() -> None:
    for sub in ("static", "media", "mail"):
        (VAR_DIR / sub).mkdir(parents=True, exist_ok=True)
