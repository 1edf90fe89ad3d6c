"""The deal engine's bench: `assess` on every example deal, median of several runs, in ms."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from displace.core.deal import assess_deal, load_deal, render_assessment

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "deals"
RUNS = 7
BUDGET_MS = 1000.0  # the bound: under a second per deal


def _time_ms(path: Path) -> float:
    start = time.perf_counter()
    assessment = assess_deal(load_deal(path), lang="en")
    render_assessment(assessment, "text")
    return (time.perf_counter() - start) * 1000


def run(runs: int = RUNS) -> list[str]:
    """Time load + assess + render per example deal; returns the lines to print."""
    lines = [f"deal bench: assess on each example deal (median of {runs} runs)"]
    for path in sorted(EXAMPLES.glob("*.toml")):
        _time_ms(path)  # warm the catalogue and weights caches, as a long-running app would
        median = statistics.median(_time_ms(path) for _ in range(runs))
        lines.append(f"  {path.stem:45} {median:8.1f} ms   {median / BUDGET_MS:6.1%} of 1 s")
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
