"""Refitting the evidence model's weights on a team's own closed deals.

The model refitted: P(won) = logistic(sum over families f of m_f * t_f), where t_f is the
family's term under the shipped weights (an assessment's `terms`, kept in each stage snapshot)
and m_f the family's multiplier, 1 for the shipped weights. The multipliers minimise the log
loss summed over the deals plus lambda * sum((m_f - 1)^2): an L2 penalty that pulls them
towards the shipped weights, hard when a team has few deals, little when it has many. Lambda is
chosen by k-fold cross-validation among `forecast.toml`'s penalties: the strongest whose
held-out log loss is within one standard error of the lowest. Newton's method, with each
multiplier kept within [0, max_multiplier] so that no weight changes sign. Deterministic: the
folds come from a seeded shuffle and nothing else is random, so the same deals always give the
same weights.

The terms are expected log-odds, and the shown probability is the Monte Carlo's mean chance;
the held-out scores compare the weights in use and the refitted ones on the same footing (both
through the expected log-odds), so the difference between them is the refit's alone.
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import mul
from typing import Any, Protocol

from displace.core.deal.weights import FAMILIES
from displace.core.forecast.calibration import ClosedForecast
from displace.core.forecast.config import ForecastConfig, load_config
from displace.core.forecast.messages import ForecastError, message
from displace.core.forecast.scores import brier, log_loss

__all__ = ["FoldScore", "Refit", "explanations", "refit", "render_refit_text", "usable"]

Row = tuple[float, ...]


@dataclass(frozen=True)
class FoldScore:
    """Held-out scores of one fold (fold 0: all folds together), old weights against new."""

    fold: int
    n: int
    won: int
    brier_old: float
    brier_new: float
    log_loss_old: float
    log_loss_new: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"fold": self.fold, "n": self.n, "won": self.won,
                "brier_old": round(self.brier_old, 4), "brier_new": round(self.brier_new, 4),
                "log_loss_old": round(self.log_loss_old, 4),
                "log_loss_new": round(self.log_loss_new, 4)}


@dataclass(frozen=True)
class Refit:
    """The refitted multipliers, the held-out scores that justify them, and what moved."""

    n: int
    won: int
    k: int
    penalty: float
    current: Mapping[str, float]
    multipliers: Mapping[str, float]
    folds: tuple[FoldScore, ...]
    held_out: FoldScore
    # Each family's mean term in the deals won and in the others: the "why" of a move.
    won_means: Mapping[str, float]
    lost_means: Mapping[str, float]
    moved_threshold: float

    def moved(self) -> list[str]:
        """The families whose multiplier moved by the threshold or more, biggest move first."""
        out = [f for f in FAMILIES
               if abs(self.multipliers[f] - self.current[f]) >= self.moved_threshold]
        return sorted(out, key=lambda f: -abs(self.multipliers[f] - self.current[f]))

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """JSON-ready form, with the explanations in `lang`."""
        data: dict[str, Any] = {
            "n": self.n, "won": self.won, "folds_k": self.k, "penalty": self.penalty,
            "current": {f: round(v, 4) for f, v in self.current.items()},
            "multipliers": {f: round(v, 4) for f, v in self.multipliers.items()},
            "folds": [s.to_dict() for s in self.folds], "held_out": self.held_out.to_dict(),
            "won_means": {f: round(v, 4) for f, v in self.won_means.items()},
            "lost_means": {f: round(v, 4) for f, v in self.lost_means.items()},
            "moved": self.moved(), "moved_threshold": self.moved_threshold,
        }
        data["explanations"] = explanations(data, lang)
        return data


def usable(forecasts: Sequence[ClosedForecast]) -> list[ClosedForecast]:
    """The closed deals a refit learns from: those with the model's terms recorded."""
    return [f for f in forecasts if f.recorded and f.terms]


