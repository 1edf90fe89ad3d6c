"""Every limit on what a user can send, declared once.

Each number, text, list and nesting depth that comes from a user is checked against one of
these at the edge where it arrives (reader, deal-file schema, API schema, form, action), so that
nothing stored can be larger than the app can show. `docs/limits.md` is checked against this
table by a test; the deal-file schema (`data/deal-schema.json`) uses the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["LIMITS", "MAX_DEAL_VALUE", "Limit", "limit", "nesting_depth", "non_finite_path"]


@dataclass(frozen=True)
class Limit:
    """One bound: its name, the largest value allowed, the unit and where it applies."""

    name: str
    maximum: int
    unit: str
    applies_to: str


LIMITS: tuple[Limit, ...] = (
    Limit("transcript.bytes", 5 * 1024 * 1024, "bytes",
          "a transcript read by the command line or the Python API"),
    Limit("transcript.nesting", 64, "levels", "a JSON transcript's nesting"),
    Limit("transcript.number_digits", 20, "digits", "a number in a JSON transcript"),
    Limit("transcript.hours", 999, "hours", "a cue time in WebVTT, SRT or JSON"),
    Limit("transcript.speaker", 100, "characters", "a speaker's label"),
    Limit("deal_file.bytes", 1_000_000, "bytes", "a deal file (TOML or JSON)"),
    Limit("deal_file.nesting", 16, "levels", "a deal file's nesting"),
    Limit("deal.short_text", 200, "characters",
          "titles, names, organisations, industries, ids and capability ids"),
    Limit("deal.text", 300, "characters",
          "a gap's summary and impact, an offer item, a claim, a vision or decision field"),
    Limit("deal.long_text", 2000, "characters", "a quote, the incumbent's origin, a note"),
    Limit("deal.list_items", 100, "items",
          "gaps, offer items, claims, contacts, capabilities, conversations per deal file"),
    Limit("deal.value", 10**15, "in the deal's currency", "a deal's value (0 or more, 2 decimals)"),
    Limit("deal.revenue", 10**18, "in the deal's currency", "the prospect's revenue"),
    Limit("deal.tenure_years", 200, "years", "the incumbent's tenure"),
    Limit("deal.match_days", 3650, "days", "how long the incumbent needs to match an item"),
    Limit("comment.text", 5000, "characters", "a comment on a deal"),
    Limit("follow_up.title", 300, "characters", "a follow-up's title"),
    Limit("conversation.title", 200, "characters", "a conversation's title"),
    Limit("conversation.speakers", 50, "speakers", "role hints sent with a transcript"),
    Limit("competitor.lines", 100, "lines",
          "what a competitor delivers and its counter-moves, each"),
    Limit("competitor.notes", 5000, "characters", "notes on a competitor"),
    Limit("library.bytes", 200_000, "bytes",
          "a library file an admin saves: a team rule pack, a catalogue, a playbook"),
    Limit("example.text", 300, "characters",
          "a sentence a team teaches the coach (a finding marked wrong, a taught sentence)"),
    Limit("examples.per_team", 2000, "examples", "a team's examples, suggested and confirmed"),
    Limit("examples_file.bytes", 1_000_000, "bytes", "a file of examples for displace teach"),
    Limit("crm.bytes", 20 * 1024 * 1024, "bytes", "a CRM's deal export (CSV) to import"),
    Limit("crm.rows", 50_000, "rows", "deals in one CRM export"),
    Limit("crm.columns", 1000, "columns", "columns in one CRM export"),
    Limit("crm.cell", 10_000, "characters", "one cell of a CRM export"),
    Limit("crm.id", 100, "characters", "a deal's record id in its CRM"),
    Limit("rule_pack.pattern_ms", 200, "milliseconds",
          "the time one pattern of a user's rule pack may take on one text"),
    Limit("api.offset", 1_000_000, "items", "?offset= when paging through a list"),
    Limit("api.id", 2**63 - 1, "", "an id in a URL or a query"),
)

_BY_NAME = {entry.name: entry for entry in LIMITS}


def limit(name: str) -> int:
    """The largest value allowed for `name` (KeyError for a name not in the table)."""
    return _BY_NAME[name].maximum


# The largest deal value as a Decimal, for the columns and schemas that hold money.
MAX_DEAL_VALUE = Decimal(limit("deal.value"))


def nesting_depth(value: object, *, stop_at: int) -> int:
    """How deeply lists and tables nest in `value` (a scalar is 0), counted up to `stop_at`.

    Iterative, so that a document nested 5,000 deep is measured without recursing into it.
    """
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list | tuple):
            depth += 1
            deepest = max(deepest, depth)
            if deepest >= stop_at:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth) for child in children)
    return deepest


def non_finite_path(value: object) -> str | None:
    """The key path (`gaps[0].impact`) of the first NaN or infinite number, or None."""
    stack: list[tuple[object, str]] = [(value, "")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return path or "the top level"
        if isinstance(item, dict):
            stack.extend((v, f"{path}.{k}" if path else str(k)) for k, v in item.items())
        elif isinstance(item, list | tuple):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(item))
    return None
