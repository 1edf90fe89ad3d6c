"""The pipeline list: search, filters, sort, pages and totals, over each person's deals only."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from displace.web.deals.actions import searchable
from displace.web.deals.models import Deal
from displace.web.followups.actions import add_follow_up
from displace.web.pipeline.listing import parse_listing
from tests.web.conftest import queries_for_page


def _set(deal: Deal, **columns: object) -> Deal:
    """Columns written as they stand (the search column kept as the actions keep it)."""
    Deal.objects.filter(pk=deal.pk).update(**columns)
    deal.refresh_from_db()
    Deal.objects.filter(pk=deal.pk).update(search_text=searchable(deal.title, deal.prospect))
    return deal


def _titles(client: Client, query: str = "") -> list[str]:
    """The deal titles the list shows, in its order."""
    page = client.get(reverse("pipeline") + query).content.decode()
    rows = page.split('id="deal-rows"', 1)[1]
    return re.findall(r'<a href="/deals/\d+/">([^<]*)</a>', rows)


def _copies(deal: Deal, n: int) -> None:
    """`n` more deals like `deal`, written at once (a page's worth is slow to import)."""
    fields = {f.attname: getattr(deal, f.attname) for f in Deal._meta.concrete_fields
              if f.attname != "id"}
    Deal.objects.bulk_create(Deal(**{**fields, "title": f"Copy {i:03d}",
                                     "search_text": searchable(f"Copy {i:03d}", deal.prospect)})
                             for i in range(n))


@pytest.fixture
def north(make_deal: Callable[..., Deal]) -> dict[str, Deal]:
    """Three deals on team North: two of Alice's, one of Bob's."""
    return {
        "bank": _set(make_deal("alice", title="Cash forecasting", incumbent={
            "name": "Ngân hàng Phương Bắc"}), prospect="Công ty Hoà Bình", stage="gap",
            value=Decimal(5_000_000_000), currency="VND", industry="sme-banking",
            expected_close=date(2027, 3, 10), win_probability=0.4, rep_confidence=0.9,
            ready=False, decision_maker="Mrs Lan"),
        "logistics": _set(make_deal("alice", title="Payroll cards"), stage="proposal",
                          value=Decimal(20_000), currency="USD", industry="logistics",
                          expected_close=date(2027, 4, 2), win_probability=0.7,
                          rep_confidence=0.6, ready=True, has_stated_gap=True,
                          decision_maker="Mrs Lan"),
        "bobs": _set(make_deal("bob", title="Trade finance"), stage="discovery",
                     value=Decimal(1_000), currency="USD", decision_maker="",
                     win_probability=0.2, rep_confidence=0.3),
    }


def test_it_finds_deals_by_prospect_without_diacritics_or_capitals(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    assert _titles(login("maria"), "?q=hoa+BINH") == ["Cash forecasting"]


def test_it_finds_deals_by_incumbent_title_and_rep(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    client = login("maria")
    assert _titles(client, "?q=phuong+bac") == ["Cash forecasting"]
    assert _titles(client, "?q=payroll") == ["Payroll cards"]
    assert _titles(client, "?q=BOB") == ["Trade finance"]


@pytest.mark.parametrize(("query", "expected"), [
    ("?stage=gap&stage=proposal", {"Cash forecasting", "Payroll cards"}),
    ("?industry=logistics", {"Payroll cards"}),
    ("?close=2027-03", {"Cash forecasting"}),
    ("?flag=not-ready", {"Cash forecasting", "Trade finance"}),
    ("?flag=no-stated-gap", {"Cash forecasting", "Trade finance"}),
    ("?flag=no-decision-maker", {"Trade finance"}),
    ("?flag=confidence-gap", {"Cash forecasting"}),
])
def test_it_filters_by_each_field(
    login: Callable[[str], Client], north: dict[str, Deal], query: str, expected: set[str]
) -> None:
    assert set(_titles(login("maria"), query)) == expected


def test_it_filters_by_rep_and_incumbent(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    client = login("maria")
    assert _titles(client, f"?rep={north['bobs'].owner_id}") == ["Trade finance"]
    assert _titles(client, f"?incumbent={north['bank'].incumbent_id}") == ["Cash forecasting"]


def test_it_filters_deals_with_an_overdue_follow_up(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    deal = north["logistics"]
    add_follow_up(deal, "Send the draft", timezone.localdate() - timedelta(days=2), by=deal.owner)
    assert _titles(login("maria"), "?flag=overdue") == ["Payroll cards"]


def test_it_shows_the_earliest_open_follow_up_as_the_next_step(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    deal = north["bank"]
    today = timezone.localdate()
    add_follow_up(deal, "Later step", today + timedelta(days=9), by=deal.owner)
    add_follow_up(deal, "Meet the CFO", today + timedelta(days=2), by=deal.owner)
    page = login("alice").get(reverse("pipeline")).content.decode()
    assert "Meet the CFO" in page
    assert "Later step" not in page


@pytest.mark.parametrize(("sort", "expected"), [
    ("", ["Trade finance", "Cash forecasting", "Payroll cards"]),  # funnel order
    ("-stage", ["Payroll cards", "Cash forecasting", "Trade finance"]),
    ("value", ["Trade finance", "Payroll cards", "Cash forecasting"]),
    ("-win", ["Payroll cards", "Cash forecasting", "Trade finance"]),
    ("confidence", ["Trade finance", "Payroll cards", "Cash forecasting"]),
    ("close", ["Cash forecasting", "Payroll cards", "Trade finance"]),  # no date: last
    ("-prospect", ["Payroll cards", "Cash forecasting", "Trade finance"]),
])
def test_it_sorts_by_the_column_asked(
    login: Callable[[str], Client], north: dict[str, Deal], sort: str, expected: list[str]
) -> None:
    _set(north["logistics"], prospect="Lan Anh Logistics")
    _set(north["bobs"], prospect="Bao Long")
    assert _titles(login("maria"), f"?sort={sort}") == expected


def test_it_shows_fifty_deals_a_page_and_keeps_the_question_across_pages(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    _copies(north["logistics"], 60)
    client = login("maria")
    first = client.get(reverse("pipeline") + "?stage=proposal&sort=-value").content.decode()
    assert "Page 1 of 2" in first
    assert "?stage=proposal&amp;sort=-value&amp;page=2" in first
    assert len(_titles(client, "?stage=proposal&sort=-value")) == 50
    assert len(_titles(client, "?stage=proposal&sort=-value&page=2")) == 11


def test_it_totals_every_page_per_stage_and_currency(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    _copies(north["logistics"], 60)
    page = login("maria").get(reverse("pipeline") + "?stage=proposal").content.decode()
    totals = page.split('id="deal-rows"')[0]
    assert "$1,220,000" in totals  # 61 deals of $20,000, on two pages
    assert "$854,000" in totals  # weighted by the evidence (0.7)
    assert "$732,000" in totals  # weighted by the rep's confidence (0.6)


def test_it_shows_both_currencies_apart(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    totals = login("maria").get(reverse("pipeline")).content.decode().split('id="deal-rows"')[0]
    assert "5,000,000,000 ₫" in totals
    assert "$21,000" in totals  # the two dollar deals, never added to the dong one


def test_it_shows_a_rep_only_their_own_deals_and_totals(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    client = login("bob")
    assert _titles(client, "?q=a") == ["Trade finance"]
    assert _titles(client, f"?rep={north['bank'].owner_id}") == []
    page = client.get(reverse("pipeline")).content.decode()
    assert "5,000,000,000 ₫" not in page
    assert "alice" not in page.split("</header>")[1]  # not even as a choice of rep


def test_it_answers_the_table_alone_to_htmx(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    page = login("maria").get(reverse("pipeline") + "?q=payroll",
                              HTTP_HX_REQUEST="true").content.decode()
    assert page.lstrip().startswith('<div id="pipeline-results">')
    assert "<form" not in page


@pytest.mark.parametrize("query", [
    "?stage=nonsense", "?rep=abc", "?rep=-1", "?rep=99999999999999999999999", "?incumbent=1.5",
    "?close=2027-13", "?close=x", "?sort=password", "?flag=%00", "?page=-3", "?page=zz",
    "?q=" + "x" * 5000, "?q=%00", "?q=%25_", "?industry=%00", "?stage=won&stage=lost",
])
def test_it_never_fails_on_a_bad_parameter(
    login: Callable[[str], Client], north: dict[str, Deal], query: str
) -> None:
    # A NUL character is refused before any page runs (displace.web.guards), with a 400.
    expected = 400 if "%00" in query else 200
    assert login("maria").get(reverse("pipeline") + query).status_code == expected


def test_it_says_which_parameters_it_did_not_apply(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    page = login("maria").get(reverse("pipeline") + "?sort=password&close=13").content.decode()
    assert "Not applied" in page
    assert "close, sort" in page


def test_it_treats_percent_and_underscore_as_plain_text(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    assert _titles(login("maria"), "?q=%25") == []


def test_it_reads_a_sort_and_its_direction() -> None:
    listing = parse_listing(QueryDict("sort=-close&stage=gap&stage=bogus&flag=stalled"))
    assert (listing.sort, listing.descending) == ("close", True)
    assert listing.stages == ["gap"]
    assert listing.ignored == ["stage"]
    assert listing.query_string(page="2") == "stage=gap&flag=stalled&sort=-close&page=2"


def test_it_costs_the_same_queries_for_five_deals_or_fifty(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    client = login("maria")
    url = reverse("pipeline") + "?q=a&stage=proposal&flag=no-decision-maker&sort=-win"
    _set(north["logistics"], decision_maker="")
    _copies(north["logistics"], 2)
    few = queries_for_page(client, url)
    _copies(north["logistics"], 45)
    for deal in Deal.objects.filter(stage="proposal")[:20]:
        add_follow_up(deal, "Call", timezone.localdate(), by=deal.owner)
    assert len(_titles(client, url)) == 48
    assert queries_for_page(client, url) == few


def test_a_deal_renamed_in_the_app_is_found_by_its_new_name_only(
    login: Callable[[str], Client], make_deal: Callable[..., Deal], people: dict[str, Any],
) -> None:
    from displace.web.deals.actions import update_deal, update_prospect

    deal = make_deal("alice", title="Cash forecasting")
    update_deal(deal, by=people["alice"], title="Sổ lương điện tử")
    update_prospect(Deal.objects.get(pk=deal.pk), {"name": "Công ty Đông Á"}, by=people["alice"])
    client = login("alice")
    assert _titles(client, "?q=so+luong") == ["Sổ lương điện tử"]
    assert _titles(client, "?q=dong+a") == ["Sổ lương điện tử"]
    assert _titles(client, "?q=forecasting") == []


def test_a_closed_deal_leaves_the_pipeline_but_a_search_or_a_stage_finds_it(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    from displace.web.deals.actions import close_deal

    deal = north["logistics"]
    close_deal(deal, "won", reason="other", by=deal.owner)
    client = login("maria")
    assert "Payroll cards" not in _titles(client)
    assert _titles(client, "?q=payroll") == ["Payroll cards"]
    assert _titles(client, "?stage=won") == ["Payroll cards"]
    assert _titles(client, "?stage=won&stage=lost&stage=no_decision") == ["Payroll cards"]
    assert _titles(client, "?stage=lost") == []
    assert "Every closed deal" in client.get(reverse("pipeline")).content.decode()
