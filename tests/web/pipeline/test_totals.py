"""Per-stage totals: counted and summed by the database, per currency, in funnel order."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from displace.web.deals.models import Deal
from displace.web.pipeline.totals import stage_totals, sum_by_currency


def _set(deal: Deal, **columns: object) -> Deal:
    Deal.objects.filter(pk=deal.pk).update(**columns)
    return deal


@pytest.fixture
def three_deals(make_deal: Callable[..., Deal]) -> None:
    _set(make_deal(title="A"), stage="gap", value=Decimal(1000), currency="USD",
         win_probability=0.5, rep_confidence=0.2)
    _set(make_deal(title="B"), stage="gap", value=Decimal(3000), currency="USD",
         win_probability=0.1, rep_confidence=0.9)
    _set(make_deal(title="C"), stage="discovery", value=Decimal(2_000_000), currency="VND",
         win_probability=None, rep_confidence=0.5)


def test_it_weights_each_deal_by_its_own_evidence_and_its_reps_confidence(
    three_deals: None,
) -> None:
    gap = next(t for t in stage_totals(Deal.objects.all()) if t.stage == "gap")
    assert gap.count == 2
    assert gap.value == Decimal(4000)
    # Each weighting term matters: dropping either (or swapping them) changes these figures.
    assert gap.by_evidence == pytest.approx(1000 * 0.5 + 3000 * 0.1)
    assert gap.by_confidence == pytest.approx(1000 * 0.2 + 3000 * 0.9)


def test_it_never_adds_two_currencies_together(three_deals: None) -> None:
    totals = stage_totals(Deal.objects.all())
    assert [(t.stage, t.currency) for t in totals] == [("discovery", "VND"), ("gap", "USD")]
    assert {t.currency: t.value for t in sum_by_currency(totals)} == {
        "USD": Decimal(4000), "VND": Decimal(2_000_000)}


def test_it_gives_a_deal_without_an_assessment_no_weight(three_deals: None) -> None:
    discovery = stage_totals(Deal.objects.all())[0]
    assert discovery.by_evidence == 0
    assert discovery.by_confidence == pytest.approx(1_000_000)


def test_it_lists_stages_in_funnel_order_not_alphabetically(
    make_deal: Callable[..., Deal],
) -> None:
    for stage in ("proposal", "commitment", "vision", "gap", "discovery"):
        _set(make_deal(title=stage), stage=stage)
    assert [t.stage for t in stage_totals(Deal.objects.all())] == [
        "discovery", "gap", "vision", "commitment", "proposal"]


def test_it_sums_all_stages_per_currency(three_deals: None) -> None:
    usd = next(t for t in sum_by_currency(stage_totals(Deal.objects.all())) if t.currency == "USD")
    assert (usd.stage, usd.count) == ("", 2)
    assert usd.by_evidence == pytest.approx(800)
