"""Giving every speaker a role: from the caller's hints, the shipped label table, or evidence."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import cast

from displace.core.errors import InputError
from displace.core.messages import Message
from displace.core.model import ROLES, Role
from displace.core.text import fold
from displace.core.transcript.evidence import seller_scores
from displace.core.transcript.messages import notice, unreadable

__all__ = [
    "RoleTable",
    "assign_roles",
    "is_not_speaker",
    "label_key",
    "names_a_role",
    "role_table",
    "table_role",
    "without_title",
]

_MARKUP = re.compile(r"[*_`\[\]<>#]+")
_SPACES = re.compile(r"\s+")
_TRAILING_NUMBER = re.compile(r"\s*(?:#\s*)?\d+$")
_PARENTHESIS = re.compile(r"\s*\(([^)]*)\)$")
_DASHED_TITLE = re.compile(r"\s+[-–—|]\s+.*$")


@lru_cache(maxsize=16384)  # a conversation has a few speakers, named on every line
def label_key(label: str) -> str:
    """A label compared without case, diacritics, markup or extra spaces."""
    key = _MARKUP.sub(" ", fold(label))
    return _SPACES.sub(" ", key).strip(" :.-–—")


@dataclass(frozen=True)
class RoleTable:
    """The shipped table of common speaker labels per role, and labels that are never speakers."""

    labels: dict[str, Role]  # folded label -> role
    connectors: frozenset[str]
    not_speakers: frozenset[str]
    titles: frozenset[str] = frozenset()  # folded words written with a full stop before a name
    address: frozenset[str] = frozenset()  # folded words of address before a name ("chị")


@lru_cache(maxsize=1)
def role_table() -> RoleTable:
    """The role table loaded from displace/data/roles.toml."""
    source = resources.files("displace") / "data" / "roles.toml"
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    labels: list[tuple[str, Role]] = []
    for role in ROLES:
        for label in _strings(data.get(role, {}).get("labels", []), f"{role}.labels"):
            labels.append((label_key(label), role))
    connectors = _strings(data.get("suffix", {}).get("connectors", []), "suffix.connectors")
    never = _strings(data.get("not_speakers", {}).get("labels", []), "not_speakers.labels")
    titles = _strings(data.get("titles", {}).get("labels", []), "titles.labels")
    address = _strings(data.get("address", {}).get("words", []), "address.words")
    return RoleTable(
        labels=dict(labels),
        connectors=frozenset(label_key(c) for c in connectors),
        not_speakers=frozenset(label_key(n) for n in never),
        titles=frozenset(label_key(t) for t in titles),
        address=frozenset(label_key(a) for a in address),
    )


def _strings(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"displace/data/roles.toml: {where} must be a list of strings")
    return cast(list[str], value)


def table_role(label: str) -> Role | None:
    """The role the shipped table gives `label` ("KH 2", "Khách hàng của Bill"), if any."""
    return _table_role_of_key(label_key(label))


def names_a_role(label: str) -> bool:
    """True when the label is a role's name rather than a person's ("Khách hàng", "KH 2",
    "Prospect", "Customer of Acme"); "Mrs Lan" and "Tom (Sales)" name people."""
    return _role_of_name(label_key(label)) is not None


def without_title(label: str) -> str:
    """The label without a job title at its end, in brackets or after a dash:
    "Tom (Ops Director)" and "Chị Hằng - GĐ chi nhánh" are "Tom" and "Chị Hằng"."""
    name = _PARENTHESIS.sub("", label) or label
    return _DASHED_TITLE.sub("", name) or name


@lru_cache(maxsize=8192)
def _table_role_of_key(key: str) -> Role | None:
    title = _PARENTHESIS.search(key)
    role = _role_of_name(_PARENTHESIS.sub("", key))
    if role is None and title is not None:  # "Jess (Sales)", "Anh Khoa (Kinh doanh)"
        role = _role_of_name(title.group(1).strip())
    separator = " - " if " - " in key else " | "
    if role is None and separator in key:  # "Sales - Hoa", "Hoa | Sales"
        parts = [part.strip() for part in key.split(separator)]
        role = next((r for part in parts if (r := _role_of_name(part)) is not None), None)
    return role


def _role_of_name(key: str) -> Role | None:
    key = _TRAILING_NUMBER.sub("", key) or key
    table = role_table()
    known = table.labels
    words = key.split(" ")
    for size in range(len(words), 0, -1):
        role = known.get(" ".join(words[:size]))
        if role is None:
            continue
        # A known label alone, or followed by a qualifier: "của Bill", "from Acme".
        if size == len(words) or (words[size] in table.connectors and size + 1 < len(words)):
            return role
        return None
    return None


def is_not_speaker(label: str) -> bool:
    """True for things written like labels that are never speakers ("Note", "Giai đoạn 2")."""
    words = label_key(label).split(" ")
    never = role_table().not_speakers
    return any(" ".join(words[:size]) in never for size in range(1, len(words) + 1))


def assign_roles(
    speakers: Sequence[str],
    texts: Mapping[str, Sequence[str]],
    hints: Mapping[str, Role] | None,
    *,
    stated: Mapping[str, Role] | None = None,
) -> tuple[dict[str, Role], dict[str, str], list[str]]:
    """Each speaker's role, how it was set (hint, format, table, evidence, unknown) and
    warnings. `stated` are the roles the file itself gives (Gong's affiliation)."""
    roles: dict[str, Role] = {}
    sources: dict[str, str] = {}
    warnings = _apply_hints(speakers, hints or {}, roles, sources)
    for speaker, given in (stated or {}).items():
        if speaker in speakers and speaker not in roles:
            roles[speaker], sources[speaker] = given, "format"
    for speaker in speakers:
        if speaker not in roles and (role := table_role(speaker)) is not None:
            roles[speaker], sources[speaker] = role, "table"
    warnings += _apply_evidence(speakers, texts, roles, sources)
    for speaker in speakers:
        if speaker not in roles:
            roles[speaker], sources[speaker] = "other", "unknown"
            warnings.append(notice("warn.role_unknown", speaker=repr(speaker)))
    if "seller" not in roles.values() and speakers:
        warnings.append(notice("warn.no_seller"))
    return roles, sources, warnings


def _apply_hints(
    speakers: Sequence[str],
    hints: Mapping[str, Role],
    roles: dict[str, Role],
    sources: dict[str, str],
) -> list[str]:
    warnings: list[str] = []
    by_key = {_SPACES.sub(" ", s.casefold()).strip(): s for s in speakers}
    by_folded = {label_key(s): s for s in speakers}
    for label, role in hints.items():
        if role not in ROLES:
            raise unreadable("role.unknown", speaker=repr(label), roles=", ".join(ROLES))
        key = _SPACES.sub(" ", label.casefold()).strip()
        speaker = by_key.get(key) or by_folded.get(label_key(label))
        if speaker is None:
            warnings.append(notice(
                "warn.no_such_label", label=repr(label),
                speakers=", ".join(speakers) or Message("reader", "warn.no_speakers")))
            continue
        roles[speaker], sources[speaker] = role, "hint"
    return warnings


def _apply_evidence(
    speakers: Sequence[str],
    texts: Mapping[str, Sequence[str]],
    roles: dict[str, Role],
    sources: dict[str, str],
) -> list[str]:
    # Only a guess: asking questions and offering "we can…" is what sellers do.
    unknown = [s for s in speakers if s not in roles]
    warnings: list[str] = []
    if not unknown:
        return warnings
    if "seller" not in roles.values():
        scores = seller_scores({s: texts.get(s, ()) for s in unknown})
        ranked = sorted(unknown, key=lambda s: -scores[s])
        best = ranked[0]
        runner_up = scores[ranked[1]] if len(ranked) > 1 else 0.0
        if scores[best] > 0 and scores[best] > runner_up:
            roles[best], sources[best] = "seller", "evidence"
            unknown.remove(best)
            warnings.append(notice("warn.guessed_seller", speaker=repr(best)))
    sellers = [s for s in speakers if roles.get(s) == "seller"]
    if not sellers:
        return warnings
    # With the seller known, everyone else at the table is the other party — unless their label
    # names the seller's organisation ("Kelechi (PayServe)" beside "Ngozi (PayServe)").
    their_side = {org for s in sellers if (org := _organisation(s))}
    prospect_known = "prospect" in roles.values()
    for other in unknown:
        side: Role = "seller" if _organisation(other) in their_side else "prospect"
        if side == "prospect" and prospect_known:
            continue  # a third party beside a named prospect: nothing tells who they are
        roles[other], sources[other] = side, "evidence"
        key = "warn.guessed_seller_side" if side == "seller" else "warn.guessed_prospect"
        warnings.append(notice(key, speaker=repr(other)))
    return warnings


def _organisation(label: str) -> str:
    """The organisation or title a label adds to the name: "Tom (Acme)", "Hoa - Acme"."""
    key = label_key(label)
    found = _PARENTHESIS.search(key)
    if found is not None:
        return found.group(1).strip()
    for separator in (" - ", " | "):
        _, dash, rest = key.partition(separator)
        if dash:
            return rest.strip()
    return ""


