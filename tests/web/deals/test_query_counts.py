"""The deal page costs the same number of queries however much the deal has gathered."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from displace.web.conversations.actions import Upload, record_conversation
from displace.web.deals.actions import add_comment, add_gap
from displace.web.deals.models import Deal
from displace.web.followups.actions import add_follow_up
from tests.web.conftest import queries_for_page

CALL = (
    "Rep: Thanks for making the time, anh Minh.\n"
    "Customer: We have been with Northern Bank for six years, it is fine.\n"
    "Rep: We can lower your fees and raise your credit line.\n"
    "Customer: Nothing major to change, really.\n"
)



def _gather(deal: Deal, n: int) -> None:
    """Give the deal n more of everything its page lists."""
    for i in range(n):
        # A different transcript each time: the same one again is recognised, not stored.
        text = f"{CALL}Rep: Call number {deal.conversations.count()}.\n"
        record_conversation(deal, Upload(f"call-{i}.txt", text.encode()), by=deal.owner)
        add_gap(deal, f"Gap number {i}", by=deal.owner)
        add_comment(deal, f"Comment {i}", by=deal.owner)
        add_follow_up(deal, f"Step {i}", deal.created_at.date(), by=deal.owner)


def test_the_deal_page_costs_the_same_queries_with_one_or_many_of_everything(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    url = reverse("deal", args=[alices_deal.pk])
    _gather(alices_deal, 1)
    client = login("alice")
    few = queries_for_page(client, url)
    _gather(alices_deal, 6)
    assert alices_deal.conversations.count() == 7
    assert queries_for_page(client, url) == few


def test_the_manager_view_costs_the_same_queries_with_more_findings(
    login: Callable[[str], Client], make_deal: Callable[..., Deal]
) -> None:
    deals = [make_deal(owner, title=f"Deal of {owner}") for owner in ("alice", "bob")]
    for deal in deals:
        _gather(deal, 1)
    client = login("maria")
    few = queries_for_page(client, reverse("manager"))
    for deal in deals:
        _gather(deal, 4)
    cache.clear()  # the hot-spots are kept a minute: count them again
    assert queries_for_page(client, reverse("manager")) == few
