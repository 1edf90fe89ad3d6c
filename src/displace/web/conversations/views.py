"""Upload or paste a conversation; follow its analysis; read it with findings highlighted; set
roles; accept evidence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from displace.core.errors import DisplaceError
from displace.core.model import ROLES
from displace.core.report.labels import labels_for
from displace.web import permissions
from displace.web.conversations import actions
from displace.web.conversations.charts import conversation_charts
from displace.web.conversations.formats import upload_formats
from displace.web.conversations.markup import Viewer, cards_html, transcript_html
from displace.web.conversations.models import Conversation
from displace.web.conversations.presenting import (
    card_index,
    choices,
    level_of,
    reading,
    warning_text,
)
from displace.web.formatting import error_text
from displace.web.requests import is_htmx, signed_in


@login_required
def upload(request: HttpRequest, deal_id: int) -> HttpResponse:
    """The upload/paste form; a refused transcript stores nothing and says why."""
    deal = permissions.require_deal_editor(request.user, deal_id)
    form = {"formats": upload_formats(), "title": "", "text": "", "format": ""}
    if request.method == "POST":
        file = request.FILES.get("transcript")
        pasted = request.POST.get("text", "")
        form.update(title=request.POST.get("title", ""), text=pasted,
                    format=request.POST.get("format", ""))
        content = file.read() if file else pasted.encode("utf-8")
        name = file.name if file else ""
        try:
            recorded = actions.record_upload(
                deal, actions.Upload(name or "", content, str(form["format"])),
                by=signed_in(request), title=str(form["title"]),
            )
        except DisplaceError as exc:
            messages.error(request, error_text(exc))  # the pasted text stays in the form
            return render(request, "conversations/upload.html", {"deal": deal, **form},
                          status=400)
        if not recorded.created:
            messages.info(request, _("This transcript is already on the deal, as “%(title)s”; "
                                     "it was not stored again.")
                          % {"title": recorded.conversation.title})
        return HttpResponseRedirect(reverse("conversation", args=[recorded.conversation.pk]))
    return render(request, "conversations/upload.html", {"deal": deal, **form})


@login_required
def conversation_page(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """The transcript beside its findings, one card per sentence, in the reader's language;
    `?severity=` and `?behaviour=` show some of them."""
    conversation = _visible(request, conversation_id)
    deal = conversation.deal
    findings = list(conversation.findings.all())
    lang = (translation.get_language() or "en")[:2]  # labels_for: English unless vi
    levels, behaviours = choices(findings, lang)
    severity = _picked(request, "severity", [c.value for c in levels], _("severity"))
    behaviour = _picked(request, "behaviour", [c.value for c in behaviours], _("behaviour"))
    shown = [f for f in findings if (not severity or level_of(f) == severity)
             and (not behaviour or f.behaviour == behaviour)]
    can_edit = permissions.can_edit_deal(request.user, deal)
    contacts = [str(c["name"]) for c in deal.core["prospect"].get("contacts", [])]
    read = reading(conversation.turns, shown, lang, contacts=contacts if can_edit else None)
    viewer = Viewer(conversation.pk, lang, get_token(request),
                    can_teach=deal.team_id is not None,  # examples belong to the deal's team
                    gaps=list(deal.gaps.all()) if can_edit else [])
    context = {
        "conversation": conversation,
        "warnings": [warning_text(w, lang) for w in conversation.warnings],
        "deal": deal,
        # Strings and counts, not the findings and the page's reading: the template's context
        # is a reference cycle (Django's), and whatever it holds waits for a full garbage
        # collection — thousands of objects a page, tens of ms on every few long calls read.
        "charts": conversation_charts(conversation, findings) if conversation.analysed else [],
        "transcript_html": transcript_html(read.turns, viewer),
        "cards_html": cards_html(read.cards, viewer),
        "has_cards": bool(read.cards),
        "finding_count": len(findings),
        "shown": len(shown),
        "levels": levels,
        "behaviours": behaviours,
        "severity": severity,
        "behaviour": behaviour,
        "language_name": labels_for(lang).language(conversation.language),
        "roles": ROLES,
        "unsure": {s for s, src in conversation.role_sources.items()
                   if src not in ("table", "hint", "person", "label", "format")},
        "can_edit": can_edit,
        "stalled": not conversation.analysed and actions.can_retry(conversation),
        "contacts": contacts,
    }
    return render(request, "conversations/conversation.html", context)


def _picked(request: HttpRequest, name: str, offered: list[str], field: str) -> str:
    """A filter's value from the query, or "" (all) with a message when it is not one offered."""
    value = request.GET.get(name, "").strip()
    if value and value not in offered:
        messages.warning(request, _("%(field)s: “%(value)s” is not among this conversation's "
                                    "findings; showing them all.")
                         % {"field": field, "value": value[:80]})
        return ""
    return value


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
        messages.error(request, error_text(exc))
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
        messages.error(request, error_text(exc))
    return HttpResponseRedirect(reverse("conversation", args=[conversation.pk]))


@login_required
@require_POST
def accept_finding(request: HttpRequest, finding_id: int) -> HttpResponse:
    """Use what the prospect said as a gap's evidence, under the title and name the rep gave;
    back to the card with the reason when it cannot be."""
    finding = permissions.visible_findings(request.user).select_related(
        "conversation__deal").filter(pk=finding_id).first()
    if finding is None:
        raise Http404("No such finding.")
    permissions.require_deal_editor(request.user, finding.conversation.deal_id)
    try:
        deal = actions.accept_finding_as_evidence(
            finding, by=signed_in(request), gap_key=request.POST.get("gap", "").strip(),
            title=request.POST.get("title", ""), said_by=request.POST.get("said_by", ""))
    except DisplaceError as exc:
        messages.error(request, error_text(exc))
        return HttpResponseRedirect(reverse("conversation", args=[finding.conversation_id])
                                    + f"#f-{card_index(finding.conversation.turns, finding)}")
    gap = deal.gaps.filter(source_finding=finding).order_by("-pk").first()
    messages.success(request, _("Added to the deal as a gap stated by the prospect."))
    return HttpResponseRedirect(reverse("deal", args=[deal.pk])
                                + (f"#gap-{gap.key}" if gap else ""))


def _visible(request: HttpRequest, conversation_id: int) -> Conversation:
    conversation = permissions.visible_conversations(request.user).select_related(
        "deal").filter(pk=conversation_id).first()
    if conversation is None:
        raise Http404("No such conversation.")
    return conversation
