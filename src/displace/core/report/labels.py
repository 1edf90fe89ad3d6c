"""Headings and labels of the reports in Vietnamese and English (data/i18n/report.toml).

The same mechanism serves every message table of the core: `labels_for(lang, "crm")` reads
data/i18n/crm.toml (the CRM import's messages).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from displace.core.errors import DisplaceError
from displace.core.text.numbers import format_decimal

__all__ = ["LANGUAGES", "Labels", "labels_for"]

LANGUAGES = ("vi", "en")
_FILE = "data/i18n/report.toml"


@dataclass(frozen=True)
class Labels:
    """The report's words in one language; unknown keys fall back to the key itself."""

    lang: str
    table: Mapping[str, str]

    def __call__(self, key: str, **values: object) -> str:
        """The label for `key`, with `{name}` placeholders filled from `values`."""
        text = self.table.get(key, key)
        return text.format(**values) if values else text

    def source(self, source: Mapping[str, object]) -> str:
        """Where a finding came from, as a sentence (a finding's `source`)."""
        kind = str(source.get("kind", "rule"))
        if kind == "rule" and source.get("model_score") is not None:
            kind = "rule_scored"
            source = {**source, "score": source["model_score"]}
        for named in ("check", "model"):  # a sequence check or a model is named by behaviour
            if isinstance(source.get(named), str):
                source = {**source, named: self.behaviour(str(source[named]))}
        return self(f"source.{kind}", **{k: self._number(v) for k, v in source.items()
                                         if k != "kind"})

    def _number(self, value: object) -> object:
        """A score or a similarity (0.975) with this language's decimal mark (0,975)."""
        if isinstance(value, float):
            return format_decimal(value, self.lang, places=3)
        return value

    def behaviour(self, behaviour: str) -> str:
        """A behaviour's readable name; its identifier when the table does not know it."""
        return self.table.get(f"behaviour.{behaviour}", behaviour)

    def role(self, role: str) -> str:
        """A role's name in this language."""
        return self.table.get(f"roles.{role}", role)

    def role_source(self, source: str) -> str:
        """How a role was decided, in words; the raw value when it is not a known one."""
        return self.table.get(f"role_sources.{source}", source) if source else self("not_available")

    def language(self, code: str) -> str:
        """A language code (vi, en, mixed) in words."""
        return self.table.get(f"lang.{code}", code)


def labels_for(lang: str, table: str = "report") -> Labels:
    """The labels in `lang` (vi or en) of data/i18n/`table`.toml; English for anything else."""
    tables = _load_tables(table)
    return Labels(lang if lang in tables else "en", tables.get(lang, tables["en"]))


@lru_cache(maxsize=8)
def _load_tables(table: str = "report") -> dict[str, dict[str, str]]:
    file = _FILE if table == "report" else f"data/i18n/{table}.toml"
    raw = resources.files("displace").joinpath(file).read_text(encoding="utf-8")
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise DisplaceError(f"{file}: not valid TOML ({exc})") from exc
    tables: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for key, entry in _flatten(data, file):
        for lang in LANGUAGES:
            text = entry.get(lang)
            if not isinstance(text, str) or not text:
                raise DisplaceError(f"{file}: [{key}] needs a non-empty `{lang}` string")
            tables[lang][key] = text
    return tables


def _flatten(
    data: Mapping[str, Any], file: str, prefix: str = ""
) -> list[tuple[str, dict[str, Any]]]:
    """The label entries (tables holding language strings) with their dotted keys."""
    entries: list[tuple[str, dict[str, Any]]] = []
    for key, value in data.items():
        if not isinstance(value, dict):
            raise DisplaceError(f"{file}: `{prefix}{key}` should be a table of vi/en strings")
        # A label is a table of strings; a table of tables is a group ([roles.seller]).
        if not any(isinstance(v, dict) for v in value.values()):
            entries.append((prefix + key, value))
        else:
            entries.extend(_flatten(value, file, f"{prefix}{key}."))
    return entries
