"""The conversation coach: rule packs, detectors, sequence checks, metrics and facts."""

from __future__ import annotations

from displace.core.coach.analyze import analyze

__all__ = ["analyze"]
