"""The sentences the learned layer reads, with what it needs to know around each.

Built from the coach's own scan (its turns, roles and sentence spans), so that training and
analysis see exactly the same units. Pure Python: no numpy here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from displace.core.coach.detect import TurnScan
from displace.core.model import ROLES, Role

__all__ = ["Unit", "units_of"]

_MAX_CHARS = 600  # a sentence longer than this (a run-on ASR turn) is read by its first part


@dataclass(frozen=True)
class Unit:
    """One sentence of one turn: where it is, who said it, and what came just before."""

    turn: int
    start: int
    end: int
    text: str
    role: Role
    question: bool
    context: str  # the previous speaker's last sentence ("" at the start)

    def role_vector(self) -> list[float]:
        """The speaker's role as four 0/1 numbers, in the order of ROLES."""
        return [1.0 if self.role == r else 0.0 for r in ROLES]


def units_of(scans: Sequence[TurnScan]) -> list[Unit]:
    """Every non-empty sentence of the conversation, in order."""
    out: list[Unit] = []
    context = ""
    previous_speaker: str | None = None
    last_of_turn = ""
    for index, scan in enumerate(scans):
        turn = scan.turn
        if turn.speaker != previous_speaker:
            context = last_of_turn
        for sentence in scan.sentences:
            start, end = _trimmed(turn.text, sentence.start, sentence.end)
            if start >= end:
                continue
            text = turn.text[start:end][:_MAX_CHARS]
            out.append(Unit(index, start, end, text, turn.role, sentence.question, context))
            last_of_turn = text
        previous_speaker = turn.speaker
    return out


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
