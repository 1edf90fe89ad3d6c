"""/api/deals/{id}/close and /reopen, /api/outcomes/reasons: a deal's end, through the actions."""

from __future__ import annotations

from typing import Literal

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Router, Schema

from displace.core.limits import limit
from displace.core.outcomes import COUNTER_MOVES, COUNTERED, LOST_TO, NOT_RECORDED, OUTCOMES
from displace.web import permissions
from displace.web.api.auth import caller
from displace.web.api.schemas import ERRORS, DealDetail, RecordId
from displace.web.deals import actions
from displace.web.deals.models import Deal
from displace.web.deals.outcomes import reasons_of

router = Router(tags=["outcomes"])

OutcomeName = Literal["won", "lost", "no_decision"]
OpenStageName = Literal["discovery", "gap", "vision", "commitment", "proposal"]


class CloseIn(Schema):
    outcome: OutcomeName
    reason: str = Field(min_length=1, max_length=80, description="A code of the team's reasons "
                        "for this outcome (GET /api/outcomes/reasons), or not-recorded.")
    note: str = Field(default="", max_length=limit("deal.long_text"))
    countered: Literal["yes", "no", "unknown"] | None = Field(
        default=None, description="For a loss only: whether the incumbent countered.")
    counter_move: Literal["matched_price", "improved_terms", "escalated_relationship",
                          "other"] | None = Field(default=None, description="For a loss only.")
    lost_to: Literal["incumbent", "other_competitor", "nobody"] | None = Field(
        default=None, description="For a loss only: who won the deal.")


class ReopenIn(Schema):
    stage: OpenStageName


class ReasonOut(Schema):
    outcome: str
    code: str
    en: str
    vi: str


class ReasonsOut(Schema):
    reasons: list[ReasonOut] = Field(description="Per outcome, in the order offered; "
                                                 f"{NOT_RECORDED} belongs to every outcome.")
    outcomes: list[str]
    countered: list[str]
    counter_moves: list[str]
    lost_to: list[str]


@router.post("/deals/{deal_id}/close", response={200: DealDetail, **ERRORS},
             summary="Close a deal as won, lost or no decision")
def close_deal(request: HttpRequest, deal_id: RecordId, body: CloseIn) -> Deal:
    """With a reason of the team's list; for a loss, whether and how the incumbent countered
    and who won. The deal's owner, a manager of its team or an admin; 400 names each wrong
    field."""
    user = caller(request)
    deal = permissions.require_deal_closer(user, deal_id)
    fields = body.model_dump(exclude={"outcome"}, exclude_none=True)
    with translation.override(_language(user)):
        actions.close_deal(deal, body.outcome, by=user, **fields)
    return permissions.visible_deal(user, deal_id)


@router.post("/deals/{deal_id}/reopen", response={200: DealDetail, **ERRORS},
             summary="Reopen a closed deal")
def reopen_deal(request: HttpRequest, deal_id: RecordId, body: ReopenIn) -> Deal:
    """Open it again at an open stage; its closing stays in `closings` and the history."""
    user = caller(request)
    deal = permissions.require_deal_closer(user, deal_id)
    with translation.override(_language(user)):
        actions.reopen_deal(deal, stage=body.stage, by=user)
    return permissions.visible_deal(user, deal_id)


@router.get("/outcomes/reasons", response={200: ReasonsOut, 401: ERRORS[401]},
            summary="The reasons a deal of your team closes with")
def list_reasons(request: HttpRequest) -> dict[str, object]:
    """Your team's list (its admin's, else the shipped one), and the loss's codes."""
    profile = permissions.profile_of(caller(request))
    listed = reasons_of(profile.team_id if profile else None)
    return {"reasons": list(listed.reasons), "outcomes": list(OUTCOMES),
            "countered": list(COUNTERED), "counter_moves": list(COUNTER_MOVES),
            "lost_to": list(LOST_TO)}


def _language(user: User) -> str:
    profile = permissions.profile_of(user)
    return profile.language if profile and profile.language else "en"
