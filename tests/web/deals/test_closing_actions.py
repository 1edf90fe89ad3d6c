"""Closing a deal as won, lost or no decision with its reason, and reopening it (deals.actions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from django.utils import translation

from displace.web.accounts.models import Team
from displace.web.deals import actions
from displace.web.deals.models import Closing, Deal, EvidenceChange, OutcomeReasons
from displace.web.deals.outcomes import ClosingError
from displace.web.forecast.reports import CALIBRATION
from tests.core.outcomes.test_reasons import GOOD

MakeDeal = Callable[..., Deal]
People = dict[str, AbstractUser]

# A team's own list of reasons, as an admin writes it (the same text the core tests read).
TEAM_REASONS = GOOD


def test_a_won_deal_gets_its_stage_closed_time_and_reason(alices_deal: Deal) -> None:
    actions.close_deal(alices_deal, "won", reason="gap-incumbent-could-not-close",
                       note="They signed after the cash review.", by=alices_deal.owner)
    alices_deal.refresh_from_db()
    assert alices_deal.stage == "won" and alices_deal.core["stage"] == "won"
    assert alices_deal.closed_at is not None
    closing = Closing.objects.get(deal=alices_deal)
    assert (closing.outcome, closing.reason, closing.note) == (
        "won", "gap-incumbent-could-not-close", "They signed after the cash review.")
    assert closing.closed_by == alices_deal.owner and closing.reopened_at is None
    assert (closing.countered, closing.counter_move, closing.lost_to) == ("", "", "")


def test_a_loss_records_how_the_incumbent_countered_and_who_won(alices_deal: Deal) -> None:
    actions.close_deal(alices_deal, "lost", reason="incumbent-matched-price",
                       counter_move="matched_price", lost_to="incumbent", by=alices_deal.owner)
    closing = Closing.objects.get(deal=alices_deal)
    # A counter-move says the incumbent countered, without being told.
    assert (closing.countered, closing.counter_move, closing.lost_to) == (
        "yes", "matched_price", "incumbent")


def test_a_loss_without_its_details_records_the_counter_as_not_known(alices_deal: Deal) -> None:
    actions.close_deal(alices_deal, "lost", reason="relationship-won", by=alices_deal.owner)
    assert Closing.objects.get(deal=alices_deal).countered == "unknown"


@pytest.mark.parametrize(("outcome", "fields", "wrong"), [
    ("won", {"reason": "incumbent-matched-price"}, {"reason"}),  # a loss's reason
    ("lost", {"reason": "made-up"}, {"reason"}),
    ("lost", {"reason": ""}, {"reason"}),
    ("maybe", {"reason": "other"}, {"outcome"}),
    ("won", {"reason": "other", "countered": "yes", "lost_to": "nobody"}, {"countered", "lost_to"}),
    ("no_decision", {"reason": "other", "counter_move": "matched_price"}, {"counter_move"}),
    ("lost", {"reason": "other", "countered": "perhaps"}, {"countered"}),
    ("lost", {"reason": "other", "counter_move": "begged"}, {"counter_move"}),
    ("lost", {"reason": "other", "countered": "no", "counter_move": "matched_price"},
     {"counter_move"}),
    ("lost", {"reason": "other", "lost_to": "aliens"}, {"lost_to"}),
    ("won", {"reason": "other", "note": "x" * 2001}, {"note"}),
])
def test_a_wrong_closing_names_each_wrong_field_and_stores_nothing(
    alices_deal: Deal, outcome: str, fields: dict[str, str], wrong: set[str]
) -> None:
    with pytest.raises(ClosingError) as raised:
        actions.close_deal(alices_deal, outcome, by=alices_deal.owner, **fields)
    assert set(raised.value.errors) == wrong
    alices_deal.refresh_from_db()
    assert alices_deal.stage == "discovery" and alices_deal.closed_at is None
    assert not Closing.objects.exists()
    assert not EvidenceChange.objects.filter(what="close").exists()


def test_a_wrong_reason_is_explained_in_the_readers_language(alices_deal: Deal) -> None:
    with translation.override("vi"), pytest.raises(ClosingError) as raised:
        actions.close_deal(alices_deal, "lost", reason="made-up", by=alices_deal.owner)
    assert "không phải là lý do" in raised.value.errors["reason"]
    assert "incumbent-matched-price" in raised.value.errors["reason"]


def test_a_closed_deal_is_not_closed_twice(alices_deal: Deal) -> None:
    actions.close_deal(alices_deal, "won", reason="other", by=alices_deal.owner)
    with pytest.raises(ClosingError) as raised:
        actions.close_deal(alices_deal, "lost", reason="other", by=alices_deal.owner)
    assert "reopen" in raised.value.errors["outcome"]
    assert Closing.objects.filter(deal=alices_deal).count() == 1


def test_reopening_keeps_the_closing_and_a_second_close_adds_another(alices_deal: Deal) -> None:
    owner = alices_deal.owner
    actions.close_deal(alices_deal, "lost", reason="relationship-won", by=owner)
    actions.reopen_deal(alices_deal, stage="gap", by=owner)
    alices_deal.refresh_from_db()
    assert (alices_deal.stage, alices_deal.closed_at) == ("gap", None)
    first = Closing.objects.get(deal=alices_deal)
    assert first.reopened_at is not None and first.reopened_by == owner
    actions.close_deal(alices_deal, "won", reason="other", by=owner)
    closings = list(Closing.objects.filter(deal=alices_deal).order_by("id"))
    assert [(c.outcome, c.reopened_at is None) for c in closings] == [
        ("lost", False), ("won", True)]
    assert list(EvidenceChange.objects.filter(deal=alices_deal, what__in=["close", "reopen"])
                .order_by("id").values_list("what", flat=True)) == ["close", "reopen", "close"]


@pytest.mark.parametrize("stage", ["won", "nonsense", ""])
def test_a_deal_reopens_only_at_an_open_stage(alices_deal: Deal, stage: str) -> None:
    actions.close_deal(alices_deal, "won", reason="other", by=alices_deal.owner)
    with pytest.raises(ClosingError) as raised:
        actions.reopen_deal(alices_deal, stage=stage, by=alices_deal.owner)
    assert set(raised.value.errors) == {"stage"}
    alices_deal.refresh_from_db()
    assert alices_deal.stage == "won"


def test_an_open_deal_is_not_reopened(alices_deal: Deal) -> None:
    with pytest.raises(ClosingError, match="only a closed deal"):
        actions.reopen_deal(alices_deal, stage="gap", by=alices_deal.owner)


@pytest.mark.parametrize("stage", ["won", "lost", "no_decision"])
def test_an_outcome_set_as_the_stage_closes_the_deal_without_a_reason(
    alices_deal: Deal, stage: str
) -> None:
    actions.update_deal(alices_deal, stage=stage, by=alices_deal.owner)
    alices_deal.refresh_from_db()
    assert alices_deal.closed_at is not None
    closing = Closing.objects.get(deal=alices_deal)
    assert (closing.outcome, closing.reason) == (stage, "not-recorded")


def test_a_closed_deal_moved_to_an_open_stage_is_reopened(alices_deal: Deal) -> None:
    actions.close_deal(alices_deal, "lost", reason="other", by=alices_deal.owner)
    actions.update_deal(alices_deal, stage="proposal", by=alices_deal.owner)
    alices_deal.refresh_from_db()
    assert alices_deal.closed_at is None
    assert Closing.objects.get(deal=alices_deal).reopened_at is not None


def test_one_outcome_changed_to_another_keeps_one_closing_in_force(alices_deal: Deal) -> None:
    actions.update_deal(alices_deal, stage="lost", by=alices_deal.owner)
    actions.update_deal(alices_deal, stage="won", by=alices_deal.owner)
    assert list(Closing.objects.filter(deal=alices_deal, reopened_at__isnull=True)
                .values_list("outcome", flat=True)) == ["won"]
    assert Closing.objects.filter(deal=alices_deal).count() == 2


def test_the_team_s_own_reasons_replace_the_shipped_ones(
    alices_deal: Deal, people: People
) -> None:
    team = Team.objects.get(name="North")
    actions.save_outcome_reasons(team, TEAM_REASONS, by=people["ada"])
    with pytest.raises(ClosingError):
        actions.close_deal(alices_deal, "lost", reason="incumbent-matched-price",
                           by=alices_deal.owner)
    actions.close_deal(alices_deal, "lost", reason="bank-matched-rate", by=alices_deal.owner)
    assert Closing.objects.get(deal=alices_deal).reason == "bank-matched-rate"


def test_another_team_keeps_the_shipped_reasons(
    make_deal: MakeDeal, people: People
) -> None:
    actions.save_outcome_reasons(Team.objects.get(name="North"), TEAM_REASONS,
                                 by=people["ada"])
    south = make_deal("charlie")
    actions.close_deal(south, "lost", reason="incumbent-matched-price", by=south.owner)


def test_a_broken_reason_list_is_refused_with_its_line_and_nothing_is_saved(
    people: People,
) -> None:
    broken = TEAM_REASONS.replace('code = "bank-matched-rate"', 'code = "Bank rate"')
    with translation.override("vi"), pytest.raises(Exception, match="dòng 6"):
        actions.save_outcome_reasons(Team.objects.get(name="North"), broken,
                                     by=people["ada"])
    assert not OutcomeReasons.objects.exists()


def test_closing_and_reopening_refresh_the_teams_calibration_report(
    alices_deal: Deal, django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    team_id = alices_deal.team_id
    assert team_id is not None
    assert CALIBRATION.read(team_id).team.n == 0
    with django_capture_on_commit_callbacks(execute=True):
        actions.close_deal(alices_deal, "won", reason="gap-incumbent-could-not-close",
                           by=alices_deal.owner)
    assert CALIBRATION.read(team_id).team.n == 1  # refreshed by the closing, not by a visit
    with django_capture_on_commit_callbacks(execute=True):
        actions.reopen_deal(alices_deal, stage="proposal", by=alices_deal.owner)
    assert CALIBRATION.read(team_id).team.n == 0


def test_an_edit_that_closes_nothing_leaves_the_calibration_report_alone(
    alices_deal: Deal, django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        actions.move_deals([(alices_deal, "proposal")], by=alices_deal.owner)
    assert not [c for c in callbacks if getattr(c, "func", None) == CALIBRATION.refresh_later]
