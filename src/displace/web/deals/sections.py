"""The parts of a deal a rep edits with a form, as edits of a copy of the core deal (a dict).

Each function changes the deal-file mapping it is given and returns the name of the part that
changed, which history records (`prospect`, `offer.credit-line`...). Nothing here writes to the
database or validates: `actions` does both, through the deal-file schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.text import slugify

__all__ = [
    "LIST_SECTIONS",
    "SINGLE_SECTIONS",
    "VISION_PARTS",
    "apply_incumbent",
    "apply_prospect",
    "apply_vision",
    "drop_entry",
    "entries",
    "incumbent_initial",
    "prospect_initial",
    "put_entry",
    "vision_initial",
]

SINGLE_SECTIONS = ("prospect", "incumbent", "vision")
LIST_SECTIONS = ("contacts", "offer", "claims")
VISION_PARTS = ("what", "how", "who", "when", "where", "why")
PROSPECT_FIELDS = ("name", "industry", "size", "revenue_last_year", "revenue_expected", "currency")
INCUMBENT_FIELDS = ("name", "tenure_years", "origin", "match_speed", "delivers", "counter_history")
# What each list section keeps of an entry; the rest of a stored entry (an offer item's kind
# or match days from a deal file) is kept as it was.
ENTRY_FIELDS = {
    "contacts": ("name", "title", "decision_role"),
    "offer": ("text", "capability"),
    "claims": ("text", "capability"),
}


def _set_or_clear(target: dict[str, Any], name: str, value: Any) -> None:
    # An empty value removes the key, so that a cleared field leaves nothing in the deal file.
    if value in ("", None, [], ()):
        target.pop(name, None)
    else:
        target[name] = list(value) if isinstance(value, tuple) else value


def prospect_initial(data: Mapping[str, Any]) -> dict[str, Any]:
    """The prospect form's starting values."""
    return {k: data["prospect"].get(k) for k in PROSPECT_FIELDS}


def apply_prospect(data: dict[str, Any], values: Mapping[str, Any]) -> str:
    """Name, industry, size, revenue and currency of the prospect; contacts are left alone."""
    prospect = data["prospect"]
    for name in PROSPECT_FIELDS:
        if name in values:
            _set_or_clear(prospect, name, values[name])
    return "prospect"


def incumbent_initial(data: Mapping[str, Any]) -> dict[str, Any]:
    """The incumbent form's starting values (lists as lines of text where people type them)."""
    incumbent = data["incumbent"]
    return {
        **{k: incumbent.get(k) for k in ("name", "tenure_years", "origin", "match_speed")},
        "delivers": list(incumbent.get("delivers", [])),
        "counter_history": "\n".join(incumbent.get("counter_history", [])),
    }


def apply_incumbent(data: dict[str, Any], values: Mapping[str, Any]) -> str:
    """Who the incumbent is, for how long, what it delivers and how it defended before."""
    incumbent = data["incumbent"]
    for name in INCUMBENT_FIELDS:
        if name in values:
            _set_or_clear(incumbent, name, values[name])
    if incumbent.get("match_speed") == "typical":
        incumbent.pop("match_speed")  # the default, as a deal file leaves it out
    return "incumbent"


def vision_initial(data: Mapping[str, Any]) -> dict[str, Any]:
    """The vision form's starting values."""
    return dict(data.get("vision", {}))


def apply_vision(data: dict[str, Any], values: Mapping[str, Any]) -> str:
    """What, how, who, when, where and why of the prospect's picture of the remedy."""
    vision = data.setdefault("vision", {})
    for name in VISION_PARTS:
        if name in values:
            _set_or_clear(vision, name, values[name])
    if not vision:
        data.pop("vision")
    return "vision"


def entries(data: Mapping[str, Any], section: str) -> list[dict[str, Any]]:
    """The entries of a list section: contacts, offer items or claims (a live list)."""
    if section == "contacts":
        return data["prospect"].get("contacts", [])  # type: ignore[no-any-return]
    if section == "claims":
        return data["our_side"].get("claims", [])  # type: ignore[no-any-return]
    if section == "offer":
        return data.get("offer", [])  # type: ignore[no-any-return]
    raise KeyError(section)


def _entries_for_writing(data: dict[str, Any], section: str) -> list[dict[str, Any]]:
    if section == "contacts":
        return data["prospect"].setdefault("contacts", [])  # type: ignore[no-any-return]
    if section == "claims":
        return data["our_side"].setdefault("claims", [])  # type: ignore[no-any-return]
    return data.setdefault("offer", [])  # type: ignore[no-any-return]


def put_entry(data: dict[str, Any], section: str, index: int | None,
              values: Mapping[str, Any]) -> str:
    """Add an entry (`index` None) or change the one at `index` (IndexError when none)."""
    found = _entries_for_writing(data, section)
    if index is None:
        entry: dict[str, Any] = {}
        if section == "offer":
            entry["id"] = _free_id({e["id"] for e in found}, str(values.get("text", "")))
        found.append(entry)
    else:
        if not 0 <= index < len(found):
            raise IndexError(index)
        entry = found[index]
    old_name = entry.get("name", "")
    for name in ENTRY_FIELDS[section]:
        if name in values:
            _set_or_clear(entry, name, values[name])
    if section == "contacts" and old_name and entry.get("name") != old_name:
        _rename_contact(data, old_name, str(entry.get("name", "")))
    return _history_name(section, entry)


def drop_entry(data: dict[str, Any], section: str, index: int) -> str:
    """Remove the entry at `index` (IndexError when none)."""
    found = _entries_for_writing(data, section)
    if not 0 <= index < len(found):
        raise IndexError(index)
    entry = found.pop(index)
    if not found:
        owner = data["prospect"] if section == "contacts" else (
            data["our_side"] if section == "claims" else data)
        owner.pop("contacts" if section == "contacts" else section, None)
    return _history_name(section, entry)


def _history_name(section: str, entry: Mapping[str, Any]) -> str:
    if section == "offer":
        return f"offer.{entry['id']}"
    return "prospect.contacts" if section == "contacts" else "our_side.claims"


def _rename_contact(data: dict[str, Any], old: str, new: str) -> None:
    # A contact's new spelling follows them to the gaps they stated or own and to the decision.
    folded = old.casefold()
    for gap in data.get("gaps", []):
        evidence = gap.get("evidence", {})
        for key in ("stated_by", "owner"):
            if evidence.get(key, "").casefold() == folded:
                evidence[key] = new
    decision = data.get("decision", {})
    if decision.get("maker", "").casefold() == folded:
        decision["maker"] = new


def _free_id(taken: set[str], text: str) -> str:
    slug = slugify(text)
    # At most 40 characters, cut between words.
    base = (slug if len(slug) <= 40 else slug[:41].rsplit("-", 1)[0][:40]).strip("-") or "item"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key
