"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.requirements import unavailable

SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seed"
SEED_FILE = SEED_DIR / "000_b65b62aea8f0a67d.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The seed document, read in place from ../shared/seed (never copied into the repo).

    In a user's own clone the folder is missing and the tests that need it skip; CI sets
    DISPLACE_REQUIRE_SEED=1 so that such a skip becomes a failure.
    """
    if not SEED_FILE.is_file():
        unavailable(f"the seed document is not at {SEED_FILE}", "DISPLACE_REQUIRE_SEED")
    return SEED_FILE
