"""Facts the coach reads out of a conversation: who the incumbent is, for how long, and money.

Patterns and word lists come from each language's rule pack ([facts] and [lexicon]).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from displace.core.coach.detect import TurnScan
from displace.core.coach.raw import Detection
from displace.core.coach.rulepack import RulePack
from displace.core.text import fold

__all__ = ["parse_number", "read_amounts", "read_facts"]

_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=64)
def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


def parse_number(text: str, language: str) -> float | None:
    """A number written the way `language` writes it: "300.000" is 300000 in Vietnamese text.

    A separator followed by exactly three digits is a thousands separator in either language;
    otherwise Vietnamese uses a comma and English a dot for decimals.
    """
    digits = text.strip()
    if not digits:
        return None
    seps = [c for c in digits if c in ".,"]
    groups = re.split(r"[.,]", digits)
    if seps and all(len(g) == 3 for g in groups[1:]) and len(set(seps)) == 1:
        return float("".join(groups))
    decimal = "," if language == "vi" else "."
    thousands = "." if decimal == "," else ","
    cleaned = digits.replace(thousands, "").replace(decimal, ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def _word_number(word: str, pack: RulePack) -> float | None:
    value = parse_number(word, pack.language)
    if value is not None:
        return value
    found = pack.lexicon.get("numbers", {}).get(fold(word.strip()))
    return float(found) if isinstance(found, float) else None


def read_amounts(text: str, pack: RulePack) -> list[dict[str, Any]]:
    """Money amounts in one turn's text: value, currency and where they are."""
    if _DIGIT.search(text) is None:
        return []
    out = []
    multipliers = pack.lexicon.get("multipliers", {})
    currencies = pack.lexicon.get("currencies", {})
    for pattern in _compile(pack.facts.get("amount", ())):
        for m in pattern.finditer(text):
            groups = m.groupdict()
            value = parse_number(groups.get("num") or "", pack.language)
            cur = (groups.get("cur") or groups.get("cur2") or "").strip().lower()
            if value is None or not cur:
                continue
            mult = multipliers.get(fold((groups.get("mult") or "").strip()), 1.0)
            currency = currencies.get(fold(cur), cur.upper())
            out.append({
                "text": m.group(0).strip(),
                "value": value * (float(mult) if isinstance(mult, float) else 1.0),
                "currency": str(currency),
                "start": m.start(),
                "end": m.end(),
            })
    out.sort(key=lambda a: a["start"])
    kept: list[dict[str, Any]] = []
    for amount in out:  # several patterns may read the same words: keep the longest reading
        if kept and amount["start"] < kept[-1]["end"]:
            if amount["end"] - amount["start"] > kept[-1]["end"] - kept[-1]["start"]:
                kept[-1] = amount
            continue
        kept.append(amount)
    return kept


def _tenure(text: str, pack: RulePack) -> dict[str, Any] | None:
    for pattern in _compile(pack.facts.get("tenure", ())):
        m = pattern.search(text)
        if not m:
            continue
        groups = m.groupdict()
        years = _word_number(groups.get("n") or "", pack) if groups.get("n") else None
        since = groups.get("year")
        return {
            "text": m.group(0).strip(),
            "years": years,
            "since_year": int(since) if since and since.isdigit() else None,
            "approximate": bool(groups.get("approx")),
        }
    return None


def _origin(text: str, pack: RulePack) -> str | None:
    for pattern in _compile(pack.facts.get("origin", ())):
        m = pattern.search(text)
        if m and m.groupdict().get("origin"):
            return m.group("origin").strip(" ,.;-–")
    return None


_CONNECTORS = {"&", "of", "and", "de"}


def trim_name(words: str) -> str | None:
    """The proper name at the start of `words`: capitalised words, with at most one
    lower-case word between two of them ("Vận tải Bắc Nam", "Bank of Smithville")."""
    tokens = words.split()
    kept: list[str] = []
    for i, token in enumerate(tokens):
        clean = token.strip(",.;:!?")
        if clean and clean[0].isupper():
            kept.append(clean)
        elif kept and i + 1 < len(tokens) and tokens[i + 1][:1].isupper() and (
            clean in _CONNECTORS or len(kept) == 1
        ):
            kept.append(clean)
        else:
            break
        if token != clean:
            break
    return " ".join(kept) if kept and kept[0][0].isupper() else None


