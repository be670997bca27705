"""Tests: the same database engines as production (SQLite or DATABASE_URL), fast hashing."""

import os

from config.env import VAR_DIR

from .base import *  # noqa: F403
from .base import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = False
# One test database per test process, so that parallel runs on one machine never collide.
_RUN = os.getpid()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so that threads in concurrency tests share one database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{_RUN}.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_fukyu_{_RUN}"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FUKYU_KEY_FILE = VAR_DIR / "keys" / "test_data_keys.json"
FUKYU_SITE_DIR = VAR_DIR / f"test-site-{_RUN}"
