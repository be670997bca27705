"""Development: the default for manage.py and `make run`."""

from config.env import env_str

from .base import *  # noqa: F403

DEBUG = True
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
