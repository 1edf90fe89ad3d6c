"""The forecast's bench: the calibration report and the refit of a team's weights over 10,000
closed deals (issue #13, item 7: under 5 s together).

The deals are generated with a seeded generator: each with both forecasts and the model's terms
as a stage snapshot keeps them, outcomes drawn from weights unlike the shipped ones, so the
refit has something to find. The floor, timed in the same run, is one plain-Python pass that
computes every deal's chance from its terms: the ratios say how many such passes each step
costs, whatever the speed of the machine. The refit is timed with numpy (the `semantic` extra,
what `make` installs) and in plain Python (a Displace installed without the extra).
"""

from __future__ import annotations

import math
import random
import statistics
import time
from collections.abc import Callable

from displace.core.deal.weights import FAMILIES
from displace.core.forecast import ClosedForecast, calibrate, refit

__all__ = ["DEALS", "generated", "run"]

DEALS = 10_000
RUNS = 3
TARGET_S = 5.0
SEED = 13
# How the generated team's results weigh each family (the shipped weights are all 1).
TRUTH = {"prior": 0.6, "decision": 1.5, "offer": 0.5, "gaps": 2.0, "vision": 1.0,
         "findings": 1.0, "risks": 0.5}


def generated(n: int = DEALS, seed: int = SEED) -> list[ClosedForecast]:
    """`n` closed deals of 25 reps, with both forecasts and the terms, outcomes drawn."""
    rng = random.Random(seed)
    prior = math.log(0.08 / 0.92)
    deals = []
    for i in range(n):
        terms = {"prior": prior, "decision": rng.choice([0.9, -1.5, -0.15, -0.55, 0.5]),
                 "offer": rng.uniform(0.0, 1.2), "gaps": rng.choice([-0.5, rng.uniform(0, 3)]),
                 "vision": 0.12 * rng.randint(0, 6), "findings": rng.choice([0, 0.1, 0.2, 0.5]),
                 "risks": -min(3.0, rng.choice([0, 0.5, 1.0, 1.5, 2.0, 3.5]))}
        z = sum(TRUTH[f] * terms[f] for f in FAMILIES)
        won = rng.random() < 1.0 / (1.0 + math.exp(-z))
        evidence = 1.0 / (1.0 + math.exp(-sum(terms.values())))
        deals.append(ClosedForecast(i, f"rep{i % 25:02d}", won, no_decision=not won and i % 5 == 0,
                                    rep_confidence=rng.choice([0.3, 0.5, 0.7, 0.8, 0.9]),
                                    win_probability=evidence, terms=terms))
    return deals


def _floor(deals: list[ClosedForecast]) -> None:
    for deal in deals:
        1.0 / (1.0 + math.exp(-sum(deal.terms.values())))


def _seconds(step: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _numpy() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def run() -> list[str]:
    """Time the calibration and the refit; the lines to print."""
    deals = generated()
    floor = _seconds(lambda: _floor(deals), runs=7)
    calibration = _seconds(lambda: calibrate(deals, team="Bench"))
    steps = [("calibration report", calibration)]
    engines = ["numpy", "python"] if _numpy() else ["python"]
    refits = {engine: _seconds(lambda engine=engine: refit(deals, engine=engine), runs=1)
              for engine in engines}
    steps += [(f"refit ({'numpy' if e == 'numpy' else 'plain Python'})", s)
              for e, s in refits.items()]
    lines = [f"forecast bench: {DEALS:,} closed deals; target: calibration + refit < "
             f"{TARGET_S:.0f} s (floor: one pass computing each deal's chance, "
             f"{floor * 1000:.1f} ms)"]
    for label, seconds in steps:
        lines.append(f"  {label:28} {seconds * 1000:8.0f} ms   {seconds / floor:7.0f} × floor")
    for engine, seconds in refits.items():
        total = calibration + seconds
        verdict = "ok" if total < TARGET_S else "OVER TARGET"
        lines.append(f"  calibration + refit ({engine:6}) {total:6.2f} s   "
                     f"{total / TARGET_S:6.1%} of target  {verdict}")
    result = refit(deals)
    moved = ", ".join(f"{f} × {result.multipliers[f]:.2f}" for f in FAMILIES)
    lines.append(f"  refitted: {moved} (penalty {result.penalty:g}); held-out log loss "
                 f"{result.held_out.log_loss_old:.3f} → {result.held_out.log_loss_new:.3f}")
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
