"""Upload or paste a conversation; follow its analysis; read it with findings highlighted; set
roles; accept evidence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from displace.core.errors import DisplaceError
from displace.core.model import ROLES
from displace.web import permissions
from displace.web.conversations import actions
from displace.web.conversations.models import Conversation
from displace.web.conversations.presenting import turn_views
from displace.web.requests import is_htmx, signed_in


@login_required
def upload(request: HttpRequest, deal_id: int) -> HttpResponse:
    """The upload/paste form; a refused transcript stores nothing and says why."""
    deal = permissions.require_deal_editor(request.user, deal_id)
    if request.method == "POST":
        file = request.FILES.get("transcript")
        pasted = request.POST.get("text", "")
        content = file.read() if file else pasted.encode("utf-8")
        name = file.name if file else ""
        try:
            recorded = actions.record_upload(
                deal, actions.Upload(name or "", content), by=signed_in(request),
                title=request.POST.get("title", ""),
            )
        except DisplaceError as exc:
            messages.error(request, str(exc))
            return render(request, "conversations/upload.html", {"deal": deal}, status=400)
        if not recorded.created:
            messages.info(request, _("This transcript is already on the deal, as “%(title)s”; "
                                     "it was not stored again.")
                          % {"title": recorded.conversation.title})
        return HttpResponseRedirect(reverse("conversation", args=[recorded.conversation.pk]))
    return render(request, "conversations/upload.html", {"deal": deal})


@login_required
def conversation_page(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """The transcript with findings highlighted and explained, and the scorecard."""
    conversation = _visible(request, conversation_id)
    findings = list(conversation.findings.all())
    deal = conversation.deal
    context = {
        "conversation": conversation,
        "deal": deal,
        "turns": turn_views(conversation.turns, findings),
        "findings": findings,
        "roles": ROLES,
        "unsure": {s for s, src in conversation.role_sources.items()
                   if src not in ("table", "hint", "person", "label", "format")},
        "can_edit": permissions.can_edit_deal(request.user, deal),
        "can_teach": deal.team_id is not None,  # examples belong to the deal's team
        "stalled": not conversation.analysed and actions.can_retry(conversation),
        "gaps": list(deal.gaps.all()),
    }
    return render(request, "conversations/conversation.html", context)


@login_required
def analysis_state(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """The analysis's state, polled by the page (HTMX) until done, then the whole page again."""
    conversation = _visible(request, conversation_id)
    if not is_htmx(request):
        return HttpResponseRedirect(reverse("conversation", args=[conversation.pk]))
    if conversation.analysed:
        return HttpResponseClientRefresh()
    context = {"conversation": conversation,
               "can_edit": permissions.can_edit_deal(request.user, conversation.deal),
               "stalled": actions.can_retry(conversation)}
    return render(request, "conversations/conversation.html#analysis-state", context)


@login_required
@require_POST
def retry(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """Queue a failed or stalled analysis again."""
    conversation = _visible(request, conversation_id)
    permissions.require_deal_editor(request.user, conversation.deal_id)
    try:
        actions.retry_analysis(conversation, by=signed_in(request))
    except DisplaceError as exc:
        messages.error(request, str(exc))
    return HttpResponseRedirect(reverse("conversation", args=[conversation.pk]))


@login_required
@require_POST
def set_roles(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """Re-read the conversation with the speakers' roles a person picked."""
    conversation = _visible(request, conversation_id)
    permissions.require_deal_editor(request.user, conversation.deal_id)
    roles = {s: request.POST[f"role-{i}"] for i, s in enumerate(conversation.speakers)
             if request.POST.get(f"role-{i}")}
    try:
        actions.set_speaker_roles(conversation, roles, by=signed_in(request))
    except DisplaceError as exc:
        messages.error(request, str(exc))
    return HttpResponseRedirect(reverse("conversation", args=[conversation.pk]))


@login_required
@require_POST
def accept_finding(request: HttpRequest, finding_id: int) -> HttpResponse:
    """Use what the prospect said as a gap's evidence."""
    finding = permissions.visible_findings(request.user).select_related(
        "conversation__deal").filter(pk=finding_id).first()
    if finding is None:
        raise Http404("No such finding.")
    permissions.require_deal_editor(request.user, finding.conversation.deal_id)
    try:
        actions.accept_finding_as_evidence(finding, by=signed_in(request),
                                           gap_key=request.POST.get("gap", ""))
    except DisplaceError as exc:
        messages.error(request, str(exc))
    return HttpResponseRedirect(reverse("deal", args=[finding.conversation.deal_id]))


def _visible(request: HttpRequest, conversation_id: int) -> Conversation:
    conversation = permissions.visible_conversations(request.user).select_related(
        "deal").filter(pk=conversation_id).first()
    if conversation is None:
        raise Http404("No such conversation.")
    return conversation
