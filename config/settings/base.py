"""Settings shared by every environment; environments differ only by what env.py reads."""

from __future__ import annotations

from typing import Any

import dj_database_url
import django_stubs_ext

from config.env import BASE_DIR, VAR_DIR, ensure_var_dirs, env_int, env_list, env_str, secret_key

# Lets forms.ModelForm[Model] and friends be subscripted at run time, as the type stubs do.
django_stubs_ext.monkeypatch()

SECRET_KEY = secret_key()
ensure_var_dirs()
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "fukyu.core",
    "fukyu.accounts",
    "fukyu.audit",
    "fukyu.callcenter",
    "fukyu.staffing",
    "fukyu.outreach",
    "fukyu.website",
    "fukyu.publicity",
    "fukyu.governance",
    "fukyu.privacy",
    "fukyu.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "fukyu.privacy.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fukyu.core.context_processors.contract",
            ],
        },
    },
]


def database_config() -> dict[str, Any]:
    url = env_str("DATABASE_URL")
    if url:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    else:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(VAR_DIR / "fukyu.sqlite3")}
    if "postgresql" in config["ENGINE"]:
        # JIT compiling costs tens of milliseconds and pays off only for long analytic queries.
        config.setdefault("OPTIONS", {})["options"] = "-c jit=off"
        # A form's choices iterate a small queryset: a server-side cursor would cost three
        # round trips (DECLARE, FETCH, CLOSE) instead of one, and breaks behind pgbouncer.
        config["DISABLE_SERVER_SIDE_CURSORS"] = True
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN so
        # concurrent writers queue on the busy timeout instead of failing with "database is locked".
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=30000; PRAGMA secure_delete=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    return config


DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = env_int("FUKYU_SESSION_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# A signed-in session also ends after this long without a request (fukyu.privacy.middleware).
FUKYU_SESSION_IDLE_SECONDS = env_int("FUKYU_SESSION_IDLE_SECONDS", 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"

LANGUAGE_CODE = "ja"
# Japanese only, whatever the browser prefers: Django's own messages (form errors, password
# rules) are always Japanese. With one language there is nothing for LocaleMiddleware to choose
# (it cost ~25 µs a request), so it is not installed.
LANGUAGES = [("ja", "日本語")]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_str("EMAIL_USE_TLS", "") in {"1", "true"}
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "fukyu@localhost")

# The contract loaded by `make run`; another year or prefecture is another file.
FUKYU_DEFAULT_CONTRACT = BASE_DIR / "fukyu" / "core" / "contracts" / "miyagi-r6.toml"
# A demo clock: "2025-01-15" makes the system believe today is that date.
FUKYU_TODAY = env_str("FUKYU_TODAY")

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# The public campaign site: where `build_site` writes it and the URL it is published at.
FUKYU_SITE_URL = env_str("FUKYU_SITE_URL", "http://127.0.0.1:8000")
FUKYU_SITE_DIR = env_str("FUKYU_SITE_DIR") or VAR_DIR / "site"

# Keys for personal data at rest live outside the database (see fukyu/privacy/crypto.py).
FUKYU_KEY_FILE = VAR_DIR / "keys" / "data_keys.json"

# Two-factor (TOTP) is required for every staff and client account.
FUKYU_REQUIRE_2FA = True
