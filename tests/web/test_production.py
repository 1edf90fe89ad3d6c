"""Production mode: a strong secret key, HTTPS only, no demo data, `check --deploy` clean, and
errors logged with what it takes to debug them and nothing secret."""

from __future__ import annotations

import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.test import Client
from django.urls import reverse

from displace.web.config import SETTINGS, ConfigError, load_config
from tests.web.conftest import PASSWORD

STRONG_KEY = secrets.token_urlsafe(50)


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("DISPLACE_") and k not in ("DATABASE_URL",)}
    env.update(DJANGO_SETTINGS_MODULE="displace.web.settings", DISPLACE_PRODUCTION="true",
               DISPLACE_SECRET_KEY=STRONG_KEY, DISPLACE_ALLOWED_HOSTS="displace.example.com",
               DISPLACE_DATA_DIR=str(tmp_path / "data"), **extra)
    return env


def test_check_deploy_finds_nothing_to_warn_about_in_production(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_are_https_only(tmp_path: Path) -> None:
    script = ("from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
              "s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)")
    result = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + script],
                            env=production_env(tmp_path), capture_output=True, text=True,
                            timeout=120)
    assert result.stdout.split() == ["True", "31536000", "True", "True"], result.stderr


def test_a_server_process_keeps_what_loading_left_out_of_the_garbage_collectors_walks(
    tmp_path: Path,
) -> None:
    script = "import gc, displace.web.wsgi; print(gc.get_freeze_count() > 10_000)"
    result = subprocess.run([sys.executable, "-c", script], env=production_env(tmp_path),
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["True"], result.stderr


def test_a_server_process_also_keeps_what_its_first_request_loaded_out_of_the_walks_once(
    tmp_path: Path,
) -> None:
    script = ("import gc, displace.web.wsgi; from django.test import Client; "
              "loaded = gc.get_freeze_count(); Client().get('/login/'); "
              "first = gc.get_freeze_count(); Client().get('/login/'); "
              "print(first > loaded, gc.get_freeze_count() <= first)")  # frozen ones may die
    result = subprocess.run([sys.executable, "-c", script], env=production_env(tmp_path),
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["True", "True"], result.stderr


@pytest.mark.parametrize("key", [
    "",
    "short-but-random-7Gq",
    "ab" * 40,
    "django-insecure-" + secrets.token_urlsafe(50),
    next(s.default for s in SETTINGS if s.name == "DISPLACE_SECRET_KEY"),
])
def test_production_refuses_a_weak_secret_key(key: str) -> None:
    with pytest.raises(ConfigError, match="DISPLACE_SECRET_KEY"):
        load_config({"DISPLACE_PRODUCTION": "true", "DISPLACE_SECRET_KEY": key})


def test_the_default_hosts_name_no_test_host() -> None:
    hosts = load_config({})["DISPLACE_ALLOWED_HOSTS"]
    assert "testserver" not in hosts
    assert set(hosts) == {"localhost", "127.0.0.1", "[::1]"}


def test_an_error_is_logged_with_its_path_and_cause_and_no_secret(
    people: dict[str, AbstractUser], monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("displace.web.accounts.actions.set_password", broken)
    client = Client(raise_request_exception=False)
    client.force_login(people["alice"])
    new = "a secret nobody may read"
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.post(reverse("password"), {
            "old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 500
    formatter = logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"])
    logged = "\n".join(formatter.format(record) for record in caplog.records)
    assert "/account/password/" in logged
    assert "RuntimeError: the database went away" in logged
    assert new not in logged and PASSWORD not in logged
    assert settings.SECRET_KEY not in logged
    assert client.cookies["sessionid"].value not in logged
