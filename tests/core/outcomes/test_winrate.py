"""The win rate's 95 % Wilson interval against known values (R's prop.test(correct = FALSE),
scipy's binomtest(...).proportion_ci(method="wilson"))."""

from __future__ import annotations

import pytest

from displace.core.outcomes import Z95, WinRate, wilson_interval, win_rate


@pytest.mark.parametrize(("won", "closed", "low", "high"), [
    (0, 10, 0.0, 0.277533),
    (5, 10, 0.236593, 0.763407),
    (8, 10, 0.490162, 0.943318),
    (10, 10, 0.722467, 1.0),
    (1, 1, 0.206549, 1.0),
    (0, 1, 0.0, 0.793451),
    (3, 7, 0.158220, 0.749542),
    (81, 263, 0.255289, 0.366210),
])
def test_it_matches_published_wilson_intervals(won: int, closed: int, low: float,
                                               high: float) -> None:
    assert wilson_interval(won, closed) == pytest.approx((low, high), abs=1e-6)


def test_it_stays_inside_0_and_1_and_holds_the_rate() -> None:
    for closed in range(1, 40):
        for won in range(closed + 1):
            low, high = wilson_interval(won, closed)
            assert 0.0 <= low <= won / closed <= high <= 1.0


def test_it_narrows_as_deals_add_up_at_the_same_rate() -> None:
    widths = [high - low for low, high in (wilson_interval(n, 2 * n) for n in (2, 8, 32, 128))]
    assert widths == sorted(widths, reverse=True)


def test_a_wider_confidence_gives_a_wider_interval() -> None:
    low95, high95 = wilson_interval(3, 10)
    low99, high99 = wilson_interval(3, 10, z=2.5758293035489)
    assert low99 < low95 and high99 > high95
    assert pytest.approx(1.959964, abs=1e-6) == Z95


def test_no_closed_deal_gives_no_rate_and_the_whole_range() -> None:
    assert win_rate(0, 0) == WinRate(0, 0, 0.0, 1.0)
    assert win_rate(0, 0).rate is None
    assert win_rate(2, 8).rate == 0.25


@pytest.mark.parametrize(("won", "closed"), [(-1, 3), (4, 3), (0, -1)])
def test_counts_that_cannot_be_are_refused(won: int, closed: int) -> None:
    with pytest.raises(ValueError, match="expected 0 <= successes <= trials"):
        wilson_interval(won, closed)
