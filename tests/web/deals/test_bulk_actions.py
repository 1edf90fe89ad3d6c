"""Deals stored and updated in bulk (a CRM import) end as the one-at-a-time actions leave them."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import AbstractUser, User

from displace.core.deal.dealfile import deal_from_dict
from displace.web.deals.actions import (
    NewDeal,
    import_deal,
    import_deals,
    move_deals,
    update_from_crm,
    update_many_from_crm,
)
from displace.web.deals.models import Deal, EvidenceChange
from tests.web.conftest import core_deal_dict

People = dict[str, AbstractUser]
COLUMNS = ("title", "prospect", "industry", "seller", "stage", "value", "currency", "team_id",
           "owner_id", "incumbent_id", "has_stated_gap", "win_probability")


def test_import_deals_stores_what_import_deal_stores(people: People) -> None:
    alice = User.objects.get(pk=people["alice"].pk)
    core = deal_from_dict(core_deal_dict())
    one = import_deal(core, owner=alice, value=Decimal("12.50"), currency="USD")
    [many] = import_deals([NewDeal(core, owner=alice, value=Decimal("12.50"), currency="USD")])
    many.refresh_from_db()
    assert [getattr(many, c) for c in COLUMNS] == [getattr(one, c) for c in COLUMNS]
    assert many.core == one.core
    assert [g.key for g in many.gaps.all()] == [g.key for g in one.gaps.all()]
    assert [o.text for o in many.offer_items.all()] == [o.text for o in one.offer_items.all()]
    assert EvidenceChange.objects.get(deal=many).what == "import"


def test_update_many_from_crm_changes_and_records_only_what_differs(people: People) -> None:
    alice, bob = (User.objects.get(pk=people[n].pk) for n in ("alice", "bob"))
    core = deal_from_dict(core_deal_dict())
    first, second = import_deals([NewDeal(core, owner=alice), NewDeal(core, owner=alice)],
                                 assess=False)
    moved = update_many_from_crm(
        [(first, {"stage": "proposal", "owner": bob, "value": Decimal(5)}),
         (second, {"stage": "discovery", "owner": alice})], by=alice)
    assert moved == [first]
    first.refresh_from_db()
    assert (first.stage, first.owner_id, first.value) == ("proposal", bob.pk, Decimal("5.00"))
    change = EvidenceChange.objects.get(deal=first, what="crm")
    assert change.before == {"stage": "discovery", "owner": "alice", "value": "0.00"}
    assert change.after == {"stage": "proposal", "owner": "bob", "value": "5.00"}
    assert not EvidenceChange.objects.filter(deal=second, what="crm").exists()
    assert not update_from_crm(Deal.objects.get(pk=second.pk), {"stage": "discovery"}, by=alice)


def test_move_deals_records_each_move_as_the_reps_own_change_of_stage(people: People) -> None:
    from displace.web.deals.history import change_sentences
    from displace.web.deals.models import StageSnapshot

    alice = User.objects.get(pk=people["alice"].pk)
    alice.first_name = "Bill"
    alice.save()
    core = deal_from_dict(core_deal_dict())
    deals = import_deals([NewDeal(core, owner=alice), NewDeal(core, owner=alice)], assess=False)
    moved = move_deals([(deals[0], "gap"), (deals[1], "discovery")], by=alice, assess=False)
    assert moved == [deals[0]]  # the other one was at discovery already: nothing recorded
    change = EvidenceChange.objects.filter(deal=deals[0]).latest("id")
    assert (change.what, change.by, change.after) == ("deal", alice, {"stage": "gap"})
    assert [str(s) for s in change_sentences(deals[0], change)] == [
        "Bill changed the stage from Discovery to Gap"]
    assert StageSnapshot.objects.filter(deal=deals[0], stage="gap").count() == 1
    assert not EvidenceChange.objects.filter(what="crm").exists()
