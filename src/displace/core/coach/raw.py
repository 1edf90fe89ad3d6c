"""A detection before it is dressed as a Finding (messages, advice, speaker)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from displace.core.model import Severity

__all__ = ["Detection"]


@dataclass(slots=True)  # made for every rule match: slots are quicker to build
class Detection:
    """A behaviour on [start, end) of turn `turn`."""

    behaviour: str
    turn: int
    start: int
    end: int
    rule: str
    severity: Severity | None = None
    data: dict[str, Any] = field(default_factory=dict)
    anchor: tuple[int, int] | None = None  # the words the rule is about; None: the whole span
    sentence: int | None = None  # the sentence of the turn a phrase rule matched
