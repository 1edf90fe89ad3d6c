"""The behaviour table (data/rules/behaviours.toml): polarity, default roles, messages, advice."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import cast

from displace.core.errors import RulePackError
from displace.core.model import ROLES, Polarity, Role, Severity

__all__ = ["Behaviour", "behaviour_table"]

_POLARITIES = ("risk", "info", "good")
_SEVERITIES = ("high", "medium", "low", "info")


@dataclass(frozen=True)
class Behaviour:
    """One detectable behaviour and what the coach says about it."""

    id: str
    polarity: Polarity
    severity: Severity
    roles: frozenset[Role]
    message: dict[str, str]
    advice: dict[str, str]
    internal: bool = False
    # One finding per sentence (the longest quote), unless each thing named counts on its
    # own, as the concessions of one offer do.
    per_sentence: bool = True
    yields_to: frozenset[str] = frozenset()  # behaviours that win in the same sentence
    yields_in_turn: frozenset[str] = frozenset()  # behaviours that win in the same turn
    closes_context: bool = False  # its questions give no context to the answer after them


def _parse(name: str, raw: object, where: str) -> Behaviour:
    if not isinstance(raw, dict):
        raise RulePackError(f"{where}: [{name}] must be a table")
    polarity = raw.get("polarity")
    severity = raw.get("severity")
    roles = raw.get("roles", [])
    if polarity not in _POLARITIES:
        raise RulePackError(f"{where}: [{name}].polarity must be one of {', '.join(_POLARITIES)}")
    if severity not in _SEVERITIES:
        raise RulePackError(f"{where}: [{name}].severity must be one of {', '.join(_SEVERITIES)}")
    if not isinstance(roles, list) or any(r not in ROLES for r in roles):
        raise RulePackError(f"{where}: [{name}].roles must list roles from {', '.join(ROLES)}")
    texts: dict[str, dict[str, str]] = {}
    for key in ("message", "advice"):
        value = raw.get(key)
        if not isinstance(value, dict) or not all(
            isinstance(value.get(lang), str) for lang in ("en", "vi")
        ):
            raise RulePackError(f"{where}: [{name}].{key} needs text for both 'en' and 'vi'")
        texts[key] = {"en": value["en"], "vi": value["vi"]}
    return Behaviour(
        id=name,
        polarity=cast(Polarity, polarity),
        severity=cast(Severity, severity),
        roles=frozenset(cast(list[Role], roles)),
        message=texts["message"],
        advice=texts["advice"],
        internal=bool(raw.get("internal", False)),
        per_sentence=bool(raw.get("per_sentence", True)),
        yields_to=frozenset(str(b) for b in raw.get("yields_to", [])),
        yields_in_turn=frozenset(str(b) for b in raw.get("yields_in_turn", [])),
        closes_context=bool(raw.get("closes_context", False)),
    )


@lru_cache(maxsize=1)
def behaviour_table() -> dict[str, Behaviour]:
    """Every behaviour by its identifier, loaded once from the shipped table."""
    source = resources.files("displace.data").joinpath("rules/behaviours.toml")
    where = "data/rules/behaviours.toml"
    try:
        raw = tomllib.loads(source.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RulePackError(f"{where}: {exc}") from exc
    table = {name: _parse(name, value, where) for name, value in raw.items()}
    for behaviour in table.values():
        for key, named in (("yields_to", behaviour.yields_to),
                           ("yields_in_turn", behaviour.yields_in_turn)):
            unknown = named - set(table)
            if unknown:
                raise RulePackError(f"{where}: [{behaviour.id}].{key} names {sorted(unknown)}")
    return table
