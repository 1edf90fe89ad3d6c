"""Passwords, deactivation and lock-outs from the command line, under the web app's rules."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.test_web_commands import DISPLACE

Runner = Callable[..., "subprocess.CompletedProcess[str]"]
GOOD = "harbour lights 1987"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """SQLite in a folder of its own, never the suite's database."""
    clean = {k: v for k, v in os.environ.items()
             if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
             and not k.startswith("DISPLACE_")}
    clean["DISPLACE_DATA_DIR"] = str(tmp_path / "data")
    return clean


@pytest.fixture
def run(env: dict[str, str]) -> Runner:
    def displace(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(DISPLACE), *args], capture_output=True, text=True,
                              env={**env, **extra}, timeout=120, stdin=subprocess.DEVNULL)

    return displace


def refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit status 2 with one line that says why, and no traceback."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def test_createuser_refuses_a_weak_or_empty_password(run: Runner) -> None:
    refused(run("createuser", "weak", "--password", "a"), "Password:", "too short")
    refused(run("createuser", "weak", "--password", ""), "Password:")
    refused(run("createuser", "weak", "--password", "password1234"), "too common")
    assert run("createuser", "weak", "--password", GOOD).returncode == 0


def test_passwd_sets_a_new_password_under_the_same_rules(run: Runner, env: dict[str, str]) -> None:
    assert run("createuser", "minh", "--password", GOOD).returncode == 0
    refused(run("passwd", "minh", "--password", "short"), "too short")
    refused(run("passwd", "nobody", "--password", GOOD + "!"), "No user named nobody.")
    changed = run("passwd", "minh", "--password", "a different phrase 42")
    assert changed.returncode == 0, changed.stderr
    check = ("import django; django.setup(); from django.contrib.auth.models import User; "
             "print(User.objects.get(username='minh').check_password('a different phrase 42'))")
    assert _python(check, env).strip() == "True"


def test_deactivate_and_activate_a_user(run: Runner, env: dict[str, str]) -> None:
    assert run("createuser", "minh", "--password", GOOD).returncode == 0
    assert run("deactivate", "minh").returncode == 0
    active = ("import django; django.setup(); from django.contrib.auth.models import User; "
              "print(User.objects.get(username='minh').is_active)")
    assert _python(active, env).strip() == "False"
    assert run("activate", "minh").returncode == 0
    assert _python(active, env).strip() == "True"
    refused(run("deactivate", "nobody"), "No user named nobody.")


def test_unlock_clears_an_accounts_failed_sign_ins(run: Runner, env: dict[str, str]) -> None:
    assert run("createuser", "minh", "--password", GOOD).returncode == 0
    _python("import django; django.setup(); from axes.models import AccessAttempt; "
            "AccessAttempt.objects.create(username='minh', ip_address='10.0.0.1', "
            "user_agent='x', failures_since_start=50, get_data='', post_data='', "
            "http_accept='', path_info='/login/')", env)
    unlocked = run("unlock", "minh")
    assert unlocked.returncode == 0, unlocked.stderr
    assert "1 failed attempt record(s) cleared" in unlocked.stdout
    refused(run("unlock"), "Name an account or an address")
    refused(run("unlock", "--address", "nowhere"), "not an IP address")


def test_serve_refuses_demo_data_and_the_development_server_in_production(run: Runner) -> None:
    production = {"DISPLACE_PRODUCTION": "true",
                  "DISPLACE_SECRET_KEY": secrets.token_urlsafe(50)}
    refused(run("serve", "--demo", **production), "--demo", "production")
    refused(run("serve", "--server", "django", **production), "--server gunicorn")
    refused(run("serve", **{**production, "DISPLACE_SECRET_KEY": "weak"}),
            "DISPLACE_SECRET_KEY")


def _python(code: str, env: dict[str, str]) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**env, "DJANGO_SETTINGS_MODULE": "displace.web.settings"},
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout
