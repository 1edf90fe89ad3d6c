"""One finding per thing said: the detections of one behaviour merged by sentence or by offer.

Several rules often read the same words: two credentials in one sentence are one parity claim
quoting both. A concession is different: a credit line and a fee cut in one sentence are two
offers. They are told apart by what lies between the words each rule is about (its anchor):
"15% off your monthly fee" is one offer, read by the discount and the fee rules; "waive the
fees, and raise your credit line" is two, because punctuation or a joining word ("and", "và")
separates them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

from displace.core.coach.behaviours import behaviour_table
from displace.core.coach.raw import Detection
from displace.core.model import Turn
from displace.core.text import fold

__all__ = ["dedupe"]

Span = tuple[int, int]

_GAP = 40  # at most this many characters between two anchors of one offer


@lru_cache(maxsize=8)
def _separator(joiners: frozenset[str]) -> re.Pattern[str]:
    """Punctuation that ends a clause (not the dot or comma of "99.9" or "1,000") or a joiner."""
    words = "|".join(re.escape(fold(j)) for j in sorted(joiners, key=len, reverse=True))
    punctuation = r"[,.](?!\d)|[;:!?()\[\]–—\n]"
    return re.compile(punctuation + (rf"|\b(?:{words})\b" if words else ""))


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _one_offer(text: str, a: Span, b: Span, separator: re.Pattern[str]) -> bool:
    """Whether two anchors of one sentence are close and in one clause: the same offer."""
    first, second = sorted((a, b))
    between = text[first[1] : second[0]]
    return len(between) <= _GAP and separator.search(fold(between)) is None


def _by_sentence(detections: list[Detection]) -> tuple[list[Detection], list[Detection]]:
    """Per-sentence behaviours merged to one detection a sentence; the others, as found."""
    table = behaviour_table()
    merged: dict[tuple[int, str, int], Detection] = {}
    rest: list[Detection] = []
    for d in detections:
        if d.sentence is None or not table[d.behaviour].per_sentence:
            rest.append(d)
            continue
        key = (d.turn, d.behaviour, d.sentence)
        seen = merged.get(key)
        if seen is None:
            merged[key] = d
            continue
        # the quote covers every part found; the rule named is the one that found the most
        main = d if d.end - d.start > seen.end - seen.start else seen
        merged[key] = replace(main, start=min(d.start, seen.start), end=max(d.end, seen.end))
    sentences_with = {(d.turn, d.sentence, d.behaviour) for d in merged.values()}
    turns_with = {(d.turn, d.behaviour) for d in [*merged.values(), *rest]}
    kept = [
        d
        for d in merged.values()
        if not any((d.turn, d.sentence, b) in sentences_with for b in table[d.behaviour].yields_to)
        and not any((d.turn, b) in turns_with for b in table[d.behaviour].yields_in_turn)
    ]
    return kept, rest


def _place(kept: list[Detection], first: int, d: Detection, text: str,
           separator: re.Pattern[str]) -> None:
    """Add `d` to `kept[first:]`, unless a detection kept there reads the same thing."""
    a = d.anchor or (d.start, d.end)
    for index in range(len(kept) - 1, first - 1, -1):
        k = kept[index]
        if k.turn != d.turn or k.behaviour != d.behaviour:
            break
        b = k.anchor or (k.start, k.end)
        if _overlap(a, b):
            return  # the same words read twice: the first reading stands
        if d.sentence is not None and d.sentence == k.sentence and _one_offer(
            text, a, b, separator
        ):
            # one offer read by two rules: quote both; name the rule that read the most
            main = d if d.end - d.start > k.end - k.start else k
            kept[index] = replace(
                main,
                start=min(d.start, k.start),
                end=max(d.end, k.end),
                anchor=(min(a[0], b[0]), max(a[1], b[1])),
            )
            return
    kept.append(d)


def dedupe(
    detections: list[Detection], turns: Sequence[Turn], joiners: Mapping[str, frozenset[str]]
) -> list[Detection]:
    """Keep one detection per behaviour and sentence, or per thing offered.

    `joiners` are each language's clause-joining words (the packs' [clauses]).
    """
    kept, rest = _by_sentence(detections)
    first = len(kept)
    for d in sorted(rest, key=lambda d: (d.turn, d.behaviour, d.start, -d.end)):
        turn = turns[d.turn]
        _place(kept, first, d, turn.text, _separator(joiners.get(turn.language, frozenset())))
    return kept
