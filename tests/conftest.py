"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seed"
SEED_FILE = SEED_DIR / "000_b65b62aea8f0a67d.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The seed document, read in place from ../shared/seed (never copied into the repo).

    In a user's own clone the folder is missing and the tests that need it skip; CI sets
    DISPLACE_REQUIRE_SEED=1 so that such a skip becomes a failure.
    """
    if not SEED_FILE.is_file():
        reason = f"the seed document is not at {SEED_FILE}"
        if os.environ.get("DISPLACE_REQUIRE_SEED"):
            pytest.fail(reason + " (DISPLACE_REQUIRE_SEED is set)")
        pytest.skip(reason)
    return SEED_FILE
