"""How good a probability forecast was, once the outcomes are known.

Brier score: the mean of (forecast - outcome)^2, 0 for a perfect forecaster, 0.25 for one who
always says 50 %. Log loss: the mean of -log(chance given to what happened), with forecasts
clipped to [clip, 1 - clip] so that one "certain" forecast that went wrong does not make the
score infinite. Reliability: forecasts grouped in equal bins, each with its mean forecast and
the share that came true; a calibrated forecaster's points lie on the diagonal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Bin", "brier", "log_loss", "reliability"]


def _checked(predictions: Sequence[float], outcomes: Sequence[int]) -> None:
    if len(predictions) != len(outcomes):
        raise ValueError("predictions and outcomes differ in length")


def brier(predictions: Sequence[float], outcomes: Sequence[int]) -> float | None:
    """The Brier score of the forecasts; None without any."""
    _checked(predictions, outcomes)
    if not predictions:
        return None
    return math.fsum([(p - y) * (p - y) for p, y in zip(predictions, outcomes, strict=True)]
                     ) / len(predictions)


def log_loss(predictions: Sequence[float], outcomes: Sequence[int], *,
             clip: float = 0.01) -> float | None:
    """The mean log loss (natural log) of the forecasts, clipped; None without any."""
    _checked(predictions, outcomes)
    if not predictions:
        return None
    low, high, log, log1p = clip, 1.0 - clip, math.log, math.log1p
    clipped = [low if p < low else high if p > high else p for p in predictions]
    total = math.fsum([log(p) if y else log1p(-p)
                       for p, y in zip(clipped, outcomes, strict=True)])
    return -total / len(predictions)


@dataclass(frozen=True)
class Bin:
    """One slice [low, high) of the forecasts (the last one includes 1)."""

    low: float
    high: float
    n: int
    predicted: float | None  # the mean forecast in the bin
    observed: float | None  # the share of those deals that were won

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"low": round(self.low, 4), "high": round(self.high, 4), "n": self.n,
                "predicted": _rounded(self.predicted), "observed": _rounded(self.observed)}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def reliability(predictions: Sequence[float], outcomes: Sequence[int], *,
                bins: int = 10) -> tuple[Bin, ...]:
    """The forecasts in `bins` equal slices of [0, 1], every slice listed (n = 0 when empty)."""
    _checked(predictions, outcomes)
    sums = [0.0] * bins
    wins = [0] * bins
    counts = [0] * bins
    top = bins - 1
    for p, y in zip(predictions, outcomes, strict=True):
        k = int(p * bins)
        k = top if k > top else 0 if k < 0 else k
        sums[k] += p
        wins[k] += y
        counts[k] += 1
    return tuple(
        Bin(k / bins, (k + 1) / bins, counts[k],
            sums[k] / counts[k] if counts[k] else None,
            wins[k] / counts[k] if counts[k] else None)
        for k in range(bins))
