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
from displace.web.conversations.models import Finding
from displace.web.deals.models import OPEN_STAGES, Stage
from displace.web.deals.presenting import flags_of
from displace.web.requests import is_htmx

PAGE_SIZE = 50
# Coaching hot-spots read the team's latest conversations: recent habits are what to coach, and
# counting every finding ever made grows without bound (seconds at 100,000 conversations).
HOT_SPOT_CONVERSATIONS = 2_000
# Lists show columns only; the deal's documents stay unread (sorting wide rows is what costs).
HEAVY = ("core", "assessment", "incumbent__delivers", "incumbent__counter_moves",
         "incumbent__notes")


@login_required
def pipeline(request: HttpRequest) -> HttpResponse:
    """Deals by stage with incumbent, evidence-based probability, confidence and flags."""
    scope = permissions.visible_deals(request.user)
    counts = dict(scope.values_list("stage").annotate(n=Count("id")).values_list("stage", "n"))
    stage = request.GET.get("stage", "")
    deals = scope.filter(stage=stage) if stage in Stage.values else scope.filter(
        stage__in=OPEN_STAGES)
    deals = (deals.select_related("incumbent", "owner").defer(*HEAVY)
             .order_by("stage", "-last_activity", "id"))
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
                  .select_related("incumbent", "owner").defer(*HEAVY)[:PAGE_SIZE])
    latest = permissions.visible_conversations(request.user).order_by("-id").values("id")
    # Risk counted in the aggregate, not filtered in WHERE: that steers the planner to the
    # conversation index rather than scanning every risk finding ever recorded.
    hot_spots = (Finding.objects.filter(conversation_id__in=latest[:HOT_SPOT_CONVERSATIONS])
                 .values("conversation__deal__owner__username", "behaviour")
                 .annotate(n=Count("id", filter=Q(polarity="risk"))).filter(n__gt=0)
                 .order_by("conversation__deal__owner__username", "-n"))
    overdue = (permissions.visible_follow_ups(request.user)
               .filter(done=False, due__lt=timezone.localdate())
               .select_related("deal", "assignee").defer("deal__core", "deal__assessment")
               .order_by("due")[:PAGE_SIZE])
    flagged = [(d, flags_of(d)) for d in scope.filter(
        Q(stage=Stage.PROPOSAL, has_stated_gap=False) | Q(decision_maker="")
    ).select_related("incumbent", "owner").defer(*HEAVY).order_by("-last_activity")[:PAGE_SIZE]]
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
