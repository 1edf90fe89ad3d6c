"""The demo team as `displace serve --demo` loads it, in a real database (loaded once for the
module, inside a transaction rolled back at its end): it tells one story, the pages built on
closed deals, calls and next steps show figures rather than their empty states, and loading
again changes nothing."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import models, transaction
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.html import escape

from displace.core.deal.catalogue import load_catalogue
from displace.core.forecast import calibrate
from displace.web.competitors.models import Competitor
from displace.web.competitors.winloss import win_loss
from displace.web.conversations.models import AnalysisState, Conversation, Finding
from displace.web.deals.models import (
    CLOSED_STAGES,
    OPEN_STAGES,
    Closing,
    Comment,
    Deal,
    EvidenceChange,
    Stage,
    StageSnapshot,
)
from displace.web.demo import demo_logins, load_demo_team
from displace.web.demo.closings import decide
from displace.web.demo.loading import plan_demo
from displace.web.demo.story import Story
from displace.web.followups.models import FollowUp
from displace.web.forecast.actions import propose_refit
from displace.web.forecast.closed import closed_forecasts
from tests.web.demo.conftest import other_banks_named

MODELS = (User, Deal, StageSnapshot, EvidenceChange, Closing, Comment, FollowUp, Conversation,
          Finding, Competitor)


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    """The demo team loaded once; what each table holds after the load."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=[
                "django.contrib.auth.hashers.MD5PasswordHasher"]):
            assert load_demo_team() is True
        yield {model.__name__: model.objects.count() for model in MODELS}
        transaction.set_rollback(True)


@pytest.fixture
def team_id(demo: dict[str, int], db: None) -> int:
    team = Deal.objects.values_list("team_id", flat=True).first()
    assert team is not None
    return int(team)


def signed_in(client: Client, username: str) -> Client:
    client.force_login(User.objects.get(username=username))
    return client


def test_the_demo_loads_into_an_empty_database_once(demo: dict[str, int], db: None) -> None:
    assert load_demo_team() is False  # people exist: nothing is loaded again
    assert {model.__name__: model.objects.count() for model in MODELS} == demo
    assert sorted(u.username for u in User.objects.all()) == sorted(
        login.username for login in demo_logins())


def test_sixty_closed_deals_of_every_outcome_against_several_incumbents_and_reps(
    team_id: int
) -> None:
    closed = Deal.objects.filter(team_id=team_id, stage__in=CLOSED_STAGES)
    outcomes = Counter(closed.values_list("stage", flat=True))
    assert sum(outcomes.values()) >= 60 and set(outcomes) == set(CLOSED_STAGES)
    assert outcomes[Stage.WON] >= 10 and outcomes[Stage.LOST] >= 10
    assert closed.values("incumbent").distinct().count() >= 5
    assert closed.values("owner").distinct().count() == 4
    assert not closed.filter(closed_at__isnull=True).exists()
    # Every one closed with a reason of the list, and a loss says how the incumbent countered.
    closings = Closing.objects.filter(deal__in=closed, reopened_at__isnull=True)
    assert closings.count() == closed.count()
    assert not closings.filter(reason="not-recorded").exists()
    losses = closings.filter(outcome=Stage.LOST)
    assert losses.exclude(counter_move="").exists() and losses.exclude(lost_to="").count() == \
        losses.count()
    assert Counter(closings.values_list("outcome", "reason")).most_common(1)[0][1] < 20


def test_each_closed_deal_ended_as_the_probability_the_app_computed_decided(
    team_id: int, story: Story
) -> None:
    """The outcomes come from the evidence's own probability, not from a list."""
    plans = {(p.core["prospect"]["name"]): p for p in plan_demo(timezone.localtime())}
    closed = Deal.objects.filter(team_id=team_id, stage__in=CLOSED_STAGES)
    for deal in closed:
        snapshot = StageSnapshot.objects.filter(deal=deal, stage__in=OPEN_STAGES).last()
        assert snapshot is not None and snapshot.win_probability is not None
        closing = Closing.objects.get(deal=deal)
        decided = decide(story, plans[deal.prospect], snapshot.win_probability)
        assert (decided.outcome, decided.reason, decided.counter_move) == (
            closing.outcome, closing.reason, closing.counter_move), deal.title