def refit(forecasts: Sequence[ClosedForecast], *, current: Mapping[str, float] | None = None,
          config: ForecastConfig | None = None, engine: str = "auto") -> Refit:
    """Fit one multiplier per family on the closed deals; ForecastError when it cannot.

    `engine`: "numpy" (when the `semantic` extra installed it), "python" (plain Python, always
    there), or "auto" for the first available. Both take the same steps to the same weights.
    """
    config = config or load_config()
    rows = usable(forecasts)
    n, won = len(rows), sum(f.outcome for f in rows)
    if n < config.min_deals:
        raise ForecastError("refit.too_few", n=n, least=config.min_deals)
    if won == 0:
        raise ForecastError("refit.only_lost", n=n)
    if won == n:
        raise ForecastError("refit.only_won", n=n)
    x = [tuple(float(f.terms.get(family, 0.0)) for family in FAMILIES) for f in rows]
    y = [f.outcome for f in rows]
    old = [float((current or {}).get(family, 1.0)) for family in FAMILIES]
    k = min(config.folds, n - won, won) if min(n - won, won) >= 2 else 2
    fold_of = _folds(y, k, config.seed)
    make = _engine(engine)
    held, solutions = _cross_validate(make, x, y, fold_of, k, config)
    best = _chosen_penalty(held, y, config)
    new_held, old_held = held[best], make(x, y).chances(old)
    scores = tuple(_fold_score(fold, [i for i in range(n) if fold_of[i] == fold], y, old_held,
                               new_held, config) for fold in range(k))
    # The whole data's fit starts from the folds' mean at the chosen penalty: one short fit.
    start_m = [math.fsum(s[j] for s in solutions[best]) / k for j in range(len(FAMILIES))]
    final, _ = _fit(make(x, y), config.penalties[best], start_m, None, config)
    return Refit(
        n=n, won=won, k=k, penalty=config.penalties[best],
        current=dict(zip(FAMILIES, old, strict=True)),
        multipliers=dict(zip(FAMILIES, final, strict=True)), folds=scores,
        held_out=_fold_score(0, list(range(n)), y, old_held, new_held, config),
        won_means=_means(x, y, 1), lost_means=_means(x, y, 0), moved_threshold=config.moved)


def _chosen_penalty(held: Sequence[Sequence[float]], y: Sequence[int],
                    config: ForecastConfig) -> int:
    """The strongest penalty whose held-out log loss is within one standard error of the
    lowest (the one-standard-error rule): its index in `config.penalties`."""
    low, high = config.clip, 1.0 - config.clip
    losses = [[-math.log(min(high, max(low, p)) if v else 1.0 - min(high, max(low, p)))
               for p, v in zip(chances, y, strict=True)] for chances in held]
    means = [math.fsum(per_deal) / len(per_deal) for per_deal in losses]
    lowest = min(range(len(means)), key=lambda j: (means[j], j))
    spread = statistics.pstdev(losses[lowest]) / math.sqrt(len(y))
    return next(j for j in range(len(means)) if means[j] <= means[lowest] + spread)


def _folds(y: Sequence[int], k: int, seed: int) -> list[int]:
    """Each deal's fold: won and other deals dealt out in turn after a seeded shuffle, so that
    every fold keeps the share of won deals of the whole."""
    rng = random.Random(seed)
    fold_of = [0] * len(y)
    dealt = 0
    for outcome in (1, 0):
        members = [i for i, v in enumerate(y) if v == outcome]
        rng.shuffle(members)
        for i in members:
            fold_of[i] = dealt % k
            dealt += 1
    return fold_of


Derivatives = tuple[float, list[float], list[list[float]]]


class _Data(Protocol):
    """The deals' terms and outcomes, with the two computations that read all of them."""

    def derivatives(self, m: Sequence[float]) -> Derivatives:
        """The log loss summed over the deals at `m`, its gradient and Hessian (no penalty)."""

    def chances(self, m: Sequence[float]) -> list[float]:
        """Each deal's chance of being won at `m`."""


def _engine(name: str) -> Callable[[Sequence[Row], Sequence[int]], _Data]:
    if name not in ("auto", "numpy", "python"):
        raise ValueError(f"engine: expected auto, numpy or python, found {name!r}")
    if name == "python":
        return _PlainData
    try:
        import numpy  # noqa: F401  (the semantic extra's; its absence is not an error)
    except ImportError:
        if name == "numpy":
            raise
        return _PlainData
    from displace.core.forecast.arrays import NumpyData

    return NumpyData


