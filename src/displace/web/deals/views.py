"""The deal page and its in-place edits (HTMX fragments or plain POST + redirect)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from displace.core.deal.dealfile import deal_from_dict as core_deal_from_dict
from displace.core.deal.dealfile import deal_to_toml, parse_deal
from displace.core.errors import DisplaceError
from displace.web import permissions
from displace.web.bounds import BoundsError, checked_amount, checked_confidence, parsed_date
from displace.web.deals import actions
from displace.web.deals.assessing import in_language
from displace.web.deals.closing import closing_context
from displace.web.deals.history import HISTORY_LIMIT, history_entries
from displace.web.deals.models import OPEN_STAGES, Deal
from displace.web.deals.presenting import assessment_view, flags_of
from displace.web.formatting import error_text
from displace.web.requests import is_htmx, signed_in

GAP_FIELDS = ("summary", "stated_by", "quote", "impact", "owner")


@login_required
def deal_page(request: HttpRequest, deal_id: int) -> HttpResponse:
    """Us, the prospect and the incumbent side by side, with the assessment."""
    deal = permissions.visible_deal(request.user, deal_id)
    return render(request, "deals/deal.html", _context(request, deal))


@login_required
@require_POST
def edit_gap(request: HttpRequest, deal_id: int, key: str) -> HttpResponse:
    """Change a gap's wording or evidence; history keeps the previous value."""
    deal = permissions.require_deal_editor(request.user, deal_id)
    changes = {f: request.POST[f].strip() for f in GAP_FIELDS if f in request.POST}
    user = signed_in(request)
    return _apply(request, deal, lambda: actions.update_gap(deal, key, changes, by=user))


@login_required
@require_POST
def add_gap(request: HttpRequest, deal_id: int) -> HttpResponse:
    """Add a gap the rep assumes."""
    deal = permissions.require_deal_editor(request.user, deal_id)
    summary = request.POST.get("summary", "").strip()
    return _apply(request, deal, lambda: actions.add_gap(deal, summary, by=signed_in(request)))


@login_required
@require_POST
def edit_deal(request: HttpRequest, deal_id: int) -> HttpResponse:
    """Change stage, value, currency, expected close or the rep's confidence; back to the
    deal, or to the local page in `next` (the pipeline board moves cards with this form)."""
    deal = permissions.require_deal_editor(request.user, deal_id)
    back = _local(request.POST.get("next", ""))
    try:
        fields = _deal_fields(request)
    except DisplaceError as exc:
        messages.error(request, error_text(exc))
        return HttpResponseRedirect(back or _url(deal))
    return _apply(request, deal, lambda: actions.update_deal(deal, by=signed_in(request), **fields),
                  back=back)


@login_required
@require_POST
def edit_decision(request: HttpRequest, deal_id: int) -> HttpResponse:
    """Record who can change supplier and whether they said they are willing to."""
    deal = permissions.require_deal_editor(request.user, deal_id)
    changes: dict[str, object] = {k: request.POST.get(k, "").strip()
                                  for k in ("maker", "willing", "quote")}
    # A checkbox: absent when unticked, which clears it.
    changes["counter_rehearsed"] = bool(request.POST.get("counter_rehearsed")) or ""

    def act() -> Deal:
        if changes["maker"]:
            actions.add_contact(deal, str(changes["maker"]), by=signed_in(request),
                                decision_role="decision-maker")
        return actions.update_decision(deal, changes, by=signed_in(request))

    return _apply(request, deal, act)


@login_required
@require_POST
def comment(request: HttpRequest, deal_id: int) -> HttpResponse:
    """Anyone who sees the deal may comment; the evidence stays as the rep left it."""
    deal = permissions.visible_deal(request.user, deal_id)
    if request.POST.get("text", "").strip():
        try:
            actions.add_comment(deal, request.POST["text"], by=signed_in(request))
        except DisplaceError as exc:
            messages.error(request, error_text(exc))
    return HttpResponseRedirect(_url(deal) + "#comments")


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Import a deal file (TOML) as a deal of one's own."""
    if request.method == "POST":
        upload = request.FILES.get("deal")
        name = (upload.name if upload else None) or "<form>"
        try:
            text = upload.read().decode("utf-8") if upload else ""
            core = parse_deal(text, source=name)
            deal = actions.import_deal(core, owner=signed_in(request))
        except UnicodeDecodeError:
            messages.error(request, _("%(name)s: cannot be read as UTF-8 text; save the deal "
                                      "file as UTF-8 and import it again.") % {"name": name})
        except DisplaceError as exc:
            messages.error(request, error_text(exc))
        else:
            return HttpResponseRedirect(_url(deal))
    return render(request, "deals/import.html", {})


