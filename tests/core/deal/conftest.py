"""Fixtures for the deal engine's tests."""

from __future__ import annotations

import pytest

from displace.core.model import Report
from tests.core.deal.builders import make_report


@pytest.fixture
def bill_call() -> Report:
    """A call in the spirit of the seed: credentials, status quo, a missed credit-line cue."""
    return make_report(
        [
            ("seller", "We have been around since 1950 and have ten branches in town."),
            ("prospect", "Our bank is generally fine, nothing significant."),
            ("seller", "And your credit line, is it reasonable?"),
            ("prospect", "I think they could do better."),
            (
                "seller",
                "Great. If we could improve your credit line, any reason not to work together?",
            ),
            ("prospect", "Sounds fine, let me think about it and call me in a few days."),
            ("seller", "Sure, I will call you."),
            ("prospect", "The credit line and fees are not a reason to change right now."),
        ],
        [
            ("parity-claim", 0, "since 1950 and have ten branches"),
            ("status-quo-signal", 1, "generally fine"),
            ("status-quo-signal", 1, "nothing significant"),
            ("dissatisfaction-cue", 3, "they could do better"),
            ("missed-cue", 4, "Great."),
            ("trial-close", 4, "any reason not to work together?"),
            ("stall", 5, "let me think about it"),
            ("accepted-stall", 6, "Sure, I will call you."),
            ("loss-signal", 7, "not a reason to change right now"),
        ],
    )
