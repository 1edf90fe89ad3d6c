"""The pipeline (each person's scope) and the manager's view of the team."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, FloatField, Func, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from displace.web import permissions
from displace.web.accounts.models import Role
from displace.web.deals.models import OPEN_STAGES, Stage
from displace.web.deals.presenting import flags_of
from displace.web.requests import is_htmx

PAGE_SIZE = 50


@login_required
def pipeline(request: HttpRequest) -> HttpResponse:
    """Deals by stage with incumbent, evidence-based probability, confidence and flags."""
    scope = permissions.visible_deals(request.user)
    counts = dict(scope.values_list("stage").annotate(n=Count("id")).values_list("stage", "n"))
    stage = request.GET.get("stage", "")
    deals = scope.filter(stage=stage) if stage in Stage.values else scope.filter(
        stage__in=OPEN_STAGES)
    deals = deals.select_related("incumbent", "owner").order_by("stage", "-last_activity", "id")
    page = Paginator(deals, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(deal, flags_of(deal)) for deal in page.object_list]
    stages = [(s, label, counts.get(s, 0)) for s, label in Stage.choices]
    context = {"page": page, "rows": rows, "stages": stages, "stage": stage}
    template = "pipeline/pipeline.html#rows" if is_htmx(request) else "pipeline/pipeline.html"
    return render(request, template, context)


@login_required
def manager_view(request: HttpRequest) -> HttpResponse:
    """Rep confidence vs evidence, coaching hot-spots per rep, overdue follow-ups."""
    if permissions.role_of(request.user) not in (Role.MANAGER, Role.ADMIN):
        permissions.require_admin(request.user)
    scope = permissions.visible_deals(request.user).filter(stage__in=OPEN_STAGES)
    gap = Func(F("rep_confidence") - F("win_probability"), function="ABS",
               output_field=FloatField())
    mismatched = (scope.filter(rep_confidence__isnull=False, win_probability__isnull=False)
                  .annotate(gap=gap).order_by("-gap", "id")
                  .select_related("incumbent", "owner")[:PAGE_SIZE])
    hot_spots = (permissions.visible_findings(request.user).filter(polarity="risk")
                 .values("conversation__deal__owner__username", "behaviour")
                 .annotate(n=Count("id")).order_by("conversation__deal__owner__username", "-n"))
    overdue = (permissions.visible_follow_ups(request.user)
               .filter(done=False, due__lt=timezone.localdate())
               .select_related("deal", "assignee").order_by("due")[:PAGE_SIZE])
    flagged = [(d, flags_of(d)) for d in scope.filter(
        Q(stage=Stage.PROPOSAL, has_stated_gap=False) | Q(decision_maker="")
    ).select_related("incumbent", "owner").order_by("-last_activity")[:PAGE_SIZE]]
    context = {"mismatched": mismatched, "hot_spots": _by_rep(hot_spots),
               "overdue": overdue, "flagged": flagged}
    return render(request, "pipeline/manager.html", context)


def _by_rep(rows: object) -> list[tuple[str, list[tuple[str, int]]]]:
    grouped: dict[str, list[tuple[str, int]]] = {}
    for row in rows:  # type: ignore[attr-defined]
        rep = row["conversation__deal__owner__username"]
        grouped.setdefault(rep, [])
        if len(grouped[rep]) < 5:
            grouped[rep].append((row["behaviour"], row["n"]))
    return sorted(grouped.items())
