"""Follow-ups: list those in scope, add one to a deal, mark one done."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Status

from displace.web import permissions
from displace.web.api.auth import caller
from displace.web.api.schemas import (
    ERRORS,
    Error,
    FollowUpIn,
    FollowUpOut,
    FollowUpPage,
    Limit,
    Offset,
    RecordId,
)
from displace.web.followups import actions
from displace.web.followups.models import FollowUp

router = Router(tags=["follow-ups"])


@router.get("/follow-ups", response={200: FollowUpPage, 401: Error},
            summary="Follow-ups you may see")
def list_follow_ups(request: HttpRequest, deal: RecordId | None = None,
                    done: bool | None = None, limit: int = Limit,
                    offset: int = Offset) -> dict[str, object]:
    """Oldest due first; filter by deal id or by done."""
    follow_ups = permissions.visible_follow_ups(caller(request))
    if deal is not None:
        follow_ups = follow_ups.filter(deal_id=deal)
    if done is not None:
        follow_ups = follow_ups.filter(done=done)
    page = follow_ups.select_related("deal", "assignee", "created_by", "done_by").order_by(
        "due", "id")
    return {"count": follow_ups.count(), "items": list(page[offset:offset + limit])}


@router.post("/deals/{deal_id}/follow-ups", response={201: FollowUpOut, **ERRORS},
             summary="Add a follow-up to a deal")
def add_follow_up(
    request: HttpRequest, deal_id: RecordId, body: FollowUpIn
) -> Status[FollowUp]:
    """A dated next step on one's own deal."""
    user = caller(request)
    deal = permissions.require_deal_editor(user, deal_id)
    return Status(201, actions.add_follow_up(deal, body.title, body.due, by=user))


@router.post("/follow-ups/{follow_up_id}/done", response={200: FollowUpOut, **ERRORS},
             summary="Mark a follow-up done")
def mark_done(request: HttpRequest, follow_up_id: RecordId) -> FollowUp:
    """Its assignee or the deal's owner marks it done."""
    user = caller(request)
    follow_up = permissions.visible_follow_ups(user).select_related(
        "deal", "assignee", "created_by").filter(pk=follow_up_id).first()
    if follow_up is None:
        raise Http404("No such follow-up.")
    if user.pk not in (follow_up.assignee_id, follow_up.deal.owner_id):
        permissions.require_deal_editor(user, follow_up.deal_id)
    return actions.complete_follow_up(follow_up, by=user)
