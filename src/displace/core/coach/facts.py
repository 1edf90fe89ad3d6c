"""Facts the coach reads out of a conversation: who the incumbent is, for how long, and money.

Patterns and word lists come from each language's rule pack ([facts] and [lexicon]).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from displace.core.coach.detect import TurnScan
from displace.core.coach.patterns import PatternLike, compile_pattern
from displace.core.coach.raw import Detection
from displace.core.coach.rulepack import RulePack
from displace.core.text import fold, has_vietnamese_marks

__all__ = ["parse_number", "read_amounts", "read_facts"]

_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=64)
def _compile(
    patterns: tuple[str, ...], user: frozenset[str], source: str
) -> tuple[PatternLike, ...]:
    return tuple(compile_pattern(p, user=p in user, source=source) for p in patterns)


def _fold_pattern(pattern: str) -> str:
    """The pattern for text typed without diacritics: its non-ASCII letters folded.

    ASCII is left alone, so the regex syntax ("(?P<name>", "\\w") is untouched; patterns wrap
    their words in (?i:…), so the folded text being lower-case does not matter.
    """
    return "".join(ch if ch.isascii() else fold(ch) for ch in pattern)


@lru_cache(maxsize=64)
def _compile_folded(
    patterns: tuple[str, ...], user: frozenset[str], source: str
) -> tuple[PatternLike, ...]:
    folded = (_fold_pattern(p) for p in patterns)
    return tuple(compile_pattern(f, user=p in user, source=source)
                 for f, p in zip(folded, patterns, strict=True) if f != p)


class _Text(str):
    """A turn's text; `group` reads a match's group from it, whichever form was searched."""

    def group(self, m: re.Match[str], name: str) -> str | None:
        start, end = m.span(name)
        return None if start < 0 else str(self[start:end])


def _finditer(pack: RulePack, key: str, text: str) -> Iterator[re.Match[str]]:
    """Matches of the pack's `key` facts patterns in the text and, when it is Vietnamese typed
    without diacritics, matches of the folded patterns in its folded form (same offsets)."""
    patterns = pack.facts.get(key, ())
    for pattern in _compile(patterns, pack.user_patterns, pack.source):
        yield from pattern.finditer(text)
    if pack.language == "vi" and not has_vietnamese_marks(text):
        folded = fold(text)
        for pattern in _compile_folded(patterns, pack.user_patterns, pack.source):
            yield from pattern.finditer(folded)


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
    out: list[dict[str, Any]] = []
    multipliers = pack.lexicon.get("multipliers", {})
    currencies = pack.lexicon.get("currencies", {})
    source = _Text(text)
    for m in _finditer(pack, "amount", text):
        groups = {name: source.group(m, name) for name in m.groupdict()}
        value = parse_number(groups.get("num") or "", pack.language)
        cur = (groups.get("cur") or groups.get("cur2") or "").strip().lower()
        if value is None or not cur:
            continue
        mult = multipliers.get(fold((groups.get("mult") or "").strip()), 1.0)
        currency = currencies.get(fold(cur), cur.upper())
        out.append(
            {
                "text": text[m.start() : m.end()].strip(),
                "value": value * (float(mult) if isinstance(mult, float) else 1.0),
                "currency": str(currency),
                "start": m.start(),
                "end": m.end(),
            }
        )
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
    source = _Text(text)
    for m in _finditer(pack, "tenure", text):
        groups = {name: source.group(m, name) for name in m.groupdict()}
        years = _word_number(groups.get("n") or "", pack) if groups.get("n") else None
        since = groups.get("year")
        return {
            "text": text[m.start() : m.end()].strip(),
            "years": years,
            "since_year": int(since) if since and since.isdigit() else None,
            "approximate": bool(groups.get("approx")),
        }
    return None


def _origin(text: str, pack: RulePack) -> str | None:
    source = _Text(text)
    for m in _finditer(pack, "origin", text):
        origin = source.group(m, "origin") if "origin" in m.groupdict() else None
        if origin:
            return origin.strip(" ,.;-–")
    return None


_CONNECTORS = {"&", "of", "and", "de"}


def trim_name(words: str) -> str | None:
    """The proper name at the start of `words`: capitalised words, with at most one
    lower-case word between two of them ("Vận tải Bắc Nam", "Bank of Smithville")."""
    tokens = words.split()
    kept: list[str] = []
    for i, token in enumerate(tokens):
        clean = token.strip(",.;:!?")
        if (clean and clean[0].isupper()) or (
            kept
            and i + 1 < len(tokens)
            and tokens[i + 1][:1].isupper()
            and (clean in _CONNECTORS or len(kept) == 1)
        ):
            kept.append(clean)
        else:
            break
        if token != clean:
            break
    return " ".join(kept) if kept and kept[0][0].isupper() else None


_ENOUGH_EVIDENCE = 6  # stop reading for the incumbent's name once it is this clear


def _candidates(
    scans: Sequence[TurnScan], packs: dict[str, RulePack], cued: set[int]
) -> Counter[str]:
    names: Counter[str] = Counter()
    # The prospect names its supplier most reliably; read its turns first, the seller's after.
    # Only turns where a relationship phrase was found ("we bank with…") are read at all.
    ordered = [s for s in scans if s.turn.role in ("prospect", "other") and s.turn.index in cued]
    ordered += [s for s in scans if s.turn.role == "seller" and s.turn.index in cued]
    for scan in ordered:
        if names and names.most_common(1)[0][1] >= _ENOUGH_EVIDENCE:
            break
        pack = packs[scan.turn.language]
        weight = 3 if scan.turn.role in ("prospect", "other") else 1
        source = _Text(scan.turn.text)
        for m in _finditer(pack, "incumbent", scan.turn.text):
            name = trim_name(source.group(m, "name") or "")
            if name and 1 < len(name) <= 60:
                names[name] += weight
    return names


def _typed_without_diacritics(text: str) -> bool:
    """Whether folding leaves `text` as its lower case (told without folding, where it can)."""
    if text.isascii():
        return True
    return not has_vietnamese_marks(text) and fold(text) == text.lower()


def _short_forms(name: str) -> list[str]:
    """What a long name is often shortened to: its first word ("Contoso" for "Contoso Managed
    Services") or, for a name that starts with the kind of firm, in Vietnamese fashion, its last
    two words ("Phúc An" for "Kế toán Phúc An"; the kind has a lower-case word)."""
    words = name.split()
    forms = []
    if len(words) > 1 and len(words[0]) >= 4:
        forms.append(words[0])
    if len(words) > 2 and any(w[:1].islower() for w in words[1:-2]):
        forms.append(" ".join(words[-2:]))
    return forms


def _name_spans(
    texts: Sequence[str], name: str, shorts: Sequence[str]
) -> dict[int, tuple[int, int]]:
    """Where each text first names the incumbent, searched over all texts at once.

    The short forms only count capitalised; text typed without diacritics is matched on its
    folded form.
    """
    joined = "\n".join(texts)
    offsets = [0]
    for text in texts[:-1]:
        offsets.append(offsets[-1] + len(text) + 1)
    found: dict[int, tuple[int, int]] = {}
    forms = [(name, True)] + [(short, False) for short in shorts]
    # The folded search reads only texts typed without diacritics (a text with them must name
    # the incumbent with them); for those, folding is lower-casing. The others are blanked, so
    # the offsets stay those of `joined`, and the costly folding of Vietnamese text is skipped.
    unaccented = "\n".join(
        text.lower() if _typed_without_diacritics(text) else " " * len(text) for text in texts
    )
    for haystack, fold_form in ((joined.lower(), False), (unaccented, True)):
        for candidate, full in forms:
            needle = fold(candidate) if fold_form else candidate.lower()
            # the word boundary before is checked by hand: a look-behind first would cost the
            # regex engine its fast literal search
            pattern = re.compile(re.escape(needle) + r"(?!\w)")
            for m in pattern.finditer(haystack):
                if m.start() > 0 and haystack[m.start() - 1].isalnum():
                    continue
                index = bisect.bisect_right(offsets, m.start()) - 1
                if index in found or (not full and not joined[m.start()].isupper()):
                    continue
                start = m.start() - offsets[index]
                found[index] = (start, start + len(needle))
    return found


def read_facts(
    scans: Sequence[TurnScan], packs: dict[str, RulePack], detections: list[Detection]
) -> tuple[dict[str, Any], list[Detection]]:
    """The facts dict for the report, and one incumbent-mention per turn that names it."""
    facts: dict[str, Any] = {"incumbent": None, "amounts": []}
    mentions: list[Detection] = []
    offers = {
        (d.turn)
        for d in detections
        if d.behaviour in ("matchable-concession", "offer", "incumbent-counter")
    }
    for scan in scans:
        for amount in read_amounts(scan.turn.text, packs[scan.turn.language]):
            amount.update(
                turn=scan.turn.index, role=scan.turn.role, in_offer=scan.turn.index in offers
            )
            facts["amounts"].append(amount)
    cued = {d.turn for d in detections if d.behaviour == "relationship"}
    names = _candidates(scans, packs, cued)
    if not names:
        return facts, mentions
    name = names.most_common(1)[0][0]
    incumbent: dict[str, Any] = {"name": name, "tenure": None, "origin": None, "first_turn": None}
    spans = _name_spans([s.turn.text for s in scans], name, _short_forms(name))
    for scan in scans:
        span = spans.get(scan.turn.index)
        if span is None:
            continue
        pack = packs[scan.turn.language]
        data: dict[str, Any] = {"name": name}
        speaks = scan.turn.role != "seller"  # the seller's guesses are not facts
        tenure = _tenure(scan.turn.text, pack) if speaks and not incumbent["tenure"] else None
        origin = _origin(scan.turn.text, pack) if speaks and not incumbent["origin"] else None
        if tenure and incumbent["tenure"] is None:
            incumbent["tenure"] = data["tenure"] = tenure
        if origin and incumbent["origin"] is None:
            incumbent["origin"] = data["origin"] = origin
        if incumbent["first_turn"] is None:
            incumbent["first_turn"] = scan.turn.index
        mentions.append(
            Detection(
                "incumbent-mention", scan.turn.index, span[0], span[1], "facts:incumbent", data=data
            )
        )
    facts["incumbent"] = incumbent
    return facts, mentions