@login_required
def export(request: HttpRequest, deal_id: int) -> HttpResponse:
    """The deal as a deal file, to keep or to assess from the command line."""
    deal = permissions.visible_deal(request.user, deal_id)
    text = deal_to_toml(core_deal_from_dict(deal.core))
    response = HttpResponse(text, content_type="application/toml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="deal-{deal.pk}.toml"'
    return response


def _apply(request: HttpRequest, deal: Deal, act: Callable[[], Deal], *,
           back: str = "") -> HttpResponse:
    try:
        deal = act()
    except DisplaceError as exc:
        messages.error(request, error_text(exc))
    if is_htmx(request):
        return render(request, "deals/deal.html#workspace", _context(request, deal))
    return HttpResponseRedirect(back or _url(deal))


def _local(target: str) -> str:
    """`target` when it is a path on this site, else nothing (never a redirect elsewhere)."""
    safe = target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None)
    return target if safe else ""


def _deal_fields(request: HttpRequest) -> dict[str, object]:
    post = request.POST
    fields: dict[str, object] = {}
    if post.get("stage"):
        fields["stage"] = post["stage"]
    if post.get("currency") in ("VND", "USD"):
        fields["currency"] = post["currency"]
    if post.get("value", "").strip():
        fields["value"] = checked_amount(post["value"], _("value"))
    if "expected_close" in post:
        fields["expected_close"] = _date(post["expected_close"])
    if post.get("rep_confidence", "").strip():
        fields["rep_confidence"] = checked_confidence(_share(post["rep_confidence"]),
                                                      _("rep's confidence"))
    return fields


def _share(percent: str) -> float:
    try:
        return float(percent.strip().rstrip("%")) / 100
    except ValueError:
        return math.nan


def _date(text: str) -> date | None:
    if not text.strip():
        return None
    found = parsed_date(text)
    if found is None:
        raise BoundsError(_("expected close: expected a date such as 2026-12-31."))
    return found


def _url(deal: Deal) -> str:
    return reverse("deal", args=[deal.pk])


def workspace_context(request: HttpRequest, deal: Deal) -> dict[str, object]:
    """What the deal page and its workspace fragment show (the section forms answer with it)."""
    return _context(request, deal)


def _context(request: HttpRequest, deal: Deal) -> dict[str, object]:
    # Each row's person comes with it: the history names them without a query per entry.
    conversations = list(deal.conversations.select_related("uploaded_by").only(
        "id", "title", "created_at", "language", "deal_id", "analysis_state", "uploaded_by",
        "uploaded_by__username", "uploaded_by__first_name", "uploaded_by__last_name"))
    follow_ups = list(deal.follow_ups.select_related("assignee", "created_by", "done_by"))
    comments = list(deal.comments.select_related("author"))
    return {
        "deal": deal,
        "core": deal.core,
        "flags": flags_of(deal),
        "assessment": assessment_view(in_language(deal.assessment, translation.get_language())),
        "can_edit": permissions.can_edit_deal(request.user, deal),
        "gaps": list(deal.gaps.all()),
        "offer_items": list(deal.offer_items.all()),
        "conversations": conversations,
        "follow_ups": follow_ups,
        "comments": comments,
        "history": history_entries(
            deal, changes=deal.changes.select_related("by")[:HISTORY_LIMIT],
            comments=comments, conversations=conversations, follow_ups=follow_ups),
        # A deal closes and reopens with its own forms (deals.closing), never by the stage menu.
        "stages": [(s.value, s.label) for s in OPEN_STAGES],
        **closing_context(request.user, deal),
    }
