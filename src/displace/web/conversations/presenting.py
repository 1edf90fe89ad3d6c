"""Split each turn's text around the findings on it, so templates can highlight them escaped."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from displace.web.conversations.models import Finding

__all__ = ["Segment", "TurnView", "turn_views"]


@dataclass(frozen=True)
class Segment:
    """A run of a turn's text; `finding` is set when that run is highlighted."""

    text: str
    finding: Finding | None = None


@dataclass(frozen=True)
class TurnView:
    index: int
    speaker: str
    role: str
    segments: list[Segment]
    findings: list[Finding] = field(default_factory=list)
    text: str = ""  # the whole turn, for the form that teaches the coach its words


def turn_views(turns: Sequence[Mapping[str, Any]], findings: Iterable[Finding]) -> list[TurnView]:
    """Each turn with its text in segments; overlapping findings keep the earliest span."""
    by_turn: dict[int, list[Finding]] = {}
    for finding in findings:
        by_turn.setdefault(finding.turn, []).append(finding)
    return [
        TurnView(
            index=turn["index"], speaker=turn["speaker"], role=turn["role"],
            segments=_segments(turn["text"], by_turn.get(turn["index"], [])),
            findings=by_turn.get(turn["index"], []), text=turn["text"],
        )
        for turn in turns
    ]


def _segments(text: str, findings: list[Finding]) -> list[Segment]:
    out: list[Segment] = []
    position = 0
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        start, end = max(finding.start, position), min(finding.end, len(text))
        if start >= end:
            continue  # a span inside one already highlighted, or a whole-turn finding
        if start > position:
            out.append(Segment(text[position:start]))
        out.append(Segment(text[start:end], finding))
        position = end
    if position < len(text) or not out:
        out.append(Segment(text[position:]))
    return out
