"""The pipeline (each person's scope) and the manager's view of the team."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from displace.web import permissions
from displace.web.charts.pipeline import RepWeeks
from displace.web.conversations.models import AnalysisState, Finding
from displace.web.deals.models import OPEN_STAGES, Deal, Stage
from displace.web.deals.presenting import flags_of
from displace.web.followups.models import FollowUp
from displace.web.forecast.manager import manager_forecast
from displace.web.permissions import AnyUser
from displace.web.pipeline.board import board_columns
from displace.web.pipeline.listing import (
    FLAGS,
    HEAVY,
    SORTS,
    Listing,
    filtered,
    ordered,
    parse_listing,
)
from displace.web.pipeline.team_charts import hot_spot_weeks, team_charts, weekly_hot_spots
from displace.web.pipeline.totals import StageTotal, stage_totals, sum_by_currency
from displace.web.requests import is_htmx

PAGE_SIZE = 50
# Coaching hot-spots read the team's latest conversations: recent habits are what to coach, and
# counting every finding ever made grows without bound (seconds at 100,000 conversations).
HOT_SPOT_CONVERSATIONS = 2_000
# ... and are kept that long per person (in each server process): habits do not change by the
# minute, and counting them is most of the manager view's time.
HOT_SPOT_SECONDS = 60


@login_required
def pipeline(request: HttpRequest) -> HttpResponse:
    """The deals asked for (search, filters) with per-stage totals: as a list, sorted and a
    page at a time, or as a board of open stages (`?view=board`)."""
    scope = permissions.visible_deals(request.user)
    listing = parse_listing(request.GET)
    deals = filtered(scope, listing)
    totals = stage_totals(deals)
    shown = (_board(request, deals, listing, totals) if listing.view == "board"
             else _list(request, deals, listing, totals))
    context = {"listing": listing, "totals": totals, "totals_all": sum_by_currency(totals),
               "list_url": "?" + listing.query_string(view=""),
               "board_url": "?" + listing.query_string(view="board"),
               **shown, **_choices(request.user, scope, listing)}
    template = "pipeline/pipeline.html#results" if is_htmx(request) else "pipeline/pipeline.html"
    return render(request, template, context)


def _list(request: HttpRequest, deals: QuerySet[Deal], listing: Listing,
          totals: list[StageTotal]) -> dict[str, object]:
    """The list's page of `deals` in the asked order, and the links around it."""
    page = _CountedPaginator(ordered(deals, listing).values_list("id", flat=True), PAGE_SIZE,
                             count=sum(t.count for t in totals)).get_page(request.GET.get("page"))
    return {"page": page, "rows": _listed(list(page.object_list)),
            **_pages_around(listing, page)}


def _board(request: HttpRequest, deals: QuerySet[Deal], listing: Listing,
           totals: list[StageTotal]) -> dict[str, object]:
    """The board's columns, and where a card's move returns to (this very board)."""
    return {"columns": board_columns(deals, listing, totals),
            "move_choices": [(str(code), str(Stage(code).label)) for code in OPEN_STAGES],
            "back_url": request.get_full_path(),
            "closed_found": sum(t.count for t in totals if t.stage not in OPEN_STAGES)}


