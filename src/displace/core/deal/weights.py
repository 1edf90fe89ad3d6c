"""The deal model's weights, read from `data/model/weights.toml` (documented there)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from displace.core.errors import DisplaceError

__all__ = ["WEIGHTS_PATH", "Weights", "load_weights"]

WEIGHTS_PATH = Path(__file__).resolve().parents[2] / "data" / "model" / "weights.toml"
_SECTIONS = ("prior", "classify", "counter", "gap", "gain", "loss", "readiness", "monte_carlo")


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
