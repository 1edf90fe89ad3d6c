"""The deal model's weights, read from `data/model/weights.toml` (documented there)."""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from displace.core.errors import DisplaceError

__all__ = ["FAMILIES", "WEIGHTS_PATH", "Weights", "load_weights", "scaled_weights"]

WEIGHTS_PATH = Path(__file__).resolve().parents[2] / "data" / "model" / "weights.toml"
_SECTIONS = ("prior", "classify", "counter", "gap", "gain", "loss", "readiness", "monte_carlo")

# The model's terms, grouped in families: the win probability's log-odds are their sum. A
# team's refit (displace.core.forecast) learns one multiplier per family.
FAMILIES = ("prior", "decision", "offer", "gaps", "vision", "findings", "risks")
# The weights each family's multiplier scales: (section, key). Each term is linear in its
# weights, so scaling them by m scales the family's term by exactly m (the prior on the
# log-odds scale, the findings' cap with the findings).
_SCALED: dict[str, tuple[tuple[str, str], ...]] = {
    "decision": (("gain", "willing"), ("gain", "counter_rehearsed"), ("loss", "unwilling"),
                 ("loss", "unknown_willing"), ("loss", "unknown_decision_maker")),
    "offer": (("gain", "unmatched"),),
    "gaps": (("gap", "worth"), ("loss", "no_stated_gap")),
    "vision": (("gain", "vision_part"),),
    "findings": (("gain", "finding"),),
    "risks": (("loss", "finding"), ("loss", "findings_cap")),
}


@dataclass(frozen=True)
class Weights:
    """The sections of weights.toml, as read."""

    prior: dict[str, Any]
    classify: dict[str, Any]
    counter: dict[str, Any]
    gap: dict[str, Any]
    gain: dict[str, Any]
    loss: dict[str, Any]
    readiness: dict[str, Any]
    monte_carlo: dict[str, Any]


@lru_cache(maxsize=4)
def load_weights(path: Path = WEIGHTS_PATH) -> Weights:
    """Read and check the weights file."""
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DisplaceError(f"{path}: cannot read the model's weights: {exc}") from None
    missing = [s for s in _SECTIONS if not isinstance(doc.get(s), dict)]
    if missing:
        raise DisplaceError(f"{path}: expected a [{missing[0]}] section")
    total = sum(doc["gap"]["criteria"].values())
    if abs(total - 1.0) > 1e-6:
        raise DisplaceError(f"{path}: gap.criteria: expected shares adding up to 1, got {total}")
    _check_signs(doc, path)
    return Weights(**{s: doc[s] for s in _SECTIONS})


def _check_signs(doc: dict[str, Any], path: Path) -> None:
    # The monotonicity of the model rests on gains and losses never being negative.
    for section in ("gain", "loss"):
        for key, value in doc[section].items():
            values = value.values() if isinstance(value, dict) else [value]
            if isinstance(value, list):
                continue
            if any(v < 0 for v in values):
                raise DisplaceError(f"{path}: {section}.{key}: expected values >= 0")


def scaled_weights(weights: Weights, multipliers: Mapping[str, float]) -> Weights:
    """The weights with each family's multiplier applied (a family not named keeps 1).

    A multiplier is a finite number >= 0: a family's weights never change sign, so the model's
    guarantees (a gap never lowers the probability...) hold for every team's weights too.
    """
    unknown = sorted(set(multipliers) - set(FAMILIES))
    if unknown:
        raise DisplaceError(f"multipliers: expected families among {', '.join(FAMILIES)}, "
                            f"found {unknown[0]!r}")
    for family, m in multipliers.items():
        if not (isinstance(m, int | float) and math.isfinite(m) and m >= 0):
            raise DisplaceError(f"multipliers.{family}: expected a number >= 0, found {m!r}")
    sections = {name: _copy(getattr(weights, name)) for name in ("prior", "gap", "gain", "loss")}
    for family, m in multipliers.items():
        if m == 1:
            continue  # exactly the shipped value (the prior's round trip would round it)
        if family == "prior":
            chance = float(weights.prior["win_chance"])
            log_odds = float(m) * math.log(chance / (1.0 - chance))
            sections["prior"]["win_chance"] = 1.0 / (1.0 + math.exp(-log_odds))
            continue
        for section, key in _SCALED[family]:
            value = sections[section][key]
            sections[section][key] = (
                {k: float(v) * m for k, v in value.items()} if isinstance(value, dict)
                else float(value) * m
            )
    return replace(weights, **sections)


def _copy(section: dict[str, Any]) -> dict[str, Any]:
    return {k: dict(v) if isinstance(v, dict) else v for k, v in section.items()}
