"""Incumbents: what each delivers, how it counters, and the deals fought against it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from displace.core.errors import DisplaceError
from displace.web import permissions
from displace.web.competitors import actions
from displace.web.competitors.winloss import win_loss
from displace.web.formatting import error_text


@login_required
def competitor_list(request: HttpRequest) -> HttpResponse:
    """The team's incumbents, each with the record of the user's deals against it: met, open,
    won, lost, no decision, the win rate, how it countered, why we lost, what won."""
    competitors = list(permissions.visible_competitors(request.user).select_related("team")
                       .order_by("name"))
    records = win_loss(permissions.visible_deals(request.user), [c.pk for c in competitors],
                       _language())
    return render(request, "competitors/list.html",
                  {"rows": [(c, records[c.pk]) for c in competitors]})


@login_required
def competitor_page(request: HttpRequest, competitor_id: int) -> HttpResponse:
    """One incumbent's profile, the record of the user's deals against it, and those deals."""
    competitor = permissions.visible_competitor(request.user, competitor_id)
    scope = permissions.visible_deals(request.user)
    deals = scope.filter(incumbent=competitor).select_related("owner").defer(
        "core", "assessment").order_by("stage", "-last_activity")[:100]
    context = {"competitor": competitor, "deals": deals,
               "record": win_loss(scope, [competitor.pk], _language())[competitor.pk],
               "can_edit": permissions.is_admin(request.user)}
    return render(request, "competitors/competitor.html", context)


def _language() -> str:
    return (get_language() or "en")[:2]


@login_required
@require_POST
def edit_competitor(request: HttpRequest, competitor_id: int) -> HttpResponse:
    """Admins keep the profile: one line per capability delivered or counter-move seen."""
    permissions.require_admin(request.user)
    competitor = permissions.visible_competitor(request.user, competitor_id)
    try:
        actions.update_competitor(
            competitor,
            delivers=request.POST.get("delivers", "").splitlines(),
            counter_moves=request.POST.get("counter_moves", "").splitlines(),
            notes=request.POST.get("notes", ""),
        )
    except DisplaceError as exc:
        messages.error(request, error_text(exc))
    return HttpResponseRedirect(reverse("competitor", args=[competitor.pk]))