_ENOUGH_EVIDENCE = 6  # stop reading for the incumbent's name once it is this clear


def _candidates(scans: Sequence[TurnScan], packs: dict[str, RulePack]) -> Counter[str]:
    names: Counter[str] = Counter()
    # The prospect names its supplier most reliably; read its turns first, the seller's after.
    ordered = [s for s in scans if s.turn.role in ("prospect", "other")]
    ordered += [s for s in scans if s.turn.role == "seller"]
    for scan in ordered:
        if names and names.most_common(1)[0][1] >= _ENOUGH_EVIDENCE:
            break
        pack = packs[scan.turn.language]
        weight = 3 if scan.turn.role in ("prospect", "other") else 1
        for pattern in _compile(pack.facts.get("incumbent", ())):
            for m in pattern.finditer(scan.turn.text):
                name = trim_name(m.group("name"))
                if name and 1 < len(name) <= 60:
                    names[name] += weight
    return names


def _name_finder(name: str, short: str | None) -> Callable[[str], tuple[int, int] | None]:
    exact = [re.compile(r"(?<!\w)" + re.escape(c.lower()) + r"(?!\w)") for c in (name, short) if c]
    folded = [re.compile(r"(?<!\w)" + re.escape(fold(c)) + r"(?!\w)") for c in (name, short) if c]

    def find(text: str) -> tuple[int, int] | None:
        lower = text.lower()
        patterns = exact if fold(text) != lower else exact + folded  # typed without diacritics
        for index, pattern in enumerate(patterns):
            m = pattern.search(lower)
            # the short form ("Contoso") only counts capitalised, as a name
            if m and (index % len(exact) == 0 or text[m.start()].isupper()):
                return m.start(), m.end()
        return None

    return find


def read_facts(
    scans: Sequence[TurnScan], packs: dict[str, RulePack], detections: list[Detection]
) -> tuple[dict[str, Any], list[Detection]]:
    """The facts dict for the report, and one incumbent-mention per turn that names it."""
    facts: dict[str, Any] = {"incumbent": None, "amounts": []}
    mentions: list[Detection] = []
    offers = {(d.turn) for d in detections if d.behaviour in ("matchable-concession", "offer",
                                                              "incumbent-counter")}
    for scan in scans:
        for amount in read_amounts(scan.turn.text, packs[scan.turn.language]):
            amount.update(turn=scan.turn.index, role=scan.turn.role,
                          in_offer=scan.turn.index in offers)
            facts["amounts"].append(amount)
    names = _candidates(scans, packs)
    if not names:
        return facts, mentions
    name = names.most_common(1)[0][0]
    # "Contoso Managed Services" is often just "Contoso" later on.
    first = name.split()[0]
    short = first if len(name.split()) > 1 and len(first) >= 4 else None
    incumbent: dict[str, Any] = {"name": name, "tenure": None, "origin": None, "first_turn": None}
    find = _name_finder(name, short)
    for scan in scans:
        span = find(scan.turn.text)
        if span is None:
            continue
        pack = packs[scan.turn.language]
        data: dict[str, Any] = {"name": name}
        tenure = _tenure(scan.turn.text, pack) if scan.turn.role != "seller" else None
        origin = _origin(scan.turn.text, pack) if scan.turn.role != "seller" else None
        if tenure and incumbent["tenure"] is None:
            incumbent["tenure"] = data["tenure"] = tenure
        if origin and incumbent["origin"] is None:
            incumbent["origin"] = data["origin"] = origin
        if incumbent["first_turn"] is None:
            incumbent["first_turn"] = scan.turn.index
        mentions.append(Detection("incumbent-mention", scan.turn.index, span[0], span[1],
                                  "facts:incumbent", data=data))
    facts["incumbent"] = incumbent
    return facts, mentions
