"""The win probability: a seeded Monte Carlo over the uncertain inputs of a deal.

Each uncertain input draws from its own stream, `random.Random(f"{seed}/{key}")`, so adding an
input never changes the draws of the others ("common random numbers"), and the same inputs and
seed always give the same result. Match / close draws are stratified: run r gets the r-th slice
of [0, 1) (shuffled), so the share of runs in which the incumbent fails to match an item is never
above its chance of failing. Worth is never negative and risks only subtract: with those two
rules the model's monotonic properties hold run by run, not just on average.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean

from displace.core.deal.model import Willingness
from displace.core.deal.weights import FAMILIES, Weights

__all__ = [
    "GapTerm",
    "ModelInputs",
    "OfferTerm",
    "Simulation",
    "expected_terms",
    "logistic",
    "logit",
    "simulate",
]


@dataclass(frozen=True)
class OfferTerm:
    """An offer item: worth `gain` log-odds in the runs where the incumbent fails to match it."""

    key: str
    match_chance: float
    gain: float


@dataclass(frozen=True)
class GapTerm:
    """A gap: worth up to `worth` log-odds in the runs where the incumbent does not close it."""

    key: str
    group: str
    close_chance: float
    worth: float


@dataclass(frozen=True)
class ModelInputs:
    """Everything the simulation needs; `fixed` is the sum of the certain gains and losses,
    `fixed_terms` the same split by family (decision, gaps, vision, findings, risks)."""

    offer: tuple[OfferTerm, ...]
    gaps: tuple[GapTerm, ...]
    fixed: float
    willing: Willingness
    fixed_terms: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Simulation:
    """The result: mean chance over the runs, and the interval of the runs' chances."""

    probability: float
    interval: tuple[float, float]
    runs: int
    seed: int


def logit(p: float) -> float:
    """Log-odds of a probability."""
    return math.log(p / (1.0 - p))


def logistic(x: float) -> float:
    """Probability of log-odds."""
    return 1.0 / (1.0 + math.exp(-x))


def _uniforms(seed: int, key: str, runs: int) -> list[float]:
    rng = random.Random(f"{seed}/{key}")
    return [rng.random() for _ in range(runs)]


def _strata(seed: int, key: str, runs: int) -> list[float]:
    # k/runs for k = 0..runs-1, shuffled: exactly ceil(p*runs) values fall below p.
    rng = random.Random(f"{seed}/{key}")
    values = [k / runs for k in range(runs)]
    rng.shuffle(values)
    return values


# The last simulation and what it was run on: an assessment is written in each language from
# the same numbers, and the second language asks for the same simulation again.
_last: tuple[ModelInputs, Weights, int, int, Simulation] | None = None


def simulate(
    inputs: ModelInputs, weights: Weights, *, seed: int = 0, runs: int = 2000
) -> Simulation:
    """Run the Monte Carlo and summarise it (the same inputs twice in a row: run once)."""
    global _last
    last = _last
    if (last is not None and last[2] == seed and last[3] == runs and last[0] == inputs
            and last[1] == weights):
        return last[4]
    result = _simulate(inputs, weights, seed=seed, runs=runs)
    _last = (inputs, weights, seed, runs, result)
    return result


def _simulate(inputs: ModelInputs, weights: Weights, *, seed: int, runs: int) -> Simulation:
    runs = max(1, runs)
    prior = logit(float(weights.prior["win_chance"]))
    spread = float(weights.prior["spread"])
    rng = random.Random(f"{seed}/prior")
    totals = [prior + rng.gauss(0.0, spread) + inputs.fixed for _ in range(runs)]
    _add_decision(totals, inputs.willing, weights, seed)
    for term in inputs.offer:
        for r, u in enumerate(_strata(seed, f"offer:{term.key}", runs)):
            if u >= term.match_chance:
                totals[r] += term.gain
    _add_gaps(totals, inputs.gaps, weights, seed)
    chances = sorted(logistic(t) for t in totals)
    low_q, high_q = weights.monte_carlo["interval"]
    interval = (_quantile(chances, float(low_q)), _quantile(chances, float(high_q)))
    return Simulation(fmean(chances), interval, runs, seed)


def _add_decision(totals: list[float], willing: Willingness, weights: Weights, seed: int) -> None:
    gain, loss = float(weights.gain["willing"]), weights.loss
    if willing == "yes":
        totals[:] = [t + gain for t in totals]
    elif willing == "no":
        totals[:] = [t - float(loss["unwilling"]) for t in totals]
    else:
        chance, penalty = float(loss["unknown_willing_chance"]), float(loss["unknown_willing"])
        for r, u in enumerate(_uniforms(seed, "decision", len(totals))):
            totals[r] += gain if u < chance else -penalty


def _add_gaps(totals: list[float], gaps: Sequence[GapTerm], weights: Weights, seed: int) -> None:
    low, high = (float(v) for v in weights.gap["worth_range"])
    best: dict[str, list[float]] = {}
    for term in gaps:
        survive = _strata(seed, f"gap:{term.key}", len(totals))
        scale = _uniforms(seed, f"gap-worth:{term.key}", len(totals))
        group = best.setdefault(term.group, [0.0] * len(totals))
        for r in range(len(totals)):
            if survive[r] >= term.close_chance:
                # The same gap seen twice (deal file and conversation) counts once, at its best.
                group[r] = max(group[r], term.worth * (low + (high - low) * scale[r]))
    for values in best.values():
        for r, value in enumerate(values):
            totals[r] += value


def expected_terms(inputs: ModelInputs, weights: Weights) -> dict[str, float]:
    """The model's terms as expected log-odds, one per family (`weights.FAMILIES`).

    Their sum is the mean log-odds of a run of `simulate`: the prior, the decision's expected
    effect (willingness drawn with its chance), each offer item's gain times the incumbent's
    chance of not matching it, each gap's worth times its chance of surviving times the mean of
    `worth_range` (the same gap seen twice counts at its best expectation), and the certain
    gains and losses. No Monte Carlo: a refit reads these instead of re-running the model.
    """
    terms = dict.fromkeys(FAMILIES, 0.0)
    terms["prior"] = logit(float(weights.prior["win_chance"]))
    gain, loss = float(weights.gain["willing"]), weights.loss
    if inputs.willing == "yes":
        terms["decision"] = gain
    elif inputs.willing == "no":
        terms["decision"] = -float(loss["unwilling"])
    else:
        chance = float(loss["unknown_willing_chance"])
        terms["decision"] = chance * gain - (1.0 - chance) * float(loss["unknown_willing"])
    terms["offer"] = sum(t.gain * (1.0 - t.match_chance) for t in inputs.offer)
    low, high = (float(v) for v in weights.gap["worth_range"])
    best: dict[str, float] = {}
    for g in inputs.gaps:
        best[g.group] = max(best.get(g.group, 0.0), g.worth * (1.0 - g.close_chance))
    terms["gaps"] = sum(best.values()) * (low + high) / 2.0
    for family, value in inputs.fixed_terms:
        terms[family] += value
    return terms


def _quantile(sorted_values: Sequence[float], q: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]
