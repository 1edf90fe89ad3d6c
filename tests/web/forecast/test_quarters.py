"""The forecast of this quarter and the next, on the manager view: expected won value by the
evidence and by the reps, per currency, and the deals where the two differ most."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from displace.core.forecast import this_and_next
from displace.web.deals.models import Deal, Stage
from displace.web.forecast.quarters import DIFFERING_DEALS, quarter_forecast
from tests.web.conftest import queries_for_page

MakeDeal = Callable[..., Deal]
TODAY = date(2026, 11, 15)  # the fourth quarter: the next one is next year's first


def _set(deal: Deal, *, close: date | None, value: int, currency: str = "USD",
         rep: float | None = 0.8, evidence: float | None = 0.2,
         stage: str = Stage.PROPOSAL) -> Deal:
    # The two figures are set directly: the forecast reads them, whatever produced them.
    Deal.objects.filter(pk=deal.pk).update(expected_close=close, value=Decimal(value),
                                           currency=currency, rep_confidence=rep,
                                           win_probability=evidence, stage=stage)
    deal.refresh_from_db()
    return deal



def test_each_quarter_sums_value_times_each_forecast_per_currency(
    make_deal: MakeDeal,
) -> None:
    a = _set(make_deal("alice"), close=date(2026, 12, 1), value=1000)
    _set(make_deal("alice"), close=date(2026, 10, 1), value=3000, rep=0.5, evidence=0.5)
    _set(make_deal("bob"), close=date(2027, 2, 1), value=2000, rep=None)
    _set(make_deal("bob"), close=date(2026, 12, 1), value=5_000_000, currency="VND")
    _set(make_deal("bob"), close=date(2027, 4, 1), value=999)  # the quarter after next
    _set(make_deal("bob"), close=None, value=999)  # no expected close
    _set(make_deal("bob"), close=date(2026, 12, 2), value=999, stage=Stage.WON)
    forecast = quarter_forecast(Deal.objects.filter(stage__in=["proposal"]), today=TODAY)
    now, following = this_and_next(TODAY)
    assert forecast.quarters == (now, following)
    usd = forecast.total(now, "USD")
    assert (usd.deals, usd.value) == (2, Decimal(4000))
    assert usd.by_evidence == pytest.approx(1000 * 0.2 + 3000 * 0.5)
    assert usd.by_reps == pytest.approx(1000 * 0.8 + 3000 * 0.5)
    nxt = forecast.total(following, "USD")
    assert (nxt.deals, nxt.by_reps, nxt.without_rep) == (1, 0.0, 1)  # no figure: no weight
    assert forecast.total(now, "VND").by_evidence == pytest.approx(1_000_000)
    assert forecast.currencies() == ["USD", "VND"]
    assert forecast.total(following, "VND").deals == 0
    assert a.pk in {d.deal_id for d in forecast.differing}


def test_the_deals_that_differ_most_come_first_per_quarter_and_currency(
    make_deal: MakeDeal,
) -> None:
    small = _set(make_deal("alice"), close=date(2026, 12, 1), value=1000, rep=0.9,
                 evidence=0.1)
    large = _set(make_deal("alice"), close=date(2026, 12, 1), value=10_000, rep=0.5,
                 evidence=0.3)
    for n in range(DIFFERING_DEALS + 2):
        _set(make_deal("bob"), close=date(2026, 11, 1), value=100 + n, rep=0.4, evidence=0.4)
    forecast = quarter_forecast(Deal.objects.all(), today=TODAY)
    shown = [d.deal_id for d in forecast.differing]
    assert shown[:2] == [large.pk, small.pk]  # 2,000 apart before 800 apart
    assert len(shown) == DIFFERING_DEALS
    first = forecast.differing[0]
    assert first.difference == pytest.approx(10_000 * 0.5 - 10_000 * 0.3)


def test_the_manager_view_shows_the_quarters_of_the_managers_team_only(
    login: Callable[[str], Client], make_deal: MakeDeal,
) -> None:
    today = timezone.localdate()
    _set(make_deal("alice", title="North payroll"), close=today, value=1000)
    _set(make_deal("charlie", title="South payroll"), close=today, value=1000)
    page = login("maria").get(reverse("manager")).content.decode()
    assert "Forecast: this quarter and the next" in page
    assert 'id="quarter-forecast-usd"' in page
    assert "North payroll" in page and "South payroll" not in page
    assert "$200" in page and "$800" in page  # by the evidence, by the rep


def test_the_manager_view_says_when_no_deal_is_expected_to_close(
    login: Callable[[str], Client],
) -> None:
    page = login("maria").get(reverse("manager")).content.decode()
    assert "No open deal is expected to close this quarter or next." in page


def test_the_forecast_speaks_vietnamese(login: Callable[[str], Client],
                                        make_deal: MakeDeal) -> None:
    _set(make_deal("alice"), close=timezone.localdate(), value=1000)
    client = login("maria")
    client.post(reverse("language"), {"language": "vi", "next": "/"})
    page = client.get(reverse("manager")).content.decode()
    assert "Dự báo: quý này và quý sau" in page and "Dự báo theo quý (USD)" in page


def test_the_manager_view_costs_the_same_queries_with_few_or_many_deals_in_the_quarters(
    login: Callable[[str], Client], make_deal: MakeDeal,
) -> None:
    client = login("maria")
    now, following = this_and_next(timezone.localdate())
    _set(make_deal("alice"), close=now.start, value=1000)
    _set(make_deal("alice"), close=following.start, value=1000)
    few = queries_for_page(client, reverse("manager"))
    for n in range(12):
        _set(make_deal("bob"), close=now.start + timedelta(days=n * 15), value=500 + n)
    cache.clear()  # the hot-spots are kept a minute: count them again
    assert queries_for_page(client, reverse("manager")) == few
