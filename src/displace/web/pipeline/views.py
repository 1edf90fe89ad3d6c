"""The pipeline (each person's scope) and the manager's view of the team."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from displace.web import permissions
from displace.web.deals.models import OPEN_STAGES, Deal, Stage
from displace.web.deals.presenting import flags_of
from displace.web.followups.models import FollowUp
from displace.web.forecast.manager import manager_forecast
from displace.web.permissions import AnyUser
from displace.web.pipeline.board import board_columns
from displace.web.pipeline.hot_spots import HOT_SPOT_SECONDS, HOT_SPOTS
from displace.web.pipeline.listing import (
    FLAGS,
    HEAVY,
    SORTS,
    Listing,
    filtered,
    ordered,
    parse_listing,
)
from displace.web.pipeline.team_charts import team_charts
from displace.web.pipeline.totals import StageTotal, stage_totals, sum_by_currency
from displace.web.requests import is_htmx

PAGE_SIZE = 50


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
    hot_spots = HOT_SPOTS.read(request.user.pk or 0)
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
               **manager_forecast(request.user, language=get_language() or "en")}
    return render(request, "pipeline/manager.html", context)


def _rows(ordered: QuerySet[Deal]) -> list[Deal]:
    """The first page of `ordered`, in its order: the ids first, from an index alone, then
    those rows only (sorting whole rows means reading every deal's documents)."""
    ids = list(ordered.values_list("id", flat=True)[:PAGE_SIZE])
    found = (Deal.objects.filter(pk__in=ids).select_related("incumbent", "owner")
             .defer(*HEAVY).order_by().in_bulk())
    return [found[pk] for pk in ids]
