"""The pipeline as a board: a column per open stage, cards moved between them, each person's
deals only, and a fixed cost however many deals there are."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from displace.web.deals.actions import searchable
from displace.web.deals.models import Deal
from displace.web.pipeline.board import BOARD_CARDS
from tests.web.conftest import queries_for_page

BOARD = reverse("pipeline") + "?view=board"


def _set(deal: Deal, **columns: object) -> Deal:
    Deal.objects.filter(pk=deal.pk).update(**columns)
    deal.refresh_from_db()
    return deal


def _copies(deal: Deal, n: int, **columns: object) -> None:
    """`n` more deals like `deal`, value 1..n, written at once."""
    fields = {f.attname: getattr(deal, f.attname) for f in Deal._meta.concrete_fields
              if f.attname != "id"}
    Deal.objects.bulk_create(Deal(**{**fields, **columns, "title": f"Copy {i:03d}",
                                     "value": Decimal(i + 1),
                                     "search_text": searchable(f"Copy {i:03d}", deal.prospect)})
                             for i in range(n))


def _columns(page: str) -> dict[str, list[str]]:
    """Each column's stage code and the titles of its cards, in the board's order."""
    found = {}
    column = r'<section class="board-column" data-stage="(\w+)"(.*?)</section>'
    for stage, body in re.findall(column, page, re.S):
        found[stage] = re.findall(r'<h3><a href="/deals/\d+/">([^<]*)</a></h3>', body)
    return found


@pytest.fixture
def north(make_deal: Callable[..., Deal]) -> dict[str, Deal]:
    """Alice's deals in two stages, one of them closed, and Bob's in discovery."""
    return {
        "gap": _set(make_deal("alice", title="Cash forecasting"), stage="gap",
                    value=Decimal(5_000_000_000), currency="VND",
                    expected_close=date(2027, 3, 10), win_probability=0.4, rep_confidence=0.9,
                    ready=False),
        "proposal": _set(make_deal("alice", title="Payroll cards"), stage="proposal",
                         value=Decimal(20_000), currency="USD", win_probability=0.7,
                         rep_confidence=0.6, ready=True),
        "won": _set(make_deal("alice", title="Old win"), stage="won", value=Decimal(9_000),
                    currency="USD"),
        "bobs": _set(make_deal("bob", title="Trade finance"), stage="discovery",
                     value=Decimal(1_000), currency="USD", win_probability=0.2,
                     rep_confidence=0.3),
    }


def test_it_shows_a_column_per_open_stage_in_funnel_order(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    columns = _columns(login("maria").get(BOARD).content.decode())
    assert list(columns) == ["discovery", "gap", "vision", "commitment", "proposal"]
    assert columns["discovery"] == ["Trade finance"]
    assert columns["gap"] == ["Cash forecasting"]
    assert columns["vision"] == []
    assert columns["proposal"] == ["Payroll cards"]


def test_a_closed_deal_never_appears_on_the_board(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    client = login("alice")
    assert "Old win" not in client.get(BOARD).content.decode()
    only_closed = client.get(BOARD + "&stage=won").content.decode()
    assert _columns(only_closed) == {}
    assert "Old win" not in only_closed
    assert "The board shows open deals only" in only_closed
    searched = client.get(BOARD + "&q=old").content.decode()  # a search finds closed deals too
    assert "Old win" not in searched
    assert "1 closed deal matches too" in searched
    assert "matches too" not in client.get(BOARD + "&q=cash").content.decode()


def test_a_card_shows_value_close_date_readiness_and_both_probabilities(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    page = login("alice").get(BOARD).content.decode()
    card = page.split(f'id="card-{north["gap"].pk}"', 1)[1].split("</li>", 1)[0]
    assert "5,000,000,000 ₫" in card
    assert 'datetime="2027-03-10"' in card
    assert "40%" in card and "90%" in card
    assert "not ready" in card
    ready = page.split(f'id="card-{north["proposal"].pk}"', 1)[1].split("</li>", 1)[0]
    assert "ready to propose" in ready and "70%" in ready and "60%" in ready


def test_it_totals_each_column_per_currency(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    _copies(north["proposal"], 3)  # values 1, 2 and 3 dollars, 0.7 and 0.6 as the original
    page = login("alice").get(BOARD).content.decode()
    proposal = page.split('data-stage="proposal"', 1)[1].split("</header>", 1)[0]
    assert '<span class="count">4</span>' in proposal
    assert "$20,006" in proposal
    assert "$14,004.20" in proposal  # weighted by the evidence: 20,006 × 0.7
    assert "$12,003.60" in proposal  # weighted by the rep's confidence: 20,006 × 0.6
    assert "₫" not in proposal


def test_the_lists_search_and_filters_apply_to_the_board(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    client = login("maria")
    assert _columns(client.get(BOARD + "&q=payroll").content.decode())["proposal"] == [
        "Payroll cards"]
    assert "Cash forecasting" not in client.get(BOARD + "&q=payroll").content.decode()
    by_bob = _columns(client.get(BOARD + f"&rep={north['bobs'].owner_id}").content.decode())
    assert [title for titles in by_bob.values() for title in titles] == ["Trade finance"]
    two = _columns(client.get(BOARD + "&stage=gap&stage=proposal").content.decode())
    assert list(two) == ["gap", "proposal"]


def test_a_full_column_shows_its_most_valuable_deals_and_links_to_the_rest(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    _copies(north["proposal"], BOARD_CARDS + 5)
    page = login("alice").get(BOARD + "&q=copy").content.decode()
    cards = _columns(page)["proposal"]
    assert len(cards) == BOARD_CARDS
    assert cards[:2] == [f"Copy {BOARD_CARDS + 4:03d}", f"Copy {BOARD_CARDS + 3:03d}"]
    assert "5 more deals in the list" in page
    assert '<a href="?q=copy&amp;stage=proposal&amp;sort=-value">' in page


def test_only_the_deals_owner_gets_a_move_form(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    managers = login("maria").get(BOARD).content.decode()
    assert 'class="move"' not in managers
    assert 'draggable="true"' not in managers
    alices = login("alice").get(BOARD).content.decode()
    assert alices.count('class="move"') == 2  # her two open deals
    assert alices.count('draggable="true"') == 2
    move = alices.split(f'id="card-{north["gap"].pk}"', 1)[1].split("</form>", 1)[0]
    assert f'action="{reverse("deal-edit", args=[north["gap"].pk])}"' in move
    assert '<option value="gap" selected>' in move
    assert 'value="won"' not in move  # closing a deal is not a move on the board


def test_moving_a_card_changes_the_stage_and_returns_to_the_same_board(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    deal = north["gap"]
    back = BOARD + "&q=cash#card-" + str(deal.pk)
    response = login("alice").post(reverse("deal-edit", args=[deal.pk]),
                                   {"stage": "vision", "next": back})
    assert response.status_code == 302
    assert response["Location"] == back
    deal.refresh_from_db()
    assert deal.stage == "vision"
    page = login("alice").get(BOARD).content.decode()
    assert _columns(page)["vision"] == ["Cash forecasting"]


def test_a_move_returns_only_to_a_page_of_this_site(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    deal = north["gap"]
    for elsewhere in ("https://example.org/", "//example.org/", "/\\example.org", "javascript:x"):
        response = login("alice").post(reverse("deal-edit", args=[deal.pk]),
                                       {"stage": "vision", "next": elsewhere})
        assert response["Location"] == reverse("deal", args=[deal.pk])


def test_a_bad_stage_is_refused_with_a_message_on_the_board(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    deal = north["gap"]
    response = login("alice").post(reverse("deal-edit", args=[deal.pk]),
                                   {"stage": "nonsense", "next": BOARD}, follow=True)
    assert response.redirect_chain[-1][0] == BOARD
    assert 'class="error"' in response.content.decode()
    deal.refresh_from_db()
    assert deal.stage == "gap"


def test_nobody_but_the_owner_moves_a_card(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    deal = north["gap"]
    url = reverse("deal-edit", args=[deal.pk])
    assert login("maria").post(url, {"stage": "vision", "next": BOARD}).status_code == 403
    assert login("bob").post(url, {"stage": "vision", "next": BOARD}).status_code == 404
    assert login("charlie").post(url, {"stage": "vision", "next": BOARD}).status_code == 404
    deal.refresh_from_db()
    assert deal.stage == "gap"


def test_the_address_remembers_the_board_and_its_filters(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    page = login("maria").get(BOARD + "&q=cash&sort=-value").content.decode()
    assert '<input type="hidden" name="view" value="board">' in page
    assert '<a href="?q=cash&amp;sort=-value">' in page  # back to the list, same question
    assert '<a href="?q=cash&amp;sort=-value&amp;view=board" aria-current="page">' in page
    listed = login("maria").get(reverse("pipeline") + "?q=cash").content.decode()
    assert '<a href="?q=cash&amp;view=board">' in listed
    assert 'name="view"' not in listed


def test_it_answers_the_board_alone_to_htmx(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    page = login("maria").get(BOARD + "&q=payroll", HTTP_HX_REQUEST="true").content.decode()
    assert page.lstrip().startswith('<div id="pipeline-results">')
    assert _columns(page)["proposal"] == ["Payroll cards"]
    assert "board.js" not in page


def test_it_names_an_unknown_view_and_shows_the_list(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    page = login("maria").get(reverse("pipeline") + "?view=kanban").content.decode()
    assert "Not applied" in page and ": view." in page
    assert 'id="deal-rows"' in page


def test_an_empty_workspace_says_how_to_begin(login: Callable[[str], Client]) -> None:
    for url in (reverse("pipeline"), BOARD):
        page = login("charlie").get(url).content.decode()
        assert 'id="no-deals"' in page
        assert f'href="{reverse("deal-new")}"' in page.split('id="no-deals"', 1)[1]


def test_the_board_costs_the_same_queries_for_a_few_deals_or_many(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    client = login("alice")
    searched = BOARD + "&q=c&flag=not-ready"
    few, few_searched = queries_for_page(client, BOARD), queries_for_page(client, searched)
    for stage in ("discovery", "gap", "vision", "commitment", "proposal"):
        _copies(north["proposal"], BOARD_CARDS + 3, stage=stage, ready=False)
    assert queries_for_page(client, BOARD) == few
    assert queries_for_page(client, searched) == few_searched


def test_a_column_ranks_its_cards_currency_by_currency_not_by_raw_value(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    # 50,000,000 VND is not worth more than 40,000 USD: the two are never compared. Most deals
    # found are in dollars, so every column shows its dollar deals first, then its dong deals.
    proposal = north["proposal"]
    _copies(proposal, 2)  # 1 and 2 dollars
    _set(north["gap"], stage="proposal", value=Decimal(50_000_000))
    _set(proposal, value=Decimal(40_000))
    columns = _columns(login("maria").get(BOARD).content.decode())
    assert columns["proposal"] == ["Payroll cards", "Copy 001", "Copy 000", "Cash forecasting"]


def test_the_currency_most_deals_are_in_leads_every_column_with_its_totals(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    _copies(north["gap"], 3, stage="proposal")  # now more deals in dong (4) than in dollars (3)
    page = login("maria").get(BOARD).content.decode()
    assert _columns(page)["proposal"] == [
        "Copy 002", "Copy 001", "Copy 000", "Payroll cards"]  # 3, 2, 1 dong, then 20,000 USD
    proposal = page.split('data-stage="proposal"')[1].split("</header>")[0]
    assert proposal.index("₫") < proposal.index("$")  # the totals in the same order


def test_a_column_full_of_the_leading_currency_shows_it_first(
    login: Callable[[str], Client], north: dict[str, Deal]
) -> None:
    _copies(north["proposal"], BOARD_CARDS + 1)  # dollars lead; a 5,000,000,000 dong deal
    _set(north["gap"], stage="proposal")  # would top a ranking by raw value
    cards = _columns(login("maria").get(BOARD).content.decode())["proposal"]
    assert "Cash forecasting" not in cards
    assert cards[0] == "Payroll cards"
