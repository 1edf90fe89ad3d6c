"""The scorecard: talk share, questions, the seller's longest monologue, speaker switches."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Literal

from displace.core.coach.detect import TurnScan
from displace.core.model import ROLES, Metrics
from displace.core.text import count_words

__all__ = ["scorecard", "turn_seconds"]


def turn_seconds(scan: TurnScan) -> float | None:
    """How long a turn lasted, when the transcript is timed."""
    t = scan.turn
    if t.start is None or t.end is None or t.end < t.start:
        return None
    return t.end - t.start


def scorecard(scans: Sequence[TurnScan], words: Sequence[int] | None = None) -> Metrics:
    """Metrics over the whole conversation; talk share by time when every turn is timed."""
    counts = list(words) if words is not None else [count_words(s.turn.text) for s in scans]
    words_by_role: dict[str, int] = dict.fromkeys(ROLES, 0)
    seconds_by_role: dict[str, float] = dict.fromkeys(ROLES, 0.0)
    questions: dict[str, dict[str, int]] = {role: {"open": 0, "closed": 0} for role in ROLES}
    timed = bool(scans) and all(turn_seconds(s) is not None for s in scans)
    longest_words, longest_seconds = 0, None
    for scan, n in zip(scans, counts, strict=True):
        role = scan.turn.role
        words_by_role[role] += n
        seconds = turn_seconds(scan)
        if seconds is not None:
            seconds_by_role[role] += seconds
        for sentence in scan.sentences:
            if sentence.question:
                questions[role]["open" if sentence.open else "closed"] += 1
        if role == "seller" and n > longest_words:
            longest_words = n
            longest_seconds = seconds if timed else None
    total_words = sum(words_by_role.values())
    basis: Literal["words", "time"] = (
        "time" if timed and sum(seconds_by_role.values()) > 0 else "words"
    )
    amounts = (
        seconds_by_role if basis == "time" else {k: float(v) for k, v in words_by_role.items()}
    )
    total = sum(amounts.values())
    share: dict[str, float] = {role: (amounts[role] / total if total else 0.0) for role in ROLES}
    switches = sum(1 for a, b in itertools.pairwise(scans) if a.turn.speaker != b.turn.speaker)
    return Metrics(
        words_by_role=words_by_role,
        talk_share=share,
        talk_share_basis=basis,
        questions=questions,
        longest_seller_monologue_words=longest_words,
        longest_seller_monologue_seconds=longest_seconds,
        switches_per_100_words=(100.0 * switches / total_words) if total_words else 0.0,
    )
