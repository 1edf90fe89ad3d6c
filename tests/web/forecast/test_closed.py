"""Reading a team's closed deals: each judged at its last stage change into an open stage
before it closed."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from displace.core.deal.weights import FAMILIES
from displace.web.deals import actions
from displace.web.deals.models import Deal, Stage, StageSnapshot
from displace.web.forecast.closed import closed_forecasts
from tests.web.forecast.conftest import CloseDeals

People = dict[str, AbstractUser]


def _closed(person: AbstractUser, stage: str, closed_at: datetime,
            moves: list[tuple[int, str, float]]) -> Deal:
    """A deal closed at `closed_at` with a snapshot per (days before, stage, confidence)."""
    deal = Deal.objects.create(title="T", prospect="P", owner=person, stage=stage,
                               team_id=person.profile.team_id, closed_at=closed_at)
    for days, entered, confidence in moves:
        StageSnapshot.objects.create(deal=deal, at=closed_at - timedelta(days=days),
                                     stage=entered, rep_confidence=confidence,
                                     win_probability=confidence / 2)
    return deal


def test_a_deal_is_judged_at_its_last_open_stage_before_closing(people: People) -> None:
    now = timezone.now()
    _closed(people["alice"], Stage.WON, now,
            [(9, Stage.DISCOVERY, 0.2), (4, Stage.PROPOSAL, 0.6), (0, Stage.WON, 0.95)])
    (judged,) = closed_forecasts(people["alice"].profile.team_id)
    assert (judged.rep_confidence, judged.win_probability) == (0.6, 0.3)
    assert judged.won and judged.rep == "alice" and judged.recorded


def test_a_deal_reopened_and_closed_again_is_judged_before_its_last_closing(
    people: People,
) -> None:
    now = timezone.now()
    _closed(people["alice"], Stage.LOST, now,
            [(9, Stage.PROPOSAL, 0.6), (6, Stage.WON, 0.9), (3, Stage.GAP, 0.35),
             (0, Stage.LOST, 0.1)])
    (judged,) = closed_forecasts(people["alice"].profile.team_id)
    assert judged.rep_confidence == 0.35 and not judged.won


def test_a_deal_closed_without_any_forecast_is_left_out_as_unrecorded(people: People) -> None:
    _closed(people["alice"], Stage.NO_DECISION, timezone.now(), [])
    (judged,) = closed_forecasts(people["alice"].profile.team_id)
    assert not judged.recorded and judged.no_decision and not judged.won


def test_open_deals_and_other_teams_deals_are_not_read(
    people: People, close_deals: CloseDeals, alices_deal: Deal,
) -> None:
    close_deals("charlie", 3)
    close_deals("bob", 2)
    forecasts = closed_forecasts(people["alice"].profile.team_id)
    assert {f.rep for f in forecasts} == {"bob"}
    assert alices_deal.pk not in {f.deal_id for f in forecasts}


def test_terms_are_read_only_for_a_refit(people: People, close_deals: CloseDeals) -> None:
    close_deals("alice", 2)
    team = people["alice"].profile.team_id
    assert all(not f.terms for f in closed_forecasts(team))
    assert all(set(f.terms) == set(FAMILIES) for f in closed_forecasts(team, terms=True))


def test_a_deal_closed_through_the_actions_carries_its_forecasts_and_terms(
    alices_deal: Deal,
) -> None:
    owner = alices_deal.owner
    actions.update_deal(alices_deal, stage="proposal", rep_confidence=0.9, by=owner)
    alices_deal.refresh_from_db()
    probability = alices_deal.win_probability
    actions.close_deal(alices_deal, "lost", reason="relationship-won", by=owner)
    (judged,) = closed_forecasts(owner.profile.team_id, terms=True)
    assert judged.rep_confidence == 0.9 and judged.win_probability == probability
    assert not judged.won
    assert set(judged.terms) == set(FAMILIES)


def test_reading_costs_two_queries_however_many_deals_closed(
    people: People, close_deals: CloseDeals,
) -> None:
    team = people["alice"].profile.team_id

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            closed_forecasts(team, terms=True)
        return len(captured)

    close_deals("alice", 3, seed=1)
    few = queries()
    close_deals("bob", 30, seed=2)
    assert queries() == few == 2
