"""Django settings, read from environment variables declared in `displace.web.config`."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from displace.web.config import load_config

CONFIG = load_config(os.environ)
WEB_DIR = Path(__file__).resolve().parent
DATA_DIR: Path = CONFIG["DISPLACE_DATA_DIR"]

SECRET_KEY: str = CONFIG["DISPLACE_SECRET_KEY"]
# The coach reads these from the environment: its learned layer, and where the sentence
# vectors it has computed are kept between requests and restarts.
os.environ["DISPLACE_SEMANTIC"] = "on" if CONFIG["DISPLACE_SEMANTIC"] else "off"
os.environ.setdefault("DISPLACE_EMBEDDING_CACHE", str(DATA_DIR / "embeddings.sqlite3"))
DEBUG: bool = CONFIG["DISPLACE_DEBUG"]
PRODUCTION: bool = CONFIG["DISPLACE_PRODUCTION"]
ALLOWED_HOSTS: list[str] = CONFIG["DISPLACE_ALLOWED_HOSTS"]
CSRF_TRUSTED_ORIGINS: list[str] = CONFIG["DISPLACE_CSRF_TRUSTED_ORIGINS"]
MAX_UPLOAD_BYTES: int = CONFIG["DISPLACE_MAX_UPLOAD_BYTES"]
STALLED_DAYS: int = CONFIG["DISPLACE_STALLED_DAYS"]
# Background jobs (displace.web.jobs) run inside the request instead: the test suite sets it.
JOBS_INLINE: bool = CONFIG["DISPLACE_JOBS_INLINE"]
# Django refuses larger bodies itself; leave room for the form around the transcript.
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1_000_000
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1_000_000

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "ninja",  # its bundled Swagger UI files, so /api/docs loads nothing from a CDN
    "displace.web.accounts",
    "displace.web.competitors",
    "displace.web.deals",
    "displace.web.conversations",
    "displace.web.followups",
    "displace.web.library",
    "displace.web.examples",
    "displace.web.pipeline",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "displace.web.guards.refuse_nul_characters",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "displace.web.accounts.middleware.user_language",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "displace.web.urls"
WSGI_APPLICATION = "displace.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "displace.web.accounts.context.membership",
            ],
        },
    }
]

if CONFIG["DATABASE_URL"]:
    DATABASES = {"default": dj_database_url.parse(CONFIG["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "displace.sqlite3"),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "pipeline"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE: str = CONFIG["DISPLACE_LANGUAGE"]
LANGUAGES = [("en", "English"), ("vi", "Tiếng Việt")]
LOCALE_PATHS = [WEB_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE: str = CONFIG["DISPLACE_TIME_ZONE"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [WEB_DIR / "static"]
STATIC_ROOT = None  # served from the package through the finders; nothing to collect
# Serve straight from the package's static folders: no collectstatic step to run.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
