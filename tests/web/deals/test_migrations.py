"""The migration that gives each deal closed before closings were recorded its closing."""

from __future__ import annotations

import importlib

from django.apps import apps

from displace.web.deals.models import Closing, Deal

migration = importlib.import_module(
    "displace.web.deals.migrations.0010_closings_of_deals_closed_before")


def test_a_deal_closed_before_gets_a_closing_without_reason_at_its_last_activity(
    alices_deal: Deal,
) -> None:
    Deal.objects.filter(pk=alices_deal.pk).update(stage="lost", closed_at=None)
    alices_deal.refresh_from_db()
    migration.record_closings(apps, None)
    closing = Closing.objects.get(deal=alices_deal)
    assert (closing.outcome, closing.reason, closing.countered) == (
        "lost", "not-recorded", "unknown")
    assert closing.closed_at == alices_deal.last_activity
    alices_deal.refresh_from_db()
    assert alices_deal.closed_at == alices_deal.last_activity


def test_open_deals_and_deals_already_closed_with_a_closing_are_left_alone(
    alices_deal: Deal,
) -> None:
    from displace.web.deals.actions import close_deal

    close_deal(alices_deal, "won", reason="other", by=alices_deal.owner)
    open_deal = Deal.objects.create(title="Open", prospect="P", owner=alices_deal.owner)
    migration.record_closings(apps, None)
    assert list(Closing.objects.values_list("deal_id", "reason")) == [(alices_deal.pk, "other")]
    open_deal.refresh_from_db()
    assert open_deal.closed_at is None
