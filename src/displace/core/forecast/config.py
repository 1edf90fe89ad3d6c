"""The calibration report's and the refit's settings, read from `data/model/forecast.toml`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from displace.core.errors import DisplaceError

__all__ = ["FORECAST_FILE", "ForecastConfig", "load_config"]

FORECAST_FILE = "data/model/forecast.toml"


@dataclass(frozen=True)
class ForecastConfig:
    """What forecast.toml says (each value is explained there)."""

    too_few: int = 20
    bins: int = 10
    clip: float = 0.01
    min_deals: int = 30
    folds: int = 5
    penalties: tuple[float, ...] = (1000.0, 100.0, 10.0, 1.0)
    seed: int = 13
    max_multiplier: float = 5.0
    moved: float = 0.1
    steps: int = 50
    tolerance: float = 1e-4


@lru_cache(maxsize=1)
def load_config() -> ForecastConfig:
    """Read and check forecast.toml."""
    raw = resources.files("displace").joinpath(FORECAST_FILE).read_text(encoding="utf-8")
    try:
        doc = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise DisplaceError(f"{FORECAST_FILE}: not valid TOML ({exc})") from None
    calibration, refit = _section(doc, "calibration"), _section(doc, "refit")
    config = ForecastConfig(
        too_few=_number(calibration, "calibration.too_few", int, 1),
        bins=_number(calibration, "calibration.bins", int, 2),
        clip=_number(calibration, "calibration.clip", float, 1e-12),
        min_deals=_number(refit, "refit.min_deals", int, 4),
        folds=_number(refit, "refit.folds", int, 2),
        penalties=tuple(_penalties(refit)),
        seed=_number(refit, "refit.seed", int, 0),
        max_multiplier=_number(refit, "refit.max_multiplier", float, 1.0),
        moved=_number(refit, "refit.moved", float, 0.0),
        steps=_number(refit, "refit.steps", int, 1),
        tolerance=_number(refit, "refit.tolerance", float, 0.0),
    )
    if config.clip >= 0.5:
        raise DisplaceError(f"{FORECAST_FILE}: calibration.clip: expected a number below 0.5")
    return config


def _section(doc: dict[str, Any], name: str) -> dict[str, Any]:
    section = doc.get(name)
    if not isinstance(section, dict):
        raise DisplaceError(f"{FORECAST_FILE}: expected a [{name}] section")
    return section


def _number(section: dict[str, Any], where: str, kind: type[int] | type[float],
            least: float) -> Any:
    value = section.get(where.partition(".")[2])
    if isinstance(value, bool) or not isinstance(value, int | float) or (
            kind is int and not isinstance(value, int)) or value < least:
        raise DisplaceError(f"{FORECAST_FILE}: {where}: expected a number >= {least}, "
                            f"found {value!r}")
    return kind(value)


def _penalties(refit: dict[str, Any]) -> list[float]:
    values = refit.get("penalties")
    if not isinstance(values, list) or not values or not all(
            isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in values):
        raise DisplaceError(f"{FORECAST_FILE}: refit.penalties: expected a list of numbers > 0")
    return sorted((float(v) for v in values), reverse=True)
