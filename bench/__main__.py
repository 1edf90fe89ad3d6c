"""`python -m bench`: every benchmark of Displace, one after the other."""

from __future__ import annotations

import argparse
import importlib
import importlib.util

from bench import coach_bench


def main() -> None:
    """Run the conversation-coach bench, then the others that exist."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=coach_bench.DEFAULT_RUNS,
                        help="timed runs per measurement (the median is reported)")
    args = parser.parse_args()
    coach_bench.run(runs=args.runs)
    _run_optional("bench.semantic_bench", "semantic bench")
    _run_optional("bench.deal_bench", "deal bench")
    # Calibration and refit over 10,000 generated closed deals (the core, no database).
    _run_optional("bench.forecast_bench", "forecast bench")
    # A 10,000-row HubSpot export previewed and imported, on SQLite in a child process.
    _run_optional("bench.crm_bench", "CRM import bench")
    # `displace serve --demo` on a fresh data folder, until it prints the logins.
    _run_optional("bench.demo_bench", "demo bench")
    # The web bench builds a large database (minutes); PostgreSQL too when DATABASE_URL is set.
    _run_optional("bench.web_bench", "web bench")
    # 20 clients against a real server on loopback, SQLite then PostgreSQL (DISPLACE_LOAD_SECONDS).
    _run_optional("bench.load_bench", "load bench")


def _run_optional(module: str, name: str) -> None:
    # Benches written by other parts of the project may not exist yet in this checkout.
    if importlib.util.find_spec(module) is None:
        print(f"\n{name}: not available")
        return
    lines = importlib.import_module(module).run()
    # Benches return the lines to print; those that print for themselves return other things.
    if isinstance(lines, list) and all(isinstance(line, str) for line in lines):
        print()
        print("\n".join(lines))


if __name__ == "__main__":
    main()
