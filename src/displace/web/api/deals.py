"""/api/deals: the deals in the caller's scope; create from a deal file; change through actions."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from displace.core.deal.dealfile import deal_from_dict
from displace.web import permissions
from displace.web.api.auth import caller
from displace.web.api.schemas import (
    ERRORS,
    DealDetail,
    DealIn,
    DealPage,
    DealPatch,
    Error,
    Limit,
    Offset,
    RecordId,
    StageName,
)
from displace.web.deals import actions
from displace.web.deals.models import Deal

router = Router(tags=["deals"])


@router.get("", response={200: DealPage, 401: Error}, summary="List the deals you may see")
def list_deals(request: HttpRequest, stage: StageName | None = None,
               limit: int = Limit, offset: int = Offset) -> dict[str, object]:
    """A rep's own deals, a manager's team's deals, every deal for an admin; latest first."""
    deals = permissions.visible_deals(caller(request))
    if stage:
        deals = deals.filter(stage=stage)
    # The page's ids from an index first, then those rows only: sorting whole rows would read
    # every deal's documents, which the list does not show.
    ids = list(deals.values_list("id", flat=True)[offset:offset + limit])
    rows = (Deal.objects.filter(pk__in=ids).select_related("incumbent", "owner", "team")
            .defer("core", "assessment").order_by().in_bulk())
    return {"count": deals.count(), "items": [rows[pk] for pk in ids]}


@router.post("", response={201: DealDetail, **ERRORS}, summary="Create a deal from a deal file")
def create_deal(request: HttpRequest, body: DealIn) -> Status[Deal]:
    """Store a deal (deal-file format, as JSON) owned by the caller, on the caller's team."""
    core = deal_from_dict(body.deal, source="request body: deal")
    user = caller(request)
    deal = actions.import_deal(core, owner=user, value=body.value,
                               currency=body.currency or "", expected_close=body.expected_close)
    return Status(201, permissions.visible_deal(user, deal.pk))


@router.get("/{deal_id}", response={200: DealDetail, **ERRORS}, summary="One deal")
def get_deal(request: HttpRequest, deal_id: RecordId) -> Deal:
    """The deal with its gaps, offer items and the deal file; 404 outside your scope."""
    return permissions.visible_deal(caller(request), deal_id)


@router.patch("/{deal_id}", response={200: DealDetail, **ERRORS}, summary="Change a deal")
def update_deal(request: HttpRequest, deal_id: RecordId, body: DealPatch) -> Deal:
    """Change title, stage, value, currency, expected close or confidence; owner only."""
    user = caller(request)
    deal = permissions.require_deal_editor(user, deal_id)
    actions.update_deal(deal, by=user, **body.model_dump(exclude_unset=True))
    return permissions.visible_deal(user, deal_id)