def _cross_validate(make: Callable[[Sequence[Row], Sequence[int]], _Data], x: Sequence[Row],
                    y: Sequence[int], fold_of: Sequence[int], k: int, config: ForecastConfig,
                    ) -> tuple[list[list[float]], list[list[list[float]]]]:
    """Held-out chances of every deal per penalty (in `config.penalties` order), and each
    fold's multipliers per penalty."""
    held = [[0.0] * len(y) for _ in config.penalties]
    solutions: list[list[list[float]]] = [[] for _ in config.penalties]
    for fold in range(k):
        train = [i for i in range(len(y)) if fold_of[i] != fold]
        test = [i for i in range(len(y)) if fold_of[i] == fold]
        data, tested = make([x[i] for i in train], [y[i] for i in train]), make(
            [x[i] for i in test], [y[i] for i in test])
        m, cached = [1.0] * len(FAMILIES), None
        for j, penalty in enumerate(config.penalties):  # strongest first, each from the last
            m, cached = _fit(data, penalty, m, cached, config)
            solutions[j].append(m)
            for i, chance in zip(test, tested.chances(m), strict=True):
                held[j][i] = chance
    return held, solutions


def _fit(data: _Data, penalty: float, start: Sequence[float], cached: Derivatives | None,
         config: ForecastConfig) -> tuple[list[float], Derivatives]:
    """Newton's method on the log loss plus the penalty, multipliers kept in
    [0, max_multiplier]; a step that does not lower the loss is halved. `cached` holds the
    data's derivatives at `start` when known (they do not depend on the penalty)."""
    high = config.max_multiplier
    m = [min(high, max(0.0, v)) for v in start]
    at_m = cached if cached is not None and list(start) == m else data.derivatives(m)
    for _ in range(config.steps):
        loss, grad, hess = _penalised(at_m, m, penalty)
        # A multiplier held at a bound by its gradient stays there; Newton moves the others.
        free = [j for j in range(len(m))
                if not ((m[j] <= 0.0 and grad[j] > 0) or (m[j] >= high and grad[j] < 0))]
        step = _solve([[hess[a][b] for b in free] for a in free], [-grad[a] for a in free])
        if not free or max(abs(s) for s in step) < config.tolerance:
            break
        t = 1.0
        while True:
            trial = list(m)
            for a, s in zip(free, step, strict=True):
                trial[a] = min(high, max(0.0, m[a] + t * s))
            at_trial = data.derivatives(trial)
            if _penalised(at_trial, trial, penalty)[0] <= loss + 1e-12 or t < 1e-6:
                break
            t /= 2.0
        moved = max(abs(a - b) for a, b in zip(trial, m, strict=True))
        m, at_m = trial, at_trial
        if moved < config.tolerance:
            break
    return m, at_m


def _penalised(at: Derivatives, m: Sequence[float], penalty: float) -> Derivatives:
    loss, grad, hess = at
    return (loss + penalty * sum((v - 1.0) ** 2 for v in m),
            [g + 2.0 * penalty * (v - 1.0) for g, v in zip(grad, m, strict=True)],
            [[h + (2.0 * penalty if a == b else 0.0) for b, h in enumerate(row)]
             for a, row in enumerate(hess)])


class _PlainData:
    """The deals in plain Python (no numpy): per deal one exp and one log1p, then each sum
    over the deals as one `sum(map(mul, ...))`, which runs in C."""

    def __init__(self, x: Sequence[Row], y: Sequence[int]) -> None:
        self.x, self.y = x, y
        self.columns = [list(c) for c in zip(*x, strict=True)] if x else [
            [] for _ in FAMILIES]

    def chances(self, m: Sequence[float]) -> list[float]:
        return [_chance(row, m) for row in self.x]

    def derivatives(self, m: Sequence[float]) -> Derivatives:
        residual: list[float] = []
        weight: list[float] = []
        loss = 0.0
        exp, log1p = math.exp, math.log1p
        for row, outcome in zip(self.x, self.y, strict=True):
            z = max(-500.0, min(500.0, sum(map(mul, row, m))))
            e = exp(-z if z > 0 else z)
            p = 1.0 / (1.0 + e) if z >= 0 else e / (1.0 + e)
            loss += log1p(e) + (z if z > 0 else 0.0) - outcome * z
            residual.append(p - outcome)
            weight.append(p * (1.0 - p))
        columns, d = self.columns, len(m)
        grad = [sum(map(mul, residual, columns[j])) for j in range(d)]
        weighted = [list(map(mul, weight, columns[j])) for j in range(d)]
        hess = [[0.0] * d for _ in range(d)]
        for a in range(d):
            for b in range(a, d):
                hess[a][b] = hess[b][a] = sum(map(mul, weighted[a], columns[b]))
        return loss, grad, hess


