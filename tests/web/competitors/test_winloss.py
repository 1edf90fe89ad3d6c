"""Win and loss per incumbent (competitors.winloss): the counts, the win rate's interval, the
counter-moves, the reasons lost and the gaps of the deals won, in each reader's scope, in a few
queries however many deals and incumbents."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from displace.web.deals import actions
from displace.web.deals.models import Deal
from displace.web.permissions import visible_deals
from tests.web.conftest import queries_for_page

Login = Callable[[str], Client]
MakeDeal = Callable[..., Deal]

CASH = {"id": "cash", "summary": "Nobody reviews their cash forecast",
        "capability": "cash-flow-forecasting"}
CREDIT = {"id": "credit", "summary": "Credit structure never reviewed",
          "capability": "credit-structure-review"}


def _closed(make_deal: MakeDeal, owner: str, outcome: str, reason: str, *,
            gaps: list[dict[str, Any]] | None = None, incumbent: str = "Northern Bank",
            **loss: str) -> Deal:
    deal = make_deal(owner, title=f"{owner} {outcome} {reason}", gaps=gaps or [],
                     incumbent={"name": incumbent})
    actions.close_deal(deal, outcome, reason=reason, by=deal.owner, **loss)
    return deal


@pytest.fixture
def fought(make_deal: MakeDeal) -> dict[str, Deal]:
    """North's deals against Northern Bank: Alice won two, lost two, one without a decision,
    one open; Bob lost one; Charlie (South) lost one against South's own Northern Bank."""
    return {
        "won-cash": _closed(make_deal, "alice", "won", "gap-incumbent-could-not-close",
                            gaps=[CASH, CREDIT]),
        "won-both": _closed(make_deal, "alice", "won", "counter-rehearsed", gaps=[CASH]),
        "lost-price": _closed(make_deal, "alice", "lost", "incumbent-matched-price",
                              counter_move="matched_price", lost_to="incumbent"),
        "lost-rel": _closed(make_deal, "alice", "lost", "relationship-won", countered="no"),
        "none": _closed(make_deal, "alice", "no_decision", "status-quo-no-budget"),
        "open": make_deal("alice", title="Still open"),
        "bobs": _closed(make_deal, "bob", "lost", "incumbent-matched-price",
                        counter_move="matched_price"),
        "south": _closed(make_deal, "charlie", "lost", "another-competitor",
                         lost_to="other_competitor"),
    }


def _record(user: Any, deal: Deal) -> Any:
    from displace.web.competitors.winloss import win_loss

    assert deal.incumbent_id is not None
    return win_loss(visible_deals(user), [deal.incumbent_id], "en")[deal.incumbent_id]


def test_the_manager_sees_the_team_s_record_against_the_incumbent(
    fought: dict[str, Deal], people: dict[str, Any]
) -> None:
    record = _record(people["maria"], fought["won-cash"])
    assert (record.met, record.open, record.won, record.lost, record.no_decision) == (
        7, 1, 2, 3, 1)
    assert record.rate.rate == pytest.approx(2 / 6)
    assert (record.rate.low, record.rate.high) == pytest.approx((0.0968, 0.7000), abs=1e-4)
    assert record.counter_moves == [("matched the price", 2), ("did not counter", 1)]
    assert record.lost_reasons == [("The incumbent matched our price", 2),
                                   ("The relationship with the incumbent won", 1)]
    assert record.won_gaps == [("Cash-flow forecasting workshops", 2),
                               ("Annual credit-structure review against the growth plan", 1)]


def test_a_rep_counts_only_their_own_deals(
    fought: dict[str, Deal], people: dict[str, Any]
) -> None:
    record = _record(people["alice"], fought["won-cash"])
    assert (record.met, record.lost) == (6, 2)
    assert record.counter_moves == [("did not counter", 1), ("matched the price", 1)]


def test_another_team_s_deals_never_count(fought: dict[str, Deal], people: dict[str, Any]) -> None:
    south = _record(people["sam"], fought["south"])
    assert (south.met, south.lost, south.won) == (1, 1, 0)
    assert south.lost_reasons == [("Another competitor offered more", 1)]


def test_a_reopened_deal_counts_as_it_stands_now(
    fought: dict[str, Deal], people: dict[str, Any]
) -> None:
    deal = fought["lost-price"]
    actions.reopen_deal(deal, stage="proposal", by=deal.owner)
    record = _record(people["maria"], deal)
    assert (record.open, record.lost) == (2, 2)
    assert record.lost_reasons == [("The incumbent matched our price", 1),
                                   ("The relationship with the incumbent won", 1)]


def test_labels_follow_the_reader_s_language(
    fought: dict[str, Deal], people: dict[str, Any]
) -> None:
    from displace.web.competitors.winloss import win_loss

    incumbent = fought["won-cash"].incumbent_id
    assert incumbent is not None
    record = win_loss(visible_deals(people["maria"]), [incumbent], "vi")[incumbent]
    assert record.won_gaps[0] == ("Hội thảo lập dự báo dòng tiền", 2)
    assert record.lost_reasons[0] == ("Nhà cung cấp hiện tại đưa ra mức giá bằng chúng ta", 2)


def test_the_list_and_the_page_show_the_record_with_its_interval(
    login: Login, fought: dict[str, Deal]
) -> None:
    client = login("maria")
    listing = client.get(reverse("competitors")).content.decode()
    assert "33% <small>(10%–70%)</small>" in listing
    assert "The incumbent matched our price (2)" in listing
    page = client.get(reverse("competitor", args=[fought["won-cash"].incumbent_id]))
    text = page.content.decode()
    assert "7 deals met" in text and "1 open, 2 won, 3 lost, 1 without a decision." in text
    assert "Cash-flow forecasting workshops: 2 deals" in text


def test_the_page_speaks_vietnamese(login: Login, fought: dict[str, Deal]) -> None:
    client = login("maria")
    page = client.get(reverse("competitor", args=[fought["won-cash"].incumbent_id]),
                      HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Thắng và thua trước nhà cung cấp này" in page
    assert "khoảng tin cậy 95 % từ 10 % đến 70 %" in page


def test_an_incumbent_never_met_has_no_rate(login: Login, fought: dict[str, Deal]) -> None:
    from displace.web.competitors.actions import competitor_named

    fresh = competitor_named("Eastern Bank", team_id=fought["open"].team_id)
    page = login("maria").get(reverse("competitor", args=[fresh.pk])).content.decode()
    assert "No deal against it has closed yet." in page


@pytest.mark.parametrize("page", ["list", "competitor"])
def test_the_pages_cost_the_same_queries_with_more_deals_and_incumbents(
    login: Login, make_deal: MakeDeal, page: str
) -> None:
    def grow(n: int) -> Deal:
        deal = make_deal("alice")
        for _ in range(n):
            name = f"Bank {Deal.objects.count()}" if page == "list" else "Northern Bank"
            extra = {"incumbent": name}
            _closed(make_deal, "alice", "won", "other", gaps=[CASH], **extra)
            _closed(make_deal, "alice", "lost", "incumbent-matched-price",
                    counter_move="matched_price", **extra)
            _closed(make_deal, "bob", "lost", "relationship-won", countered="no", **extra)
        return deal

    first = grow(1)
    url = (reverse("competitors") if page == "list"
           else reverse("competitor", args=[first.incumbent_id]))
    client = login("maria")
    few = queries_for_page(client, url)
    grow(4)
    assert queries_for_page(client, url) == few
