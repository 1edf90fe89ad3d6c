"""The settings registry, production guards and docs/configuration.md stay in step."""

from __future__ import annotations

import re
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
    env = {"DISPLACE_PRODUCTION": "1", "DISPLACE_SECRET_KEY": "x" * 50, "DISPLACE_DEBUG": "yes"}
    with pytest.raises(ConfigError, match="DISPLACE_DEBUG=false"):
        load_config(env)


def test_it_starts_in_production_with_a_real_key_and_debug_off() -> None:
    config = load_config({"DISPLACE_PRODUCTION": "true", "DISPLACE_SECRET_KEY": "k" * 50})
    assert config["DISPLACE_PRODUCTION"] is True
    assert config["DISPLACE_SECRET_KEY"] != DEFAULT_SECRET_KEY


def test_it_names_the_variable_when_a_number_is_not_a_number() -> None:
    with pytest.raises(ConfigError, match="DISPLACE_MAX_UPLOAD_BYTES='lots'"):
        load_config({"DISPLACE_MAX_UPLOAD_BYTES": "lots"})


def test_it_splits_allowed_hosts_on_commas() -> None:
    config = load_config({"DISPLACE_ALLOWED_HOSTS": "a.example, b.example,"})
    assert config["DISPLACE_ALLOWED_HOSTS"] == ["a.example", "b.example"]
