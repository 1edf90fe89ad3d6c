"""Calendar quarters, for the forecast of the current and the next quarter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["Quarter", "quarter_of", "this_and_next"]


@dataclass(frozen=True)
class Quarter:
    """A calendar quarter: `start` is its first day, `end` the first day of the next."""

    year: int
    number: int  # 1..4

    @property
    def start(self) -> date:
        """Its first day."""
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        """The first day after it."""
        return self.following().start

    @property
    def label(self) -> str:
        """"2026 Q4": the same in both languages."""
        return f"{self.year} Q{self.number}"

    def following(self) -> Quarter:
        """The quarter after this one."""
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year,
                                                                           self.number + 1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day < self.end


def quarter_of(day: date) -> Quarter:
    """The quarter `day` falls in."""
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def this_and_next(today: date) -> tuple[Quarter, Quarter]:
    """The current quarter and the next one."""
    current = quarter_of(today)
    return current, current.following()
