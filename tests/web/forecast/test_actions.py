"""A team's weights: refit proposed, accepted, rolled back; each in the history, and each
assessment of the team's deals recording the version that produced it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractUser

from displace.core.forecast import ForecastError
from displace.web.accounts.models import Team
from displace.web.deals.models import Deal
from displace.web.forecast import actions
from displace.web.forecast.models import WeightsChange, WeightsVersion
from displace.web.forecast.weights import in_use, team_weights
from tests.web.forecast.conftest import CloseDeals

People = dict[str, AbstractUser]


@pytest.fixture
def north(people: People) -> Team:
    return Team.objects.get(name="North")


def _history(team: Team) -> list[tuple[str, int]]:
    return list(WeightsChange.objects.filter(team=team).order_by("at", "id")
                .values_list("action", "version__number"))


def test_a_refit_with_too_few_closed_deals_is_refused_and_stores_nothing(
    people: People, north: Team, close_deals: CloseDeals,
) -> None:
    close_deals("alice", 12)
    with pytest.raises(ForecastError, match="Only 12 closed deals"):
        actions.propose_refit(north, by=people["ada"])
    assert not WeightsVersion.objects.exists() and not WeightsChange.objects.exists()


def test_a_refit_is_stored_as_a_numbered_proposal_not_yet_in_use(
    people: People, north: Team, close_deals: CloseDeals,
) -> None:
    close_deals("alice", 60)
    first = actions.propose_refit(north, by=people["ada"])
    second = actions.propose_refit(north, by=people["ada"])
    assert (first.number, second.number) == (1, 2)
    assert first.multipliers["gaps"] > 1.2  # the deals won had more gaps than weights said
    assert first.scores["n"] == 60 and len(first.scores["folds"]) == 5
    assert in_use(north.pk) is None and team_weights(north.pk) == ({}, 0)
    assert _history(north) == [("proposed", 1), ("proposed", 2)]


def test_accepting_puts_the_version_in_use_and_reassesses_the_open_deals(
    people: People, north: Team, close_deals: CloseDeals, alices_deal: Deal,
) -> None:
    close_deals("alice", 60)
    before = Deal.objects.get(pk=alices_deal.pk)
    assert before.assessment["weights_version"] == 0
    version = actions.propose_refit(north, by=people["ada"])
    actions.accept_version(version, by=people["ada"])
    after = Deal.objects.get(pk=alices_deal.pk)
    assert after.assessment["weights_version"] == version.number == 1
    assert after.win_probability != before.win_probability
    assert after.assessment["terms"] == before.assessment["terms"]  # always the shipped scale
    assert team_weights(north.pk) == (version.multipliers, 1)
    assert _history(north) == [("proposed", 1), ("accepted", 1)]


def test_another_teams_deals_keep_their_weights(
    people: People, north: Team, close_deals: CloseDeals, make_deal: object,
) -> None:
    charlies = make_deal("charlie")  # type: ignore[operator]
    close_deals("alice", 60)
    actions.accept_version(actions.propose_refit(north, by=None), by=None)
    assert Deal.objects.get(pk=charlies.pk).assessment["weights_version"] == 0


def test_rolling_back_returns_to_the_version_before_then_to_the_shipped_weights(
    people: People, north: Team, close_deals: CloseDeals, alices_deal: Deal,
) -> None:
    close_deals("alice", 60)
    ada = people["ada"]
    one = actions.accept_version(actions.propose_refit(north, by=ada), by=ada)
    two = actions.accept_version(actions.propose_refit(north, by=ada), by=ada)
    assert in_use(north.pk) == two
    assert actions.roll_back(north, by=ada) == two
    assert in_use(north.pk) == one
    assert Deal.objects.get(pk=alices_deal.pk).assessment["weights_version"] == 1
    actions.roll_back(north, by=ada)
    assert in_use(north.pk) is None
    assert Deal.objects.get(pk=alices_deal.pk).assessment["weights_version"] == 0
    with pytest.raises(actions.NothingToRollBack):
        actions.roll_back(north, by=ada)
    assert _history(north)[-2:] == [("rolled_back", 2), ("rolled_back", 1)]


def test_a_rolled_back_version_can_be_accepted_again(
    people: People, north: Team, close_deals: CloseDeals,
) -> None:
    close_deals("alice", 60)
    version = actions.accept_version(actions.propose_refit(north, by=None), by=None)
    actions.roll_back(north, by=None)
    actions.accept_version(version, by=people["ada"])
    version.refresh_from_db()
    assert version.in_use and in_use(north.pk) == version
    assert version.accepted_by == people["ada"]


def test_a_second_refit_starts_from_the_weights_in_use(
    people: People, north: Team, close_deals: CloseDeals,
) -> None:
    close_deals("alice", 60)
    first = actions.accept_version(actions.propose_refit(north, by=None), by=None)
    second = actions.propose_refit(north, by=None)
    assert second.scores["current"] == pytest.approx(first.multipliers, abs=1e-4)
