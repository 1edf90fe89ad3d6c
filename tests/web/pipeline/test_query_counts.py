"""The main pages cost the same number of queries with 2 deals or 20."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from displace.web.deals.models import Deal
from displace.web.followups.actions import add_follow_up


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["pipeline", "manager", "competitors", "follow-ups"])
def test_it_runs_the_same_number_of_queries_however_many_deals(
    login: Callable[[str], Client], make_deal: Callable[..., Deal], page: str
) -> None:
    def grow(n: int) -> None:
        for i in range(n):
            deal = make_deal("alice", title=f"Deal {Deal.objects.count()} {i}")
            add_follow_up(deal, "Call", deal.created_at.date(), by=deal.owner)

    client = login("ada")
    grow(2)
    client.get(reverse(page))  # first visit may create the calendar secret
    few = _queries(client, reverse(page))
    grow(18)
    many = _queries(client, reverse(page))
    assert many == few


def test_it_renders_the_deal_page_in_a_fixed_number_of_queries(
    login: Callable[[str], Client], make_deal: Callable[..., Deal]
) -> None:
    deal = make_deal("alice")
    client = login("alice")
    few = _queries(client, reverse("deal", args=[deal.pk]))
    for i in range(10):
        add_follow_up(deal, f"Step {i}", deal.created_at.date(), by=deal.owner)
    assert _queries(client, reverse("deal", args=[deal.pk])) == few
