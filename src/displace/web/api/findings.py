"""Findings of a conversation, and accepting one as a gap's evidence."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Router

from displace.web import permissions
from displace.web.api.auth import caller
from displace.web.api.schemas import ERRORS, AcceptIn, DealDetail, FindingOut, RecordId
from displace.web.conversations import actions
from displace.web.conversations.models import Finding
from displace.web.deals.models import Deal

router = Router(tags=["findings"])


@router.get("/conversations/{conversation_id}/findings",
            response={200: list[FindingOut], **ERRORS}, summary="The conversation's findings")
def list_findings(request: HttpRequest, conversation_id: RecordId) -> QuerySet[Finding]:
    """In the order of the transcript."""
    user = caller(request)
    if not permissions.visible_conversations(user).filter(pk=conversation_id).exists():
        raise Http404("No such conversation.")
    return Finding.objects.filter(conversation_id=conversation_id)


@router.post("/findings/{finding_id}/accept", response={200: DealDetail, **ERRORS},
             summary="Accept a finding as a gap's evidence")
def accept_finding(request: HttpRequest, finding_id: RecordId, body: AcceptIn) -> Deal:
    """The prospect's words (a stated gap or a cue) become the evidence of a gap (a new one if
    no key): the whole sentence; owner only."""
    user = caller(request)
    finding = permissions.visible_findings(user).select_related("conversation__deal").filter(
        pk=finding_id).first()
    if finding is None:
        raise Http404("No such finding.")
    permissions.require_deal_editor(user, finding.conversation.deal_id)
    deal = actions.accept_finding_as_evidence(finding, by=user, gap_key=body.gap,
                                              title=body.title, said_by=body.said_by)
    return permissions.visible_deal(user, deal.pk)