def test_the_evidence_forecast_the_closed_deals_better_than_the_reps(team_id: int) -> None:
    report = calibrate(closed_forecasts(team_id))
    assert report.team.n >= 60 and 10 <= report.team.won <= report.team.n - 10
    assert report.team.brier_evidence is not None and report.team.brier_rep is not None
    assert report.team.brier_evidence < report.team.brier_rep - 0.05
    assert report.team.log_loss_evidence is not None and report.team.log_loss_rep is not None
    assert report.team.log_loss_evidence < report.team.log_loss_rep
    judged = closed_forecasts(team_id)
    # The reps are optimistic: their mean confidence is above the share of deals won.
    assert sum(f.rep_confidence or 0 for f in judged) / len(judged) > report.team.won / len(
        judged) + 0.15


def test_a_refit_on_the_demo_team_is_proposed(team_id: int) -> None:
    version = propose_refit(Deal.objects.get(pk=Deal.objects.filter(team_id=team_id).first().pk)
                            .team, by=User.objects.get(username="admin"))
    assert version.scores["n"] >= 30 and 0 < version.scores["won"] < version.scores["n"]


def test_every_conversation_names_only_its_own_deals_incumbent(
    demo: dict[str, int], db: None, story: Story
) -> None:
    conversations = Conversation.objects.select_related("deal__incumbent")
    prospects = set(Deal.objects.values_list("prospect", flat=True))
    assert conversations.count() >= 16
    for conversation in conversations:
        deal = conversation.deal
        own = {deal.incumbent.name, deal.seller}
        assert other_banks_named(conversation.source_text, own, story) == [], conversation.title
        assert deal.incumbent.name in conversation.source_text
        assert not [p for p in prospects - {deal.prospect} if p in conversation.source_text]
        contacts = [c["name"] for c in deal.core["prospect"]["contacts"]]
        assert any(name in conversation.speakers for name in contacts), conversation.title


def test_the_check_on_calls_catches_another_demo_bank(story: Story) -> None:
    own = {"Giant National", "Greater Smithville Community Bank"}
    said = "We moved from Northgate Federal to Giant National last year."
    assert other_banks_named(said, own, story) == ["Northgate Federal"]
    assert other_banks_named("Bên tôi làm với Thành Long.", own, story) == [
        "Ngân hàng Thành Long"]
    assert other_banks_named("Giant National has been fine.", own, story) == []


def test_each_competitor_page_lists_what_its_deals_say(
    demo: dict[str, int], db: None, client: Client
) -> None:
    signed_in(client, "ruth")
    catalogue = load_catalogue("sme-banking")
    competitors = Competitor.objects.filter(deals__isnull=False).distinct()
    assert competitors.count() >= 5
    for competitor in competitors:
        page = client.get(f"/competitors/{competitor.pk}/").content.decode()
        for held in competitor.deals.values_list("core", flat=True):
            incumbent = held["incumbent"]
            for capability in incumbent.get("delivers", []):
                name = catalogue.get(capability).name  # type: ignore[union-attr]
                assert name["vi" if competitor.name.startswith("Ngân") else "en"] in page
            for seen in incumbent.get("counter_history", []):
                assert seen in competitor.counter_moves and escape(seen) in page
        assert "Not recorded." not in page.split("Deals against it")[0], competitor.name


def test_the_win_loss_table_has_a_record_against_each_incumbent(team_id: int) -> None:
    deals = Deal.objects.filter(team_id=team_id)
    ids = list(Competitor.objects.filter(deals__isnull=False).values_list("pk", flat=True))
    records = win_loss(deals, ids, "en")
    assert all(r.closed >= 5 and r.open >= 1 for r in records.values())
    assert sum(r.won for r in records.values()) >= 10
    assert any(r.counter_moves for r in records.values())
    assert all(r.won_gaps for r in records.values() if r.won)


