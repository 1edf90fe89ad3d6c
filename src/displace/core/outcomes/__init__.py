"""How deals end: the reasons a deal closes as won, lost or no decision, and win rates.

    OUTCOMES, COUNTERED, COUNTER_MOVES, LOST_TO   the codes a closing is recorded with
    shipped_reasons() / parse_reasons(text)        the reasons per outcome (data/outcomes/)
    wilson_interval(k, n) / win_rate(won, closed)  a win rate with its 95 % interval

A reasons file that does not load raises ReasonsError (an InputError) with its message in
English or Vietnamese; the format is in docs/outcomes.md.
"""

from __future__ import annotations

from displace.core.outcomes.reasons import (
    COUNTER_MOVES,
    COUNTERED,
    LOST_TO,
    NOT_RECORDED,
    OUTCOMES,
    SCHEMA,
    Reason,
    ReasonList,
    ReasonsError,
    parse_reasons,
    shipped_reasons,
    shipped_reasons_text,
)
from displace.core.outcomes.winrate import Z95, WinRate, wilson_interval, win_rate

__all__ = [
    "COUNTERED",
    "COUNTER_MOVES",
    "LOST_TO",
    "NOT_RECORDED",
    "OUTCOMES",
    "SCHEMA",
    "Z95",
    "Reason",
    "ReasonList",
    "ReasonsError",
    "WinRate",
    "parse_reasons",
    "shipped_reasons",
    "shipped_reasons_text",
    "wilson_interval",
    "win_rate",
]
