"""Conversations of a deal: list, paste or upload (the page's own action), read with turns,
retry a failed analysis. An upload answers at once (201) with its analysis queued; the same
transcript again answers 200 with the conversation already stored."""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from displace.web import permissions
from displace.web.api.auth import caller
from displace.web.api.errors import require_within_limit
from displace.web.api.schemas import ERRORS as COMMON_ERRORS
from displace.web.api.schemas import (
    ConversationDetail,
    ConversationIn,
    ConversationOut,
    Error,
    RecordId,
)
from displace.web.conversations import actions
from displace.web.conversations.models import Conversation, Finding

router = Router(tags=["conversations"])
ERRORS = {**COMMON_ERRORS, 413: Error}  # uploads may be too large


@router.get("/deals/{deal_id}/conversations", response={200: list[ConversationOut], **ERRORS},
            summary="The deal's conversations")
def list_conversations(
    request: HttpRequest, deal_id: RecordId
) -> QuerySet[Conversation]:
    """Newest first, without their turns."""
    deal = permissions.visible_deal(caller(request), deal_id)
    return _counted(Conversation.objects.filter(deal=deal)).defer("turns")


@router.post("/deals/{deal_id}/conversations",
             response={200: ConversationDetail, 201: ConversationDetail, **ERRORS},
             summary="Paste a conversation")
def paste_conversation(
    request: HttpRequest, deal_id: RecordId, body: ConversationIn
) -> Status[Conversation]:
    """Store a pasted transcript and queue its analysis (201); owner only. The same
    transcript again: 200 with the conversation already stored."""
    upload = actions.Upload(body.name, body.text.encode("utf-8"))
    return _record(request, deal_id, upload, body.title, dict(body.roles))


@router.post("/deals/{deal_id}/conversations/upload",
             response={200: ConversationDetail, 201: ConversationDetail, **ERRORS},
             summary="Upload a transcript file")
def upload_conversation(
    request: HttpRequest, deal_id: RecordId, transcript: File[UploadedFile],
    title: Form[str] = "",
) -> Status[Conversation]:
    """A .txt, .vtt, .srt or .json file, as multipart/form-data; owner only. 201 with the
    analysis queued; 200 when the deal has the same transcript already."""
    upload = actions.Upload(transcript.name or "", transcript.read())
    return _record(request, deal_id, upload, title, {})


@router.post("/conversations/{conversation_id}/retry",
             response={202: ConversationDetail, **ERRORS},
             summary="Retry a failed or stalled analysis")
def retry_analysis(request: HttpRequest, conversation_id: RecordId) -> Status[Conversation]:
    """Queue the coach's analysis again after it failed or its job stalled (400 otherwise);
    owner only."""
    user = caller(request)
    found = permissions.visible_conversations(user).filter(pk=conversation_id).first()
    if found is None:
        raise Http404("No such conversation.")
    permissions.require_deal_editor(user, found.deal_id)
    actions.retry_analysis(found, by=user)
    return Status(202, _counted(Conversation.objects.filter(pk=found.pk)).get())


@router.get("/conversations/{conversation_id}", response={200: ConversationDetail, **ERRORS},
            summary="One conversation with its turns")
def get_conversation(request: HttpRequest, conversation_id: RecordId) -> Conversation:
    """Turns, speakers and their roles, metrics and warnings."""
    found = _counted(permissions.visible_conversations(caller(request))).filter(
        pk=conversation_id).first()
    if found is None:
        raise Http404("No such conversation.")
    return found


def _record(request: HttpRequest, deal_id: int, upload: actions.Upload, title: str,
            roles: dict[str, str]) -> Status[Conversation]:
    user = caller(request)
    deal = permissions.require_deal_editor(user, deal_id)
    require_within_limit(len(upload.content))
    recorded = actions.record_upload(deal, upload, by=user, title=title, roles=roles or None)
    stored = _counted(Conversation.objects.filter(pk=recorded.conversation.pk)).get()
    return Status(201 if recorded.created else 200, stored)


def _counted(conversations: QuerySet[Conversation]) -> QuerySet[Conversation]:
    # A subquery, not Count() over a join: grouping by every column would carry the whole
    # transcript through the GROUP BY once per finding (4-7 GB for one 300 KB call).
    per_conversation = (Finding.objects.filter(conversation=OuterRef("pk")).order_by()
                        .values("conversation").annotate(n=Count("id")).values("n"))
    return (conversations.select_related("uploaded_by").defer("source_text")
            .annotate(finding_count=Coalesce(Subquery(per_conversation), 0)))
