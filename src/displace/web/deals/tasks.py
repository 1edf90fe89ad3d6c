"""The deal's background job: re-assess it after its conversations changed."""

from __future__ import annotations

from django_tasks import task

from displace.web.deals import actions
from displace.web.deals.models import Deal

__all__ = ["assess_deal"]


@task()
def assess_deal(deal_id: int) -> str:
    """Recompute the deal's cached assessment; a deal deleted meanwhile needs none."""
    deal = Deal.objects.filter(pk=deal_id).first()
    if deal is None:
        return "gone"
    actions.refresh_assessment(deal)
    return "done"
