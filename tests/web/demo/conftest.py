"""The demo story planned for a fixed day, and the demo's banks, for the demo's tests."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from displace.core.text import fold
from displace.web.demo.loading import plan_demo
from displace.web.demo.plan import PlannedDeal
from displace.web.demo.story import Story, load_story

# A fixed moment, so that every test of the plan reads the same story.
NOW = datetime(2026, 5, 14, 10, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story()


@pytest.fixture(scope="module")
def plan() -> list[PlannedDeal]:
    return plan_demo(NOW)


def bank_words(name: str) -> str:
    """A bank's name as a call could say it: folded, without the words every bank shares."""
    generic = {"ngan", "hang", "bank", "community"}
    return " ".join(w for w in fold(name).split() if w not in generic)


def other_banks_named(text: str, own: set[str], story: Story) -> list[str]:
    """The demo's banks (incumbents and our banks) that `text` names, other than `own`."""
    banks = {i.name for i in story.incumbents} | {m.our_bank for m in story.markets.values()}
    said = f" {' '.join(fold(text).replace(',', ' ').replace('.', ' ').split())} "
    return sorted(bank for bank in banks - own if f" {bank_words(bank)} " in said)
