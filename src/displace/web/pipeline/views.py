"""The pipeline (each person's scope) and the manager's view of the team."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, F, FloatField, Func, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from displace.web import permissions
from displace.web.accounts.models import Role
from displace.web.conversations.models import Finding
from displace.web.deals.models import OPEN_STAGES, Deal, Stage
from displace.web.deals.presenting import flags_of
from displace.web.followups.models import FollowUp
from displace.web.permissions import AnyUser
from displace.web.requests import is_htmx

PAGE_SIZE = 50
# Coaching hot-spots read the team's latest conversations: recent habits are what to coach, and
# counting every finding ever made grows without bound (seconds at 100,000 conversations).
HOT_SPOT_CONVERSATIONS = 2_000
# ... and are kept that long per person (in each server process): habits do not change by the
# minute, and counting them is most of the manager view's time.
HOT_SPOT_SECONDS = 60
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
    mismatched = _rows(scope.filter(rep_confidence__isnull=False, win_probability__isnull=False)
                       .annotate(gap=gap).order_by("-gap", "id"))
    overdue_ids = list(permissions.visible_follow_ups(request.user)
                       .filter(done=False, due__lt=timezone.localdate())
                       .order_by("due", "id").values_list("id", flat=True)[:PAGE_SIZE])
    overdue = (FollowUp.objects.filter(pk__in=overdue_ids).select_related("deal", "assignee")
               .defer("deal__core", "deal__assessment").order_by("due", "id"))
    flagged = [(d, flags_of(d)) for d in _rows(scope.filter(
        Q(stage=Stage.PROPOSAL, has_stated_gap=False) | Q(decision_maker="")
    ).order_by("-last_activity", "id"))]
    context = {"mismatched": mismatched, "hot_spots": _hot_spots(request.user),
               "overdue": overdue, "flagged": flagged}
    return render(request, "pipeline/manager.html", context)


def _rows(ordered: QuerySet[Deal]) -> list[Deal]:
    """The first page of `ordered`, in its order: the ids first, from an index alone, then
    those rows only (sorting whole rows means reading every deal's documents)."""
    ids = list(ordered.values_list("id", flat=True)[:PAGE_SIZE])
    found = (Deal.objects.filter(pk__in=ids).select_related("incumbent", "owner")
             .defer(*HEAVY).order_by().in_bulk())
    return [found[pk] for pk in ids]


def _hot_spots(user: AnyUser) -> list[tuple[str, list[tuple[str, int]]]]:
    """Each rep's five most frequent risks in the team's latest conversations, as counted at
    most HOT_SPOT_SECONDS ago."""
    key = f"displace:hot-spots:{user.pk}"
    counted: list[tuple[str, list[tuple[str, int]]]] | None = cache.get(key)
    if counted is None:
        counted = _count_hot_spots(user)
        cache.set(key, counted, HOT_SPOT_SECONDS)
    return counted


def _count_hot_spots(user: AnyUser) -> list[tuple[str, list[tuple[str, int]]]]:
    """Each rep's five most frequent risks in the team's latest conversations.

    Counted from indexes alone, and put together here: joining each finding to its
    conversation and deal would read those rows, whose transcripts and documents come before
    the columns wanted (SQLite then walks their overflow pages, per finding)."""
    latest = dict(permissions.visible_conversations(user).order_by("-id")
                  .values_list("id", "deal_id")[:HOT_SPOT_CONVERSATIONS])
    counts = (Finding.objects.filter(conversation_id__in=list(latest), polarity="risk")
              .values_list("conversation_id", "behaviour").annotate(n=Count("id"))
              .order_by())
    owner_of = dict(permissions.visible_deals(user).filter(pk__in=set(latest.values()))
                    .order_by().values_list("id", "owner_id"))
    names = dict(User.objects.filter(pk__in=set(owner_of.values()))
                 .values_list("id", "username"))
    by_rep: dict[str, Counter[str]] = defaultdict(Counter)
    for conversation_id, behaviour, n in counts:
        by_rep[names[owner_of[latest[conversation_id]]]][behaviour] += n
    return [(rep, sorted(risks.items(), key=lambda item: (-item[1], item[0]))[:5])
            for rep, risks in sorted(by_rep.items())]
