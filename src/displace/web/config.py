"""Every setting of the web app, declared once: name, type, default and help.

`settings.py` reads them through `load_config`; `docs/configuration.md` is checked against
`SETTINGS` by a test, so the table below is the one place to add a setting.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from displace.core.errors import DisplaceError

__all__ = [
    "DEFAULT_SECRET_KEY",
    "SETTINGS",
    "Config",
    "ConfigError",
    "Setting",
    "is_weak_secret_key",
    "load_config",
]

Kind = Literal["str", "bool", "int", "path", "list"]

# Anyone can read this value in the source: fine on a laptop, refused in production.
DEFAULT_SECRET_KEY = "displace-insecure-development-key-change-me"


class ConfigError(DisplaceError):
    """A setting whose value cannot be used, or a combination that must not start."""


@dataclass(frozen=True)
class Setting:
    """One environment variable the web app reads."""

    name: str
    kind: Kind
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("DISPLACE_DATA_DIR", "path", "./data",
            "Folder for the SQLite database and uploads; created and migrated on first start."),
    Setting("DATABASE_URL", "str", "",
            "PostgreSQL URL (postgres://user:pass@host:5432/name). Empty: SQLite in the data dir."),
    Setting("DISPLACE_SECRET_KEY", "str", DEFAULT_SECRET_KEY,
            "Django secret key for sessions and signed values. Must be set in production."),
    Setting("DISPLACE_DEBUG", "bool", "false",
            "Show Django's debug pages. Never in production."),
    Setting("DISPLACE_PRODUCTION", "bool", "false",
            "Refuse to start with a weak secret key, with debug on or with demo data; HTTPS "
            "only (redirect, HSTS, secure cookies)."),
    Setting("DISPLACE_ALLOWED_HOSTS", "list", "localhost,127.0.0.1,[::1]",
            "Comma-separated host names the app answers to."),
    Setting("DISPLACE_CSRF_TRUSTED_ORIGINS", "list", "",
            "Comma-separated origins (https://displace.example.com) trusted for form posts."),
    Setting("DISPLACE_MAX_UPLOAD_BYTES", "int", "2000000",
            "Largest transcript accepted by upload or paste, in bytes."),
    Setting("DISPLACE_LANGUAGE", "str", "en",
            "Interface language before a user picks one: en or vi."),
    Setting("DISPLACE_TIME_ZONE", "str", "Asia/Ho_Chi_Minh",
            "Time zone for dates shown and follow-ups due."),
    Setting("DISPLACE_SEMANTIC", "bool", "true",
            "Run the coach's learned layer beside the rules when its encoder can run here "
            "(the semantic extra); false: rules alone."),
    Setting("DISPLACE_STALLED_DAYS", "int", "30",
            "A deal with no activity for this many days is flagged as stalled."),
    Setting("DISPLACE_JOBS_INLINE", "bool", "false",
            "Run background jobs (refreshing a team's findings after it confirms or removes "
            "an example) inside the request that starts them, not on a thread; for tests."),
    Setting("DISPLACE_LOGIN_FAILURE_LIMIT", "int", "10",
            "Wrong passwords in a row after which an account, or an address, is locked out of "
            "signing in."),
    Setting("DISPLACE_LOGIN_LOCKOUT_MINUTES", "int", "15",
            "How long a lock-out lasts; an admin can lift it sooner (People page, displace "
            "unlock)."),
    Setting("DISPLACE_TRUSTED_PROXIES", "int", "0",
            "Reverse proxies in front of Displace that append the client's address to "
            "X-Forwarded-For; 0: take the address of the connection itself."),
    Setting("DISPLACE_TASK_BACKEND", "str", "database",
            "Where background jobs (analysing an upload, re-assessing a deal, refreshing a "
            "stored figure) wait for a worker: "
            "database (the app's own database, no extra service) or rq (Redis, set "
            "DISPLACE_REDIS_URL)."),
    Setting("DISPLACE_REDIS_URL", "str", "",
            "Redis URL (redis://host:6379/0) for DISPLACE_TASK_BACKEND=rq."),
    Setting("DISPLACE_SERVE_WORKERS", "int", "1",
            "Job worker processes `displace serve` starts beside the web app (`displace "
            "worker`); 0 when workers run elsewhere."),
    Setting("DISPLACE_SITE_URL", "str", "http://localhost:8000",
            "The address people open Displace at; links in e-mails (the daily digest) start "
            "with it."),
    Setting("DISPLACE_SMTP_HOST", "str", "",
            "Mail server for the daily digest; empty: e-mails are printed to the console "
            "instead of sent."),
    Setting("DISPLACE_SMTP_PORT", "int", "587", "The mail server's port."),
    Setting("DISPLACE_SMTP_USER", "str", "", "User name on the mail server, if it asks."),
    Setting("DISPLACE_SMTP_PASSWORD", "str", "", "Password on the mail server, if it asks."),
    Setting("DISPLACE_SMTP_TLS", "bool", "true",
            "Talk to the mail server over STARTTLS (true for port 587)."),
    Setting("DISPLACE_EMAIL_FROM", "str", "Displace <displace@localhost>",
            "Who the digest e-mails come from."),
)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class Config:
    """The settings after parsing, looked up by variable name: `config["DISPLACE_DEBUG"]`."""

    values: Mapping[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.values[name]


def _parse(setting: Setting, raw: str) -> Any:
    value = raw.strip()
    if setting.kind == "bool":
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise ConfigError(f"{setting.name}={raw!r}: expected true or false (1/0, yes/no).")
    if setting.kind == "int":
        try:
            return int(value)
        except ValueError:
            raise ConfigError(f"{setting.name}={raw!r}: expected a whole number.") from None
    if setting.kind == "path":
        return Path(value).expanduser().resolve()
    if setting.kind == "list":
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


def load_config(environ: Mapping[str, str]) -> Config:
    """Read every declared setting from `environ` and check the combination can start."""
    values = {s.name: _parse(s, environ.get(s.name, s.default)) for s in SETTINGS}
    _check(values)
    return Config(values)


def is_weak_secret_key(key: str) -> bool:
    """Django's own test (check --deploy): short, repetitive, or a known development key."""
    return (key == DEFAULT_SECRET_KEY or len(key) < 50 or len(set(key)) < 5
            or key.startswith("django-insecure-"))


