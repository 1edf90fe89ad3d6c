"""The CRM import's background jobs: store an import's deals, then assess them (actions do
the work)."""

from __future__ import annotations

from django_tasks import task

from displace.web.crm import actions
from displace.web.deals import actions as deal_actions
from displace.web.deals.models import Deal

__all__ = ["assess_imported_deals", "import_crm_deals"]


@task()
def import_crm_deals(import_id: int) -> str:
    """Store a queued import's deals in one transaction; what became of it, for the record."""
    return actions.run_import(import_id)


@task()
def assess_imported_deals(deal_ids: list[int]) -> str:
    """Compute the assessment of deals an import stored; a deal deleted meanwhile needs none."""
    for deal in Deal.objects.filter(pk__in=deal_ids).iterator(chunk_size=100):
        deal_actions.refresh_assessment(deal)
    return f"{len(deal_ids)} deals"