def _chance(row: Row, m: Sequence[float]) -> float:
    z = max(-500.0, min(500.0, sum(map(mul, row, m))))
    return 1.0 / (1.0 + math.exp(-z))


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Solve a x = b (a small symmetric positive definite matrix) by Gaussian elimination
    with partial pivoting."""
    n = len(b)
    rows = [[*a[i], b[i]] for i in range(n)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        if abs(rows[col][col]) < 1e-300:
            return [0.0] * n
        for r in range(col + 1, n):
            factor = rows[r][col] / rows[col][col]
            if factor:
                rows[r] = [v - factor * w for v, w in zip(rows[r], rows[col], strict=True)]
    out = [0.0] * n
    for i in range(n - 1, -1, -1):
        out[i] = (rows[i][n] - sum(rows[i][j] * out[j] for j in range(i + 1, n))) / rows[i][i]
    return out


def _fold_score(fold: int, members: Sequence[int], y: Sequence[int], old: Sequence[float],
                new: Sequence[float], config: ForecastConfig) -> FoldScore:
    outcomes = [y[i] for i in members]
    old_p, new_p = [old[i] for i in members], [new[i] for i in members]
    return FoldScore(fold, len(members), sum(outcomes), brier(old_p, outcomes) or 0.0,
                     brier(new_p, outcomes) or 0.0,
                     log_loss(old_p, outcomes, clip=config.clip) or 0.0,
                     log_loss(new_p, outcomes, clip=config.clip) or 0.0)


def _means(x: Sequence[Row], y: Sequence[int], outcome: int) -> dict[str, float]:
    rows = [row for row, v in zip(x, y, strict=True) if v == outcome]
    return {family: math.fsum(row[j] for row in rows) / len(rows) if rows else 0.0
            for j, family in enumerate(FAMILIES)}


def explanations(data: Mapping[str, Any], lang: str = "en") -> list[str]:
    """A sentence per moved weight (which, by how much, why), from a refit's `to_dict()`; in
    `lang`, so that a refit stored once reads in each reader's language."""
    out: list[str] = []
    for family in data["moved"]:
        old, new = float(data["current"][family]), float(data["multipliers"][family])
        won, lost = float(data["won_means"][family]), float(data["lost_means"][family])
        if family == "prior":
            out.append(message("refit.prior", lang, old=_pct(old * won), new=_pct(new * won),
                               won=data["won"], n=data["n"]))
            continue
        key = "refit.off" if new == 0.0 else "refit.up" if new > old else "refit.down"
        out.append(message(key, lang, family=message(f"family.{family}", lang),
                           old=f"{old:.2f}", new=f"{new:.2f}", won=f"{won:+.2f}",
                           lost=f"{lost:+.2f}"))
    if not out:
        out.append(message("refit.none_moved", lang, moved=data["moved_threshold"]))
    out.append(message("refit.penalty", lang, folds=data["folds_k"], penalty=data["penalty"]))
    return out


def _pct(log_odds: float) -> str:
    """A chance in per cent, from log-odds (the prior term is the same in every deal)."""
    return f"{100.0 / (1.0 + math.exp(-log_odds)):.0f}"


def render_refit_text(data: Mapping[str, Any], lang: str = "en") -> str:
    """A refit's `to_dict()` as plain text: held-out scores per fold, the multipliers, why."""
    heads = (message("label.fold", lang), message("label.deals", lang),
             message("label.won", lang), "Brier " + message("label.old", lang).lower(),
             "Brier " + message("label.new", lang).lower(),
             "Log loss " + message("label.old", lang).lower(),
             "Log loss " + message("label.new", lang).lower())
    folds = [*data["folds"], {**data["held_out"], "fold": message("label.all_folds", lang)}]
    table = [heads, *((str(f["fold"] + 1 if isinstance(f["fold"], int) else f["fold"]),
                       str(f["n"]), str(f["won"]), f"{f['brier_old']:.3f}",
                       f"{f['brier_new']:.3f}", f"{f['log_loss_old']:.3f}",
                       f"{f['log_loss_new']:.3f}") for f in folds)]
    widths = [max(len(row[i]) for row in table) for i in range(len(heads))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                       for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip()
             for row in table]
    multipliers = ", ".join(f"{family} × {data['multipliers'][family]:.2f}"
                            for family in FAMILIES)
    lines += ["", f"{message('label.multipliers', lang)}: {multipliers}", ""]
    lines += [f"• {sentence}" for sentence in explanations(data, lang)]
    return "\n".join(lines) + "\n"
