"""A win rate with its Wilson score interval: honest with the few deals a team closes.

The normal approximation (p ± z·√(p(1−p)/n)) gives 100 % ± 0 for two wins out of two; the
Wilson interval (Wilson, 1927) stays inside 0..1 and widens as the deals get fewer, which is
what a manager comparing incumbents on a dozen deals each needs to see.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["Z95", "WinRate", "wilson_interval", "win_rate"]

# The standard normal quantile of 97.5 %: a two-sided 95 % interval.
Z95 = 1.959963984540054


def wilson_interval(successes: int, trials: int, *, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of `successes` out of `trials` (0..1 each end); (0, 1) when
    there are no trials. ValueError for counts that cannot be."""
    if trials < 0 or not 0 <= successes <= trials:
        raise ValueError(f"expected 0 <= successes <= trials, got {successes} of {trials}")
    if trials == 0:
        return 0.0, 1.0
    p = successes / trials
    z2 = z * z
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / (1 + z2 / trials)
    # At 0 and n successes the formula's end is exactly 0 or 1; rounding must not move it.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True)
class WinRate:
    """Deals won out of deals closed, with the 95 % interval of the rate."""

    won: int
    closed: int
    low: float
    high: float

    @property
    def rate(self) -> float | None:
        """The share won; None before any deal closed."""
        return self.won / self.closed if self.closed else None


def win_rate(won: int, closed: int) -> WinRate:
    """`won` of `closed` deals as a rate with its 95 % Wilson interval."""
    low, high = wilson_interval(won, closed)
    return WinRate(won, closed, low, high)
