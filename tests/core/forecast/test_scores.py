"""Brier score, log loss and reliability bins, on values worked out by hand."""

from __future__ import annotations

import math

import pytest

from displace.core.forecast import brier, log_loss, reliability


def test_the_brier_score_is_the_mean_squared_distance_to_the_outcome() -> None:
    # (0.9-1)^2 + (0.2-0)^2 + (0.6-0)^2 = 0.01 + 0.04 + 0.36 = 0.41; / 3
    assert brier([0.9, 0.2, 0.6], [1, 0, 0]) == pytest.approx(0.41 / 3)


def test_always_saying_fifty_percent_scores_a_quarter() -> None:
    assert brier([0.5] * 4, [1, 0, 1, 0]) == pytest.approx(0.25)
    assert log_loss([0.5] * 4, [1, 0, 1, 0]) == pytest.approx(math.log(2))


def test_the_log_loss_is_the_mean_surprise_at_what_happened() -> None:
    expected = -(math.log(0.8) + math.log(1 - 0.3)) / 2
    assert log_loss([0.8, 0.3], [1, 0]) == pytest.approx(expected)


def test_a_certain_forecast_that_went_wrong_is_clipped_not_infinite() -> None:
    assert log_loss([1.0], [0], clip=0.01) == pytest.approx(-math.log(0.01))
    assert log_loss([0.0], [1], clip=0.05) == pytest.approx(-math.log(0.05))
    assert log_loss([1.0], [1], clip=0.01) == pytest.approx(-math.log(0.99))


def test_without_forecasts_there_is_no_score() -> None:
    assert brier([], []) is None
    assert log_loss([], []) is None


def test_forecasts_and_outcomes_must_pair_up() -> None:
    with pytest.raises(ValueError, match="length"):
        brier([0.5], [1, 0])


def test_reliability_groups_forecasts_in_equal_bins_with_counts() -> None:
    bins = reliability([0.05, 0.15, 0.12, 0.95, 1.0], [0, 1, 0, 1, 1], bins=10)
    assert len(bins) == 10
    assert [b.n for b in bins] == [1, 2, 0, 0, 0, 0, 0, 0, 0, 2]
    assert bins[1].predicted == pytest.approx(0.135)
    assert bins[1].observed == pytest.approx(0.5)
    assert bins[2].predicted is None and bins[2].observed is None
    assert (bins[9].low, bins[9].high) == (0.9, 1.0)  # 1.0 falls in the last bin
    assert bins[9].observed == 1.0


def test_a_bin_serialises_rounded() -> None:
    (b,) = reliability([1 / 3], [1], bins=1)
    assert b.to_dict() == {"low": 0.0, "high": 1.0, "n": 1, "predicted": 0.3333,
                           "observed": 1.0}
