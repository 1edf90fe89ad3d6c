"""A snapshot of both forecasts each time a deal enters a stage, whatever the path: created,
imported, stage changed, closed, reopened, and a CRM import of new and known deals."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import AbstractUser, User

from displace.core.deal.dealfile import deal_from_dict
from displace.web.accounts.models import Team
from displace.web.crm import actions as crm_actions
from displace.web.deals import actions
from displace.web.deals.models import Closing, Deal, StageSnapshot
from tests.web.conftest import core_deal_dict
from tests.web.crm.conftest import hubspot_csv

MakeDeal = Callable[..., Deal]
People = dict[str, AbstractUser]


def _snapshots(deal: Deal) -> list[tuple[str, str]]:
    return list(StageSnapshot.objects.filter(deal=deal).order_by("at", "id")
                .values_list("previous_stage", "stage"))


def test_an_imported_deal_is_snapshotted_as_it_enters_its_first_stage(alices_deal: Deal) -> None:
    snapshot = StageSnapshot.objects.get(deal=alices_deal)
    assert (snapshot.previous_stage, snapshot.stage) == ("", "discovery")
    assert snapshot.rep_confidence == 0.7
    # Taken before the first assessment, it gets that assessment's figure.
    assert snapshot.win_probability is not None
    assert snapshot.win_probability == Deal.objects.get(pk=alices_deal.pk).win_probability


def test_a_created_deal_is_snapshotted(people: People) -> None:
    deal = actions.create_deal(owner=people["bob"], title="Payroll", prospect="Minh Phat",
                               industry="sme-banking", incumbent="Northern Bank", stage="gap")
    assert _snapshots(deal) == [("", "gap")]


def test_each_stage_change_close_and_reopen_adds_one_with_the_forecasts_then(
    alices_deal: Deal,
) -> None:
    owner = alices_deal.owner
    actions.update_deal(alices_deal, stage="proposal", rep_confidence=0.9, by=owner)
    actions.update_deal(alices_deal, value=Decimal(5000), by=owner)  # no stage: no snapshot
    actions.close_deal(alices_deal, "lost", reason="relationship-won", by=owner)
    actions.reopen_deal(alices_deal, stage="gap", by=owner)
    assert _snapshots(alices_deal) == [
        ("", "discovery"), ("discovery", "proposal"), ("proposal", "lost"), ("lost", "gap")]
    proposal = StageSnapshot.objects.get(deal=alices_deal, stage="proposal")
    alices_deal.refresh_from_db()
    assert proposal.rep_confidence == 0.9  # the confidence set with the move
    assert proposal.win_probability == alices_deal.win_probability


def test_a_snapshot_keeps_the_weights_version_and_terms_of_the_assessment(
    alices_deal: Deal,
) -> None:
    terms = {"prior": -1.2, "gaps": 0.4}
    Deal.objects.filter(pk=alices_deal.pk).update(
        assessment={**alices_deal.assessment, "weights_version": 3, "terms": terms})
    alices_deal.refresh_from_db()
    actions.close_deal(alices_deal, "won", reason="other", by=alices_deal.owner)
    snapshot = StageSnapshot.objects.get(deal=alices_deal, stage="won")
    assert (snapshot.weights_version, snapshot.terms) == (3, terms)


def test_a_bulk_import_snapshots_every_deal_and_closes_the_closed_ones(people: People) -> None:
    owner = User.objects.get(pk=people["alice"].pk)
    new = [actions.NewDeal(deal_from_dict(core_deal_dict(f"Deal {stage}", stage=stage)),
                           owner=owner) for stage in ("gap", "won", "lost")]
    stored = actions.import_deals(new, by=owner, assess=False)
    assert [_snapshots(deal) for deal in stored] == [[("", "gap")], [("", "won")],
                                                    [("", "lost")]]
    assert {c.deal_id: (c.outcome, c.reason) for c in Closing.objects.all()} == {
        stored[1].pk: ("won", "not-recorded"), stored[2].pk: ("lost", "not-recorded")}
    assert [Deal.objects.get(pk=d.pk).closed_at is not None for d in stored] == [
        False, True, True]


@pytest.fixture
def hubspot_people(people: People) -> People:
    for name, user in people.items():
        User.objects.filter(pk=user.pk).update(email=f"{name}@north.example")
    return people


def _import(people: People, *rows: str) -> None:
    maria = User.objects.get(pk=people["maria"].pk)
    found = crm_actions.create_import(by=maria, team=Team.objects.get(name="North"),
                                      crm="hubspot", file_name="deals.csv",
                                      content=hubspot_csv(*rows))
    crm_actions.start_import(found, by=maria)


ROW = "101,Fleet cover,9000,{stage},2026-11-30,alice@north.example,Hoa Sen,Northern Insurance"


def test_a_crm_import_snapshots_new_deals_and_the_known_ones_whose_stage_moved(
    hubspot_people: People,
) -> None:
    _import(hubspot_people, ROW.format(stage="Contract Sent"))
    deal = Deal.objects.get()
    _import(hubspot_people, ROW.format(stage="Contract Sent"))  # unchanged: no snapshot
    _import(hubspot_people, ROW.format(stage="Closed Won"))
    _import(hubspot_people, ROW.format(stage="Qualified To Buy"))
    assert _snapshots(deal) == [("", "proposal"), ("proposal", "won"), ("won", "gap")]
    closing = Closing.objects.get(deal=deal)
    assert (closing.outcome, closing.reason) == ("won", "not-recorded")
    assert closing.reopened_at is not None
    deal.refresh_from_db()
    assert (deal.stage, deal.closed_at) == ("gap", None)


def test_a_crm_row_that_cannot_say_no_decision_leaves_such_a_deal_as_it_is(
    hubspot_people: People,
) -> None:
    _import(hubspot_people, ROW.format(stage="Contract Sent"))
    deal = Deal.objects.get()
    actions.close_deal(deal, "no_decision", reason="status-quo-no-budget", by=deal.owner)
    _import(hubspot_people, ROW.format(stage="Closed Lost"))  # HubSpot's word for it
    deal.refresh_from_db()
    assert deal.stage == "no_decision"
    assert Closing.objects.get(deal=deal).reason == "status-quo-no-budget"
