"""Where the keys for personal data come from, and the key file's life cycle.

Two sources, never the database:

* the environment: FUKYU_DATA_KEYS ("kid:base64key,..."; the first encrypts, all decrypt) and
  FUKYU_HMAC_KEY (the blind-index keys: "kid:base64key,..." the same way, or one bare base64
  key, which is "h1");
* else a key file outside the database (settings.FUKYU_KEY_FILE, mode 0600, made on first use):
  {"current": kid, "keys": {kid: key}, "hmac_current": kid, "hmac_keys": {kid: key}}
  (an older file with one "hmac" key is read as "h1").

The key file is re-read when it changes (another process may have rotated it), so a running
server follows a rotation without a restart. Changes are written to a temporary file and
renamed over the old one under an exclusive lock, so a reader never sees half a file.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

DATA_ENV = "FUKYU_DATA_KEYS"
HMAC_ENV = "FUKYU_HMAC_KEY"


class KeyConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Keyring:
    current: str
    keys: dict[str, bytes]  # data keys (AES-256-GCM)
    hmac_current: str
    hmac_keys: dict[str, bytes]  # blind-index keys (HMAC-SHA256), the current one first
    source: str  # "env" or "file"

    @property
    def hmac_key(self) -> bytes:
        return self.hmac_keys[self.hmac_current]


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _parse_list(spec: str, *, env: str, exact: bool) -> tuple[str, dict[str, bytes]]:
    """ "kid:base64,kid:base64" (the first is current); for the HMAC key one bare base64 key
    is accepted too, and called "h1"."""
    items = [("h1", spec.strip())] if env == HMAC_ENV and ":" not in spec else []
    if not items:
        items = [
            (kid.strip(), raw.strip())
            for kid, _, raw in (i.partition(":") for i in spec.split(","))
        ]
    keys: dict[str, bytes] = {}
    for kid, raw in items:
        try:
            key = unb64(raw)
        except ValueError:
            key = b""
        if not kid or len(key) < 32 or (exact and len(key) != 32):
            size = "32バイト" if exact else "32バイト以上"
            raise KeyConfigError(f"{env} は 鍵ID:base64（{size}）をカンマ区切りで指定してください")
        if kid in keys:
            raise KeyConfigError(f"{env} に同じ鍵ID（{kid}）が二つあります")
        keys[kid] = key
    return items[0][0], keys


def _new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def _new_kid(prefix: str, taken: set[str]) -> str:
    while True:
        kid = f"{prefix}{secrets.token_hex(3)}"
        if kid not in taken:
            return kid


def new_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data_kid, hmac_kid = _new_kid("k", set()), _new_kid("h", set())
    data = {
        "current": data_kid,
        "keys": {data_kid: b64(_new_data_key())},
        "hmac_current": hmac_kid,
        "hmac_keys": {hmac_kid: b64(secrets.token_bytes(32))},
    }
    # Written whole under a temporary name, then linked into place: another process sees
    # either no file or the complete one, and a file that already exists is never replaced
    # (FileExistsError).
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as fh:
            json.dump(data, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.link(tmp, path)
    finally:
        tmp.unlink()


def _file_keyring(stored: dict[str, Any]) -> Keyring:
    keys = {kid: unb64(v) for kid, v in stored["keys"].items()}
    if "hmac_keys" in stored:
        hmac_current = stored["hmac_current"]
        raw = stored["hmac_keys"]
        order = [hmac_current, *(k for k in raw if k != hmac_current)]
        hmac_keys = {kid: unb64(raw[kid]) for kid in order}
    else:
        hmac_current, hmac_keys = "h1", {"h1": unb64(stored["hmac"])}
    return Keyring(stored["current"], keys, hmac_current, hmac_keys, "file")


@lru_cache(maxsize=16)
def _keyring(data_env: str, hmac_env: str, key_file: str, stamp: tuple[int, ...]) -> Keyring:
    """`stamp` (the file's inode, size and mtime) makes a changed file a new cache entry."""
    if data_env:
        current, keys = _parse_list(data_env, env=DATA_ENV, exact=True)
        if not hmac_env:
            raise KeyConfigError(f"{DATA_ENV} を使う場合は {HMAC_ENV} も指定してください")
        hmac_current, hmac_keys = _parse_list(hmac_env, env=HMAC_ENV, exact=False)
        return Keyring(current, keys, hmac_current, hmac_keys, "env")
    ring = _file_keyring(json.loads(Path(key_file).read_text()))
    if hmac_env:
        hmac_current, hmac_keys = _parse_list(hmac_env, env=HMAC_ENV, exact=False)
        return Keyring(ring.current, ring.keys, hmac_current, hmac_keys, "file")
    return ring


def key_file_path() -> Path:
    return Path(settings.FUKYU_KEY_FILE)


def _stamp(path: Path) -> tuple[int, ...]:
    st = path.stat()
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def keyring() -> Keyring:
    data_env, hmac_env = os.environ.get(DATA_ENV, ""), os.environ.get(HMAC_ENV, "")
    path = key_file_path()
    stamp: tuple[int, ...] = ()
    if not data_env:
        try:
            stamp = _stamp(path)
        except FileNotFoundError:
            with suppress(FileExistsError):  # another process made it first
                new_key_file(path)
            stamp = _stamp(path)
    return _keyring(data_env, hmac_env, str(path), stamp)


def keys_from_environment() -> bool:
    return bool(os.environ.get(DATA_ENV, ""))


# --- Changing the key file (rotation, retirement, destruction) --------------------------------


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(f"{path}.lock", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _require_file() -> Path:
    if keys_from_environment() or os.environ.get(HMAC_ENV, ""):
        raise KeyConfigError(
            f"鍵は環境変数（{DATA_ENV}・{HMAC_ENV}）で指定されています。新しい鍵を先頭に"
            "加えた値に変更してから実行してください"
        )
    keyring()  # makes the file if it does not exist yet
    return key_file_path()


def _rewrite(path: Path, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    with _locked(path):
        stored: dict[str, Any] = json.loads(path.read_text())
        if "hmac_keys" not in stored:  # an older file: one HMAC key, called h1
            stored["hmac_current"], stored["hmac_keys"] = "h1", {"h1": stored.pop("hmac")}
        change(stored)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(stored, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    return stored


def data_key_add() -> str:
    """A new data key in the key file, made current; the old ones keep decrypting."""
    path = _require_file()
    made: dict[str, str] = {}

    def change(stored: dict[str, Any]) -> None:
        kid = _new_kid("k", set(stored["keys"]))
        stored["keys"] = {kid: b64(_new_data_key()), **stored["keys"]}
        stored["current"] = made["kid"] = kid

    _rewrite(path, change)
    return made["kid"]


def hmac_key_add() -> str:
    """A new blind-index key in the key file, made current; lookups use old and new until the
    old one is retired."""
    path = _require_file()
    made: dict[str, str] = {}

    def change(stored: dict[str, Any]) -> None:
        kid = _new_kid("h", set(stored["hmac_keys"]))
        stored["hmac_keys"] = {kid: b64(secrets.token_bytes(32)), **stored["hmac_keys"]}
        stored["hmac_current"] = made["kid"] = kid

    _rewrite(path, change)
    return made["kid"]


def keys_retire(*, data_kids: set[str], hmac_kids: set[str]) -> None:
    """Remove old keys from the key file (never the current ones)."""
    path = _require_file()

    def change(stored: dict[str, Any]) -> None:
        for kid in data_kids - {stored["current"]}:
            stored["keys"].pop(kid, None)
        for kid in hmac_kids - {stored["hmac_current"]}:
            stored["hmac_keys"].pop(kid, None)

    _rewrite(path, change)


@dataclass(frozen=True)
class KeyDisposal:
    """What became of the keys at the end of the contract (for the deletion certificate)."""

    destroyed_file: str  # the key file the system overwrote and deleted ("" if none)
    operator_vars: tuple[str, ...]  # environment variables whose keys the operator must destroy
    data_kids: tuple[str, ...]
    hmac_kids: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.operator_vars

    def as_dict(self) -> dict[str, Any]:
        return {
            "destroyed_file": self.destroyed_file,
            "operator_vars": list(self.operator_vars),
            "data_kids": list(self.data_kids),
            "hmac_kids": list(self.hmac_kids),
        }


def _shred(path: Path) -> None:
    """Overwrite the file's bytes with random data, flush them to disk, then unlink it."""
    size = max(path.stat().st_size, 4096)
    with open(path, "r+b") as fh:
        fh.write(secrets.token_bytes(size))
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()


def keys_destroy() -> KeyDisposal:
    """End of the contract: destroy the key file, so that every copy of the encrypted data
    (backups and dumps included) can no longer be read. Keys given in the environment cannot
    be destroyed from here: they are reported, for the operator to destroy."""
    ring = keyring()
    operator_vars = tuple(v for v in (DATA_ENV, HMAC_ENV) if os.environ.get(v, ""))
    destroyed = ""
    if ring.source == "file":
        path = key_file_path()
        with _locked(path):
            if path.exists():
                _shred(path)
                destroyed = str(path)
        Path(f"{path}.lock").unlink(missing_ok=True)
        _keyring.cache_clear()
    return KeyDisposal(destroyed, operator_vars, tuple(ring.keys), tuple(ring.hmac_keys))
