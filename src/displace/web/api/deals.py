"""/api/deals: the deals in the caller's scope; create from a deal file; change through actions."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from displace.core.deal.dealfile import deal_from_dict
from displace.web import permissions
from displace.web.api.auth import caller
from displace.web.api.schemas import (
    DealDetail,
    DealIn,
    DealOut,
    DealPatch,
    Error,
    StageName,
)
from displace.web.deals import actions
from displace.web.deals.models import Deal

router = Router(tags=["deals"])
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}


@router.get("", response=list[DealOut], summary="List the deals you may see")
@paginate(LimitOffsetPagination)
def list_deals(request: HttpRequest, stage: StageName | None = None) -> QuerySet[Deal]:
    """A rep's own deals, a manager's team's deals, every deal for an admin."""
    deals = permissions.visible_deals(caller(request)).select_related("incumbent", "owner", "team")
    return deals.filter(stage=stage) if stage else deals


@router.post("", response={201: DealDetail, **ERRORS}, summary="Create a deal from a deal file")
def create_deal(request: HttpRequest, body: DealIn) -> tuple[int, Deal]:
    """Store a deal (deal-file format, as JSON) owned by the caller, on the caller's team."""
    core = deal_from_dict(body.deal, source="request body: deal")
    user = caller(request)
    deal = actions.import_deal(core, owner=user, value=body.value,
                               currency=body.currency or "", expected_close=body.expected_close)
    return 201, permissions.visible_deal(user, deal.pk)


@router.get("/{deal_id}", response={200: DealDetail, **ERRORS}, summary="One deal")
def get_deal(request: HttpRequest, deal_id: int) -> Deal:
    """The deal with its gaps, offer items and the deal file; 404 outside your scope."""
    return permissions.visible_deal(caller(request), deal_id)


@router.patch("/{deal_id}", response={200: DealDetail, **ERRORS}, summary="Change a deal")
def update_deal(request: HttpRequest, deal_id: int, body: DealPatch) -> Deal:
    """Change title, stage, value, currency, expected close or confidence; owner only."""
    user = caller(request)
    deal = permissions.require_deal_editor(user, deal_id)
    actions.update_deal(deal, by=user, **body.model_dump(exclude_unset=True))
    return permissions.visible_deal(user, deal_id)