class _CountedPaginator(Paginator):  # type: ignore[type-arg]  # Paginator[int] rejects a queryset
    """A paginator told the count (the totals have it), so it does not count again."""

    def __init__(self, object_list: QuerySet[Deal, int], per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached property: fill it


def _listed(ids: list[int]) -> list[tuple[Deal, list[tuple[str, str]], FollowUp | None]]:
    """The page's deals in `ids` order, each with its flags and earliest open follow-up."""
    found = (Deal.objects.filter(pk__in=ids).select_related("incumbent", "owner")
             .defer(*HEAVY).order_by().in_bulk())
    next_steps: dict[int, FollowUp] = {}
    for step in (FollowUp.objects.filter(deal_id__in=ids, done=False)
                 .only("deal_id", "title", "due").order_by("-due", "-id")):
        next_steps[step.deal_id] = step  # the last one kept is the earliest due
    return [(found[pk], flags_of(found[pk]), next_steps.get(pk)) for pk in ids]


def _pages_around(listing: Listing, page: Page[int]) -> dict[str, object]:
    """The addresses of the neighbouring pages and, per column, of the list sorted by it."""
    links: dict[str, object] = {"previous_url": "", "next_url": ""}
    if page.has_previous():
        links["previous_url"] = "?" + listing.query_string(page=str(page.previous_page_number()))
    if page.has_next():
        links["next_url"] = "?" + listing.query_string(page=str(page.next_page_number()))
    flip = {key: ("-" + key if listing.sort == key and not listing.descending else key)
            for key in SORTS}
    links["sort_urls"] = {key: "?" + listing.query_string(sort=value)
                          for key, value in flip.items()}
    return links


def _choices(user: AnyUser, scope: QuerySet[Deal], listing: Listing) -> dict[str, object]:
    """What the filter form offers: the people, incumbents and industries in the person's
    scope, the stages in funnel order, the flags and the sorts."""
    reps = (User.objects.filter(pk__in=scope.order_by().values("owner_id"))
            .order_by("username").values_list("id", "username"))
    incumbents = (permissions.visible_competitors(user).order_by("name")
                  .values_list("id", "name"))
    industries = (scope.order_by("industry").values_list("industry", flat=True).distinct())
    return {"reps": list(reps), "incumbents": list(incumbents),
            "industries": [i for i in industries if i],
            "stage_choices": Stage.choices, "flag_choices": list(FLAGS.items()),
            "sort_choices": [(key, label) for key, (_, label) in SORTS.items()]}


@login_required
def manager_view(request: HttpRequest) -> HttpResponse:
    """Rep confidence vs evidence, coaching hot-spots per rep, overdue follow-ups."""
    permissions.require_manager(request.user,
                                _("Only a manager or an admin can open the manager view."))
    scope = permissions.visible_deals(request.user).filter(stage__in=OPEN_STAGES)
    hot_spots = _hot_spots(request.user)
    overdue_ids = list(permissions.visible_follow_ups(request.user)
                       .filter(done=False, due__lt=timezone.localdate())
                       .order_by("due", "id").values_list("id", flat=True)[:PAGE_SIZE])
    overdue = (FollowUp.objects.filter(pk__in=overdue_ids).select_related("deal", "assignee")
               .defer("deal__core", "deal__assessment").order_by("due", "id"))
    flagged = [(d, flags_of(d)) for d in _rows(scope.filter(
        Q(stage=Stage.PROPOSAL, has_stated_gap=False) | Q(decision_maker="")
    ).order_by("-last_activity", "id"))]
    context = {"hot_spots": hot_spots.top, "hot_spot_seconds": HOT_SPOT_SECONDS,
               "overdue": overdue, "flagged": flagged,
               **team_charts(scope, hot_spots.weekly, language=get_language() or "en"),
               **manager_forecast(request.user, scope, language=get_language() or "en")}
    return render(request, "pipeline/manager.html", context)


def _rows(ordered: QuerySet[Deal]) -> list[Deal]:
    """The first page of `ordered`, in its order: the ids first, from an index alone, then
    those rows only (sorting whole rows means reading every deal's documents)."""
    ids = list(ordered.values_list("id", flat=True)[:PAGE_SIZE])
    found = (Deal.objects.filter(pk__in=ids).select_related("incumbent", "owner")
             .defer(*HEAVY).order_by().in_bulk())
    return [found[pk] for pk in ids]


@dataclass(frozen=True)
class HotSpots:
    """Each rep's five most frequent risks in the team's latest calls, and per week."""

    top: list[tuple[str, list[tuple[str, int]]]]
    weekly: list[RepWeeks]


def _hot_spots(user: AnyUser) -> HotSpots:
    """Each rep's five most frequent risks in the team's latest conversations, and the same
    week by week, as counted at most HOT_SPOT_SECONDS ago."""
    key = f"displace:hot-spots:2:{user.pk}"
    counted: HotSpots | None = cache.get(key)
    if counted is None:
        counted = _count_hot_spots(user)
        cache.set(key, counted, HOT_SPOT_SECONDS)
    return counted


def _count_hot_spots(user: AnyUser) -> HotSpots:
    """Each rep's five most frequent risks in the team's latest conversations, and per week.

    The calls come from the team's index on conversations, each put in its week by the
    database, with their deal's owner; their risks are counted from the findings' index and put
    together here (joining each finding to its conversation and deal would read those rows,
    whose transcripts and documents come before the columns wanted: SQLite then walks their
    overflow pages, per finding)."""
    newest = permissions.visible_conversations(user).order_by("-id")
    weeks, week = hot_spot_weeks()
    rows = list(newest.annotate(week=week).values_list(
        "id", "deal_id", "deal__owner_id", "week", "analysis_state")[:HOT_SPOT_CONVERSATIONS])
    calls = {pk: (deal_id, n, state == AnalysisState.DONE)
             for pk, deal_id, _, n, state in rows}
    owner_of = {deal_id: owner for _, deal_id, owner, _, _ in rows}
    # The same calls again as a subquery: cheaper than sending two thousand ids back.
    counts = [row for row in Finding.objects.filter(
        conversation_id__in=newest.values("id")[:HOT_SPOT_CONVERSATIONS], polarity="risk")
        .values_list("conversation_id", "behaviour").annotate(n=Count("id")).order_by()
        if row[0] in calls]  # a call stored in between is left to the next count
    names = dict(User.objects.filter(pk__in=set(owner_of.values()))
                 .values_list("id", "username"))
    by_rep: dict[str, Counter[str]] = defaultdict(Counter)
    for conversation_id, behaviour, n in counts:
        by_rep[names[owner_of[calls[conversation_id][0]]]][behaviour] += n
    top = [(rep, sorted(risks.items(), key=lambda item: (-item[1], item[0]))[:5])
           for rep, risks in sorted(by_rep.items())]
    rep_of_deal = {deal_id: names[owner_id] for deal_id, owner_id in owner_of.items()}
    return HotSpots(top, weekly_hot_spots(weeks, calls, counts, rep_of_deal))
