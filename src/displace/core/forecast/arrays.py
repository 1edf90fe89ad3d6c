"""The refit's data pass in numpy, used when the `semantic` extra installed numpy: the same
computation as `refit._PlainData`, a hundred times faster on 10,000 deals."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["NumpyData"]


class NumpyData:
    """The deals' terms (one row per deal) and outcomes as arrays."""

    def __init__(self, x: Sequence[tuple[float, ...]], y: Sequence[int]) -> None:
        self.x = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
        self.y = np.asarray(y, dtype=np.float64)

    def _z(self, m: Sequence[float]) -> np.ndarray:
        return np.clip(self.x @ np.asarray(m, dtype=np.float64), -500.0, 500.0)

    def chances(self, m: Sequence[float]) -> list[float]:
        """Each deal's chance of being won at `m`."""
        chance: list[float] = (1.0 / (1.0 + np.exp(-self._z(m)))).tolist()
        return chance

    def derivatives(self, m: Sequence[float]) -> tuple[float, list[float], list[list[float]]]:
        """The log loss summed over the deals at `m`, its gradient and Hessian (no penalty)."""
        z = self._z(m)
        e = np.exp(-np.abs(z))
        p = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        loss = float(np.sum(np.log1p(e) + np.maximum(z, 0.0) - self.y * z))
        grad: list[float] = (self.x.T @ (p - self.y)).tolist()
        hess: list[list[float]] = ((self.x * (p * (1.0 - p))[:, None]).T @ self.x).tolist()
        return loss, grad, hess