@pytest.mark.parametrize(("username", "path", "wanted"), [
    ("ruth", "/forecast/calibration/", ['id="reliability"', "The whole team"]),
    ("ruth", "/manager/", ['id="confidence-scatter"', 'id="stage-value-usd"',
                           'id="stage-value-vnd"', 'id="hot-spots-1"', 'id="hot-spots-3"',
                           'id="quarter-forecast-usd"', 'id="quarter-forecast-vnd"']),
    ("ruth", "/?view=board", ['data-stage="proposal"']),
    ("ruth", "/competitors/", ["Giant National", "Ngân hàng Thành Long"]),
    ("admin", "/forecast/weights/", ["Refit on our results"]),
])
def test_the_pages_built_on_the_story_show_figures_not_their_empty_states(
    demo: dict[str, int], db: None, client: Client, username: str, path: str, wanted: list[str]
) -> None:
    response = signed_in(client, username).get(path)
    page = response.content.decode()
    assert response.status_code == 200
    for text in wanted:
        assert text in page, text
    for empty in ('class="chart-empty"', 'class="empty"', "Nothing flagged.", "Nothing overdue.",
                  "No risk behaviours found", "No competitor yet."):
        assert empty not in page, empty


def test_the_story_is_dated_over_months(team_id: int) -> None:
    now = timezone.now()
    deals = Deal.objects.filter(team_id=team_id)
    assert now - deals.earliest("created_at").created_at > timedelta(days=240)
    closed = deals.filter(stage__in=CLOSED_STAGES).order_by("closed_at")
    assert now - closed.first().closed_at > timedelta(days=200)  # type: ignore[union-attr]
    for deal in deals.filter(stage__in=CLOSED_STAGES)[:20]:
        times = list(deal.snapshots.values_list("at", flat=True))
        assert times == sorted(times) and times[0] == deal.created_at
        assert times[-1] == deal.closed_at == Closing.objects.get(deal=deal).closed_at
        assert list(deal.changes.order_by("at", "id").values_list("at", flat=True)) == times
    calls = Conversation.objects.filter(deal__team_id=team_id)
    weeks = {(now - at).days // 7 for at in calls.values_list("created_at", flat=True)}
    assert len(weeks) >= 6 and max(weeks) < 12
    assert calls.filter(analysis_state=AnalysisState.DONE).count() == calls.count()
    stalled = deals.filter(stage__in=OPEN_STAGES, last_activity__lt=now - timedelta(days=30))
    assert stalled.exists() and deals.filter(
        stage__in=OPEN_STAGES, last_activity__gt=now - timedelta(days=7)).exists()


def test_open_deals_have_next_steps_overdue_soon_and_none(team_id: int) -> None:
    today = timezone.localdate()
    still_open = Deal.objects.filter(team_id=team_id, stage__in=OPEN_STAGES)
    steps = FollowUp.objects.filter(deal__in=still_open, done=False)
    assert steps.filter(due__lt=today).exists()
    assert steps.filter(due__gte=today, due__lte=today + timedelta(days=7)).exists()
    assert still_open.exclude(follow_ups__isnull=False).exists()
    assert FollowUp.objects.filter(deal__in=still_open, done=True).exists()
    assert Comment.objects.filter(deal__team_id=team_id).values("author").distinct().count() >= 3


def test_the_stages_each_deal_went_through_read_as_its_owners_own_moves(
    team_id: int, client: Client
) -> None:
    moves = EvidenceChange.objects.filter(deal__team_id=team_id).exclude(
        what__in=("import", "close"))
    assert moves.exists()
    assert not EvidenceChange.objects.filter(deal__team_id=team_id, what="crm").exists()
    assert set(moves.values_list("what", flat=True)) == {"deal"}
    assert not moves.exclude(by=models.F("deal__owner")).exists()
    # A deal of a rep who reads English (the page speaks its reader's saved language).
    deal = (Deal.objects.filter(team_id=team_id, stage=Stage.PROPOSAL)
            .exclude(owner__profile__language="vi").select_related("owner").order_by("pk")
            .first())
    assert deal is not None
    owner = deal.owner.get_full_name() or deal.owner.get_username()
    page = signed_in(client, deal.owner.username).get(f"/deals/{deal.pk}/").content.decode()
    assert re.search(rf"{re.escape(escape(owner))} changed the stage from \w+ to Proposal", page)
    assert "imported the deal" in page  # the first stage, as it was stored
