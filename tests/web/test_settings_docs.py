"""The settings registry, production guards and docs/configuration.md stay in step."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import pytest

from displace.web.config import DEFAULT_SECRET_KEY, SETTINGS, ConfigError, load_config

DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def test_it_documents_every_setting_and_no_other() -> None:
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", DOC.read_text(encoding="utf-8"), re.M))
    assert documented == {s.name for s in SETTINGS}


def test_it_documents_each_default_as_declared() -> None:
    text = DOC.read_text(encoding="utf-8")
    for setting in SETTINGS:
        if setting.name == "DISPLACE_SECRET_KEY":
            continue
        assert f"| `{setting.name}` | {setting.kind} | `{setting.default}` |" in text, setting.name


def test_it_refuses_production_with_the_default_secret_key() -> None:
    with pytest.raises(ConfigError, match="DISPLACE_SECRET_KEY"):
        load_config({"DISPLACE_PRODUCTION": "true"})


def test_it_refuses_production_with_debug_on() -> None:
    env = {"DISPLACE_PRODUCTION": "1", "DISPLACE_SECRET_KEY": secrets.token_urlsafe(50),
           "DISPLACE_DEBUG": "yes"}
    with pytest.raises(ConfigError, match="DISPLACE_DEBUG=false"):
        load_config(env)


def test_it_starts_in_production_with_a_real_key_and_debug_off() -> None:
    key = secrets.token_urlsafe(50)
    config = load_config({"DISPLACE_PRODUCTION": "true", "DISPLACE_SECRET_KEY": key})
    assert config["DISPLACE_PRODUCTION"] is True
    assert config["DISPLACE_SECRET_KEY"] != DEFAULT_SECRET_KEY


def test_it_names_the_variable_when_a_number_is_not_a_number() -> None:
    with pytest.raises(ConfigError, match="DISPLACE_MAX_UPLOAD_BYTES='lots'"):
        load_config({"DISPLACE_MAX_UPLOAD_BYTES": "lots"})


def test_it_splits_allowed_hosts_on_commas() -> None:
    config = load_config({"DISPLACE_ALLOWED_HOSTS": "a.example, b.example,"})
    assert config["DISPLACE_ALLOWED_HOSTS"] == ["a.example", "b.example"]


@pytest.mark.parametrize(("env", "message"), [
    ({"DISPLACE_TASK_BACKEND": "celery"}, "expected database or rq"),
    ({"DISPLACE_TASK_BACKEND": "rq"}, "needs DISPLACE_REDIS_URL"),
    ({"DISPLACE_TASK_BACKEND": "rq", "DISPLACE_REDIS_URL": "localhost"}, "redis://"),
    ({"DISPLACE_SERVE_WORKERS": "-1"}, "0 or more"),
])
def test_it_refuses_a_task_backend_it_cannot_run(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(env)


def test_it_runs_jobs_on_redis_with_a_redis_url() -> None:
    config = load_config({"DISPLACE_TASK_BACKEND": "rq",
                          "DISPLACE_REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert config["DISPLACE_TASK_BACKEND"] == "rq"
