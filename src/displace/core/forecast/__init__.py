"""Forecasts judged by what happened: calibration and a refit of the evidence model's weights.

    calibrate(forecasts)           CalibrationReport: Brier score, log loss and reliability
                                   bins of the reps' and the evidence's forecasts, per rep
    refit(forecasts, current=...)  Refit: one multiplier per family of the model's terms,
                                   regularised towards the shipped weights, cross-validated
    brier / log_loss / reliability the scores themselves
    this_and_next(today)           the current and the next calendar quarter

A calibration or refit that cannot be done raises ForecastError (a DisplaceError) with a
message in English or Vietnamese. Pure Python: no Django, no numpy.
"""

from __future__ import annotations

from displace.core.forecast.calibration import (
    CalibrationReport,
    ClosedForecast,
    GroupScore,
    calibrate,
    render_text,
)
from displace.core.forecast.config import ForecastConfig, load_config
from displace.core.forecast.messages import ForecastError, message
from displace.core.forecast.quarters import Quarter, quarter_of, this_and_next
from displace.core.forecast.refit import (
    FoldScore,
    Refit,
    explanations,
    refit,
    render_refit_text,
    usable,
)
from displace.core.forecast.scores import Bin, brier, log_loss, reliability

__all__ = [
    "Bin",
    "CalibrationReport",
    "ClosedForecast",
    "FoldScore",
    "ForecastConfig",
    "ForecastError",
    "GroupScore",
    "Quarter",
    "Refit",
    "brier",
    "calibrate",
    "explanations",
    "load_config",
    "log_loss",
    "message",
    "quarter_of",
    "refit",
    "reliability",
    "render_refit_text",
    "render_text",
    "this_and_next",
    "usable",
]
