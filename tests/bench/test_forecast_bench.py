"""The forecast bench's generated deals: the same every time, both outcomes, both forecasts."""

from __future__ import annotations

from bench.forecast_bench import generated

from displace.core.deal.weights import FAMILIES


def test_it_generates_the_same_deals_every_time() -> None:
    assert generated(200) == generated(200)
    assert generated(200) != generated(200, seed=1)


def test_each_deal_has_both_forecasts_the_terms_and_either_outcome() -> None:
    deals = generated(500)
    assert {d.won for d in deals} == {True, False}
    assert all(set(d.terms) == set(FAMILIES) for d in deals)
    assert all(d.rep_confidence is not None and 0 < (d.win_probability or 0) < 1
               for d in deals)
    assert len({d.rep for d in deals}) == 25
