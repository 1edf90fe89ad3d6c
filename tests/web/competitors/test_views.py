"""Competitor profiles are a team's own: another team, or someone without a team, sees none."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from displace.core.deal.dealfile import deal_from_dict
from displace.web.accounts.actions import create_user
from displace.web.competitors.models import Competitor
from displace.web.deals.actions import import_deal
from displace.web.deals.models import Deal
from tests.web.conftest import PASSWORD, core_deal_dict

Login = Callable[[str], Client]
MakeDeal = Callable[..., Deal]


@pytest.fixture
def both_teams_deals(make_deal: MakeDeal) -> tuple[Deal, Deal]:
    """Alice (North) and Charlie (South) both fight Northern Bank."""
    return make_deal("alice"), make_deal("charlie")


def test_each_team_gets_its_own_profile_of_the_same_incumbent(
    both_teams_deals: tuple[Deal, Deal],
) -> None:
    north, south = both_teams_deals
    assert north.incumbent_id != south.incumbent_id
    assert north.incumbent is not None and south.incumbent is not None
    assert north.incumbent.name == south.incumbent.name == "Northern Bank"
    assert north.incumbent.team_id == north.team_id
    assert south.incumbent.team_id == south.team_id


def test_a_second_deal_of_the_team_names_the_same_profile(make_deal: MakeDeal) -> None:
    first = make_deal("alice")
    second = make_deal("bob", incumbent={"name": "  northern   BANK "})
    assert first.incumbent_id == second.incumbent_id
    assert Competitor.objects.count() == 1


@pytest.mark.parametrize(("who", "north", "south"), [
    ("alice", True, False), ("maria", True, False), ("charlie", False, True),
    ("sam", False, True), ("ada", True, True),
])
def test_the_list_shows_only_the_teams_competitors(
    login: Login, both_teams_deals: tuple[Deal, Deal], who: str, north: bool, south: bool
) -> None:
    north_deal, south_deal = both_teams_deals
    page = login(who).get(reverse("competitors")).content.decode()
    assert (reverse("competitor", args=[north_deal.incumbent_id]) in page) is north
    assert (reverse("competitor", args=[south_deal.incumbent_id]) in page) is south


@pytest.mark.parametrize(("who", "status"), [
    ("alice", 200), ("bob", 200), ("maria", 200), ("charlie", 404), ("sam", 404), ("ada", 200),
])
def test_another_teams_profile_does_not_exist_for_you(
    login: Login, both_teams_deals: tuple[Deal, Deal], who: str, status: int
) -> None:
    north_deal, _south = both_teams_deals
    url = reverse("competitor", args=[north_deal.incumbent_id])
    assert login(who).get(url).status_code == status


def test_someone_without_a_team_sees_no_competitor(
    client: Client, both_teams_deals: tuple[Deal, Deal], make_deal: MakeDeal
) -> None:
    loner = create_user("loner", PASSWORD, role="rep")
    own = make_deal("alice")  # a profile that exists, but is North's
    client.force_login(loner)
    assert "Northern Bank" not in client.get(reverse("competitors")).content.decode()
    assert client.get(reverse("competitor", args=[own.incumbent_id])).status_code == 404


def test_the_deal_page_links_the_incumbent_only_for_whoever_may_open_it(
    client: Client, db: None
) -> None:
    loner = create_user("loner", PASSWORD, role="rep")
    deal = import_deal(deal_from_dict(core_deal_dict()), owner=loner)
    client.force_login(loner)
    page = client.get(reverse("deal", args=[deal.pk])).content.decode()
    assert "Northern Bank" in page
    assert reverse("competitor", args=[deal.incumbent_id]) not in page


def test_an_admin_edits_any_teams_profile_and_a_manager_none(
    login: Login, both_teams_deals: tuple[Deal, Deal]
) -> None:
    _north, south_deal = both_teams_deals
    url = reverse("competitor-edit", args=[south_deal.incumbent_id])
    assert login("sam").post(url, {"notes": "Matches any rate."}).status_code == 403
    assert login("ada").post(url, {"notes": "Matches any rate."}).status_code == 302
    assert Competitor.objects.get(pk=south_deal.incumbent_id).notes == "Matches any rate."