def _check(values: Mapping[str, Any]) -> None:
    if values["DISPLACE_LANGUAGE"] not in ("en", "vi"):
        raise ConfigError(
            f"DISPLACE_LANGUAGE={values['DISPLACE_LANGUAGE']!r}: expected en or vi."
        )
    if values["DISPLACE_MAX_UPLOAD_BYTES"] <= 0:
        raise ConfigError("DISPLACE_MAX_UPLOAD_BYTES must be a positive number of bytes.")
    for name in ("DISPLACE_LOGIN_FAILURE_LIMIT", "DISPLACE_LOGIN_LOCKOUT_MINUTES"):
        if values[name] < 1:
            raise ConfigError(f"{name}={values[name]}: expected 1 or more.")
    if values["DISPLACE_TRUSTED_PROXIES"] < 0:
        raise ConfigError("DISPLACE_TRUSTED_PROXIES must be 0 or more.")
    _check_task_backend(values)
    if not values["DISPLACE_PRODUCTION"]:
        return
    problems = []
    if is_weak_secret_key(values["DISPLACE_SECRET_KEY"]):
        problems.append(
            "set DISPLACE_SECRET_KEY to a long random value (at least 50 characters: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    if values["DISPLACE_DEBUG"]:
        problems.append("set DISPLACE_DEBUG=false")
    if problems:
        raise ConfigError(
            "Refusing to start in production mode (DISPLACE_PRODUCTION=true): "
            + "; ".join(problems) + "."
        )


def _check_task_backend(values: Mapping[str, Any]) -> None:
    backend = values["DISPLACE_TASK_BACKEND"]
    if backend not in ("database", "rq"):
        raise ConfigError(f"DISPLACE_TASK_BACKEND={backend!r}: expected database or rq.")
    if backend == "rq" and not values["DISPLACE_REDIS_URL"].startswith(
            ("redis://", "rediss://", "unix://")):
        raise ConfigError("DISPLACE_TASK_BACKEND=rq needs DISPLACE_REDIS_URL "
                          "(redis://host:6379/0).")
    if backend == "rq" and importlib.util.find_spec("django_tasks_rq") is None:
        raise ConfigError("DISPLACE_TASK_BACKEND=rq needs the redis extra: "
                          "pip install 'displace[redis]'.")
    if values["DISPLACE_SERVE_WORKERS"] < 0:
        raise ConfigError("DISPLACE_SERVE_WORKERS must be 0 or more.")
