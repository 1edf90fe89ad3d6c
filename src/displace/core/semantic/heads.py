"""Per-behaviour heads: logistic regressions over sentence vectors, loaded with numpy.

The weights are a small data file (`data/model/heads.npz`) that `make train` rebuilds bit for
bit from the corpus; `heads.toml` beside it says which behaviours, which encoder, which version
and the threshold each behaviour fires at (docs/coach-accuracy.md explains it). The same file
holds the side model (side.py): whose side the speaker taken for the seller is on.

Features of a sentence, in this order: its vector, the vector of the previous speaker's last
sentence (zeros at the start), the speaker's role as four 0/1 numbers, and 1 when it is a
question.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from displace.core.errors import DisplaceError
from displace.core.semantic.side import SideModel
from displace.core.semantic.units import Unit

__all__ = ["Heads", "features", "load_heads"]


@dataclass(frozen=True)
class Heads:
    """The trained heads: one row of weights per behaviour, and each behaviour's thresholds."""

    version: str
    encoder: str
    behaviours: tuple[str, ...]
    weights: Any  # (behaviours, features) float32
    bias: Any  # (behaviours,) float32
    fire: dict[str, float]  # the head finds the behaviour where no rule did at or above this
    # rules the corpus found mostly wrong: their finding stands where the head scores >= this
    gates: dict[str, float] = field(default_factory=dict)
    side: SideModel | None = None  # whose side the speaker taken for the seller is on

    @property
    def name(self) -> str:
        return f"heads/{self.version}"

    def scores(self, matrix: Any) -> Any:
        """(sentences, behaviours) probabilities for a feature matrix."""
        import numpy as np

        logits = matrix @ self.weights.T + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))


def features(units: Sequence[Unit], vectors: Any, context_vectors: Any) -> Any:
    """The feature matrix of `units`: sentence vector, context vector, role, question."""
    import numpy as np

    extra = np.array([[*u.role_vector(), 1.0 if u.question else 0.0] for u in units],
                     dtype=np.float32).reshape(len(units), 5)
    return np.hstack([vectors, context_vectors, extra]).astype(np.float32)


def load_heads(name: str = "heads") -> Heads:
    """The shipped heads (`data/model/<name>.npz` and `.toml`)."""
    import numpy as np

    folder = resources.files("displace.data").joinpath("model")
    try:
        meta = tomllib.loads(folder.joinpath(f"{name}.toml").read_text(encoding="utf-8"))
        with folder.joinpath(f"{name}.npz").open("rb") as handle:
            arrays = np.load(handle)
            weights, bias = arrays["weights"].astype(np.float32), arrays["bias"].astype(np.float32)
            side_arrays = ((arrays["side_weights"].astype(np.float32),
                            arrays["side_bias"].astype(np.float32))
                           if "side_weights" in arrays.files else None)
    except (OSError, KeyError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise DisplaceError(f"data/model/{name}: the trained heads do not load ({exc})") from None
    behaviours = tuple(meta["behaviours"])
    if weights.shape[0] != len(behaviours):
        raise DisplaceError(f"data/model/{name}: {weights.shape[0]} rows for "
                            f"{len(behaviours)} behaviours")
    thresholds = meta["thresholds"]
    side = (SideModel(side_arrays[0], side_arrays[1], float(meta["side"]["threshold"]))
            if side_arrays is not None and "side" in meta else None)
    return Heads(
        version=str(meta["version"]), encoder=str(meta["encoder"]), behaviours=behaviours,
        weights=weights, bias=bias,
        fire={b: float(thresholds[b]["fire"]) for b in behaviours},
        gates={rule: float(gate["keep"]) for rule, gate in meta.get("gates", {}).items()},
        side=side,
    )
