"""GET /api/deals/{id}/assessment: the cached assessment of a deal in the caller's scope."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from displace.web import permissions
from displace.web.api.auth import caller
from displace.web.api.schemas import AssessmentOut, Error, RecordId

router = Router(tags=["assessments"])


@router.get("/deals/{deal_id}/assessment",
            response={200: AssessmentOut, 401: Error, 404: Error}, summary="A deal's assessment")
def get_assessment(request: HttpRequest, deal_id: RecordId) -> AssessmentOut:
    """Win probability, whether the proposal is ready, and the full assessment (risks, why)."""
    deal = permissions.visible_deal(caller(request), deal_id)
    return AssessmentOut(deal_id=deal.pk, win_probability=deal.win_probability,
                         ready=deal.ready, assessment=deal.assessment)
