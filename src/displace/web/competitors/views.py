"""Incumbents: what each delivers, how it counters, and the deals fought against it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from displace.core.errors import DisplaceError
from displace.web import permissions
from displace.web.competitors import actions
from displace.web.deals.models import OPEN_STAGES, Stage


@login_required
def competitor_list(request: HttpRequest) -> HttpResponse:
    """The team's incumbents with the user's deals against each: open, won, lost."""
    scope = permissions.visible_deals(request.user)
    in_scope = Q(deals__in=scope)
    competitors = permissions.visible_competitors(request.user).select_related("team").annotate(
        open=Count("deals", filter=in_scope & Q(deals__stage__in=OPEN_STAGES)),
        won=Count("deals", filter=in_scope & Q(deals__stage=Stage.WON)),
        lost=Count("deals", filter=in_scope & Q(deals__stage=Stage.LOST)),
    ).order_by("name")
    return render(request, "competitors/list.html", {"competitors": competitors})


@login_required
def competitor_page(request: HttpRequest, competitor_id: int) -> HttpResponse:
    """One incumbent's profile and the deals against it that the user may see."""
    competitor = permissions.visible_competitor(request.user, competitor_id)
    deals = permissions.visible_deals(request.user).filter(incumbent=competitor).select_related(
        "owner").order_by("stage", "-last_activity")[:100]
    context = {"competitor": competitor, "deals": deals,
               "can_edit": permissions.is_admin(request.user)}
    return render(request, "competitors/competitor.html", context)


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
        messages.error(request, str(exc))
    return HttpResponseRedirect(reverse("competitor", args=[competitor.pk]))
