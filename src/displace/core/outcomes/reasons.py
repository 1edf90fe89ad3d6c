"""The reasons a deal closes as it does, per outcome: data/outcomes/reasons.toml, or a team's
own list in the same format (which an admin keeps in the web app).

A closing stores the reason's code; its words come from the list in the reader's language. The
reason `not-recorded` belongs to every outcome without being listed: it is what a deal closed
without a reason records (a stage change, a CRM import).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from displace.core.errors import InputError
from displace.core.limits import limit
from displace.core.report.labels import labels_for

__all__ = [
    "COUNTERED",
    "COUNTER_MOVES",
    "LOST_TO",
    "NOT_RECORDED",
    "OUTCOMES",
    "SCHEMA",
    "Reason",
    "ReasonList",
    "ReasonsError",
    "parse_reasons",
    "shipped_reasons",
    "shipped_reasons_text",
]

SCHEMA = "displace.reasons/1"
SHIPPED_FILE = "data/outcomes/reasons.toml"

# The closed stages, in the order pages list them (web.deals.models.CLOSED_STAGES).
OUTCOMES = ("won", "lost", "no_decision")
# For a loss: whether the incumbent countered, how, and who won the deal instead.
COUNTERED = ("yes", "no", "unknown")
COUNTER_MOVES = ("matched_price", "improved_terms", "escalated_relationship", "other")
LOST_TO = ("incumbent", "other_competitor", "nobody")

NOT_RECORDED = "not-recorded"
# A code is stored with each closing; a label is shown on pages and in the history.
CODE_CHARS = 80
MAX_REASONS = 50
_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_KEYS = ("code", "en", "vi")


class ReasonsError(InputError):
    """A reasons file that does not load: the message names the file, the line or entry and
    the key, in the language it was raised with (`in_language` gives it in another)."""

    def __init__(self, message: str, language: str = "en", /, **values: object) -> None:
        self.message = message
        self.values = values
        super().__init__(_message(message, language, **values))

    def in_language(self, language: str) -> str:
        """The same message in `language` (en or vi)."""
        return _message(self.message, language, **self.values)


def _message(message: str, language: str, /, **values: object) -> str:
    labels = labels_for(language[:2], "outcomes")
    if "line" in values:  # an entry's error names its file and, when found, its line
        line = values.pop("line")
        values["where"] = (labels("where.line", source=values["source"], line=line)
                           if line else values["source"])
    return labels(message, **values)


@dataclass(frozen=True)
class Reason:
    """One reason a deal closes with `outcome`, in both languages."""

    outcome: str
    code: str
    en: str
    vi: str

    def label(self, language: str) -> str:
        """The reason in `language` (English for anything but Vietnamese)."""
        return self.vi if language.startswith("vi") else self.en


@dataclass(frozen=True)
class ReasonList:
    """The reasons of every outcome, in the order the file lists them."""

    reasons: tuple[Reason, ...]

    def of(self, outcome: str) -> tuple[Reason, ...]:
        """The listed reasons of `outcome` (not-recorded is not among them)."""
        return tuple(r for r in self.reasons if r.outcome == outcome)

    def find(self, outcome: str, code: str) -> Reason | None:
        """The reason `code` of `outcome`, not-recorded included; None when it is not one."""
        if code == NOT_RECORDED and outcome in OUTCOMES:
            return not_recorded(outcome)
        return next((r for r in self.reasons if r.outcome == outcome and r.code == code), None)

    def label(self, outcome: str, code: str, language: str) -> str:
        """The words of a stored reason; a code the list no longer has is shown as itself."""
        found = self.find(outcome, code)
        return found.label(language) if found is not None else code


def not_recorded(outcome: str) -> Reason:
    """The built-in reason of a deal closed without one."""
    return Reason(outcome, NOT_RECORDED, _message("reason.not_recorded", "en"),
                  _message("reason.not_recorded", "vi"))


@lru_cache(maxsize=1)
def shipped_reasons_text() -> str:
    """The shipped file's text: the starting point of a team's own list."""
    return resources.files("displace").joinpath(SHIPPED_FILE).read_text(encoding="utf-8")


def shipped_reasons() -> ReasonList:
    """The reasons Displace ships with (data/outcomes/reasons.toml)."""
    return parse_reasons(shipped_reasons_text(), source=SHIPPED_FILE)


@lru_cache(maxsize=32)
def parse_reasons(text: str, *, source: str = "reasons.toml", language: str = "en") -> ReasonList:
    """The reasons in `text` (the format of data/outcomes/reasons.toml), checked; ReasonsError
    naming `source`, the line and the key otherwise."""
    most = limit("library.bytes")
    size = len(text.encode("utf-8"))
    if size > most:
        raise ReasonsError("file.too_large", language, source=source, size=f"{size:,}",
                           limit=f"{most:,}")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ReasonsError("file.toml", language, source=source, error=str(exc)) from None
    if data.get("schema") != SCHEMA:
        raise ReasonsError("file.schema", language, source=source, schema=SCHEMA)
    unknown = sorted(set(data) - {"schema", *OUTCOMES})
    if unknown:
        raise ReasonsError("file.unknown_key", language, source=source, field=unknown[0])
    reasons: list[Reason] = []
    for outcome in OUTCOMES:
        reasons += _outcome(data.get(outcome), outcome, _headers(text, outcome), source, language)
    return ReasonList(tuple(reasons))


def _outcome(entries: Any, outcome: str, lines: list[int], source: str,
             language: str) -> list[Reason]:
    if entries is None or entries == []:
        raise ReasonsError("outcome.empty", language, source=source, outcome=outcome)
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ReasonsError("outcome.tables", language, source=source, outcome=outcome)
    if len(entries) > MAX_REASONS:
        raise ReasonsError("outcome.too_many", language, source=source, outcome=outcome,
                           limit=MAX_REASONS)
    found: list[Reason] = []
    for n, entry in enumerate(entries, start=1):
        at = {"source": source, "line": lines[n - 1] if len(lines) >= n else 0,
              "outcome": outcome, "n": n}
        found.append(_reason(entry, outcome, at, {r.code for r in found}, language))
    return found


def _reason(entry: dict[str, Any], outcome: str, at: dict[str, Any], taken: set[str],
            language: str) -> Reason:
    unknown = sorted(set(entry) - set(_KEYS))
    if unknown:
        raise ReasonsError("entry.unknown_key", language, field=unknown[0], **at)
    missing = [key for key in _KEYS if key not in entry]
    if missing:
        raise ReasonsError("entry.missing", language, field=missing[0], **at)
    code = entry["code"]
    if not isinstance(code, str) or not _CODE.fullmatch(code) or len(code) > CODE_CHARS:
        raise ReasonsError("entry.code", language, code=code, limit=CODE_CHARS, **at)
    if code == NOT_RECORDED:
        raise ReasonsError("entry.reserved", language, code=code, **at)
    if code in taken:
        raise ReasonsError("entry.duplicate", language, code=code, **at)
    most = limit("deal.short_text")
    for key in ("en", "vi"):
        words = entry[key]
        if not isinstance(words, str) or not words.strip() or len(words.strip()) > most:
            raise ReasonsError("entry.text", language, code=code, field=key, limit=most, **at)
    return Reason(outcome, code, " ".join(entry["en"].split()), " ".join(entry["vi"].split()))


def _headers(text: str, outcome: str) -> list[int]:
    """The line of each `[[outcome]]` header, so that an error can name it."""
    header = re.compile(rf"\s*\[\[\s*{outcome}\s*\]\]")
    return [n for n, line in enumerate(text.splitlines(), start=1) if header.match(line)]
