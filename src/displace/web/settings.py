"""Django settings, read from environment variables declared in `displace.web.config`."""

from __future__ import annotations

import os
from datetime import timedelta
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
# Analysis and re-assessment jobs (displace.web.tasks): django-tasks, with the queue in the app's
# own database by default, RQ + Redis for a team whose workers run on other machines, or run
# at once inside the request under JOBS_INLINE.
TASK_BACKEND: str = CONFIG["DISPLACE_TASK_BACKEND"]
SERVE_WORKERS: int = CONFIG["DISPLACE_SERVE_WORKERS"]
if JOBS_INLINE:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
elif TASK_BACKEND == "rq":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    RQ_QUEUES = {"default": {"URL": CONFIG["DISPLACE_REDIS_URL"], "DEFAULT_TIMEOUT": 900}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
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
    "axes",  # failed sign-ins, and the lock-outs they lead to
    "csp",
    "displace.web.accounts",
    "displace.web.competitors",
    "displace.web.deals",
    "displace.web.conversations",
    "displace.web.followups",
    "displace.web.library",
    "displace.web.examples",
    "displace.web.pipeline",
    "displace.web.crm",
    "displace.web.forecast",
    "displace.web.digest",
    "displace.web.figures",
    "django_tasks",
    "django_tasks_db",  # its table exists whichever backend runs, so a switch needs no migration
    *(["django_rq"] if TASK_BACKEND == "rq" else []),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
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
    "axes.middleware.AxesMiddleware",  # turns a lock-out into the "locked" page (429)
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

# What pages take long to compute (displace.web.figures) and cached page fragments, shared by
# every server process and worker: a table of the app's own database (the figures app's
# migration creates it). Never backed up: it is computed again from the rows.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "displace_cache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}

if CONFIG["DATABASE_URL"]:
    DATABASES = {"default": dj_database_url.parse(CONFIG["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "displace.sqlite3"),
            # A team server on one file: readers never wait for the writer (WAL); a writer
            # waits its turn (busy timeout) instead of failing with "database is locked"; and a
            # write transaction takes the lock when it begins, so two cannot deadlock upgrading
            # from a read lock, where SQLite fails one of them at once whatever the timeout.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                                 "PRAGMA busy_timeout=20000"),
            },
            # Tests on a file too, so they run with the settings above (an in-memory database
            # has no WAL, and threads sharing it lock whole tables without waiting).
            "TEST": {"NAME": str(DATA_DIR / "test-displace.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords an account, and
# separately an address, is locked out for LOGIN_LOCKOUT_MINUTES, even with the right password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT: int = CONFIG["DISPLACE_LOGIN_FAILURE_LIMIT"]
AXES_COOLOFF_TIME = timedelta(minutes=CONFIG["DISPLACE_LOGIN_LOCKOUT_MINUTES"])
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # failures are kept; successful sign-ins are not recorded
AXES_LOCKOUT_CALLABLE = "displace.web.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "displace.web.accounts.lockouts.client_address"
TRUSTED_PROXIES: int = CONFIG["DISPLACE_TRUSTED_PROXIES"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "pipeline"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE: str = CONFIG["DISPLACE_LANGUAGE"]
LANGUAGES = [("en", "English"), ("vi", "Tiếng Việt")]
LOCALE_PATHS = [WEB_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE: str = CONFIG["DISPLACE_TIME_ZONE"]
# One date and time format per language on every page (displace.web.formatting).
FORMAT_MODULE_PATH = ["displace.web.formats"]

# E-mail (the daily digest): printed to the console until a mail server is named.
SITE_URL: str = CONFIG["DISPLACE_SITE_URL"].rstrip("/")
EMAIL_HOST: str = CONFIG["DISPLACE_SMTP_HOST"]
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                 else "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT: int = CONFIG["DISPLACE_SMTP_PORT"]
EMAIL_HOST_USER: str = CONFIG["DISPLACE_SMTP_USER"]
EMAIL_HOST_PASSWORD: str = CONFIG["DISPLACE_SMTP_PASSWORD"]
EMAIL_USE_TLS: bool = CONFIG["DISPLACE_SMTP_TLS"]
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL: str = CONFIG["DISPLACE_EMAIL_FROM"]

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
# Production is HTTPS only. Behind a proxy that ends TLS, the proxy sends X-Forwarded-Proto
# (gunicorn trusts it from 127.0.0.1); the health check answers over plain HTTP too.
SECURE_SSL_REDIRECT = PRODUCTION
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31_536_000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
# Every page's scripts and styles come from the app's own static files: nothing inline, no
# CDN. The API's Swagger UI needs nothing more (its settings are JSON data, not a script).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Errors go to stderr with the time, the logger and, for a failed request, its method, path
# and traceback (Django's `django.request`); never a request's body, cookies or settings.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
