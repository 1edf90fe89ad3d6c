"""The pipeline (each person's scope) and the manager's view of the team."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, FloatField, Func, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from displace.web import permissions
from displace.web.conversations.models import Finding
from displace.web.deals.models import OPEN_STAGES, Deal, Stage
from displace.web.deals.presenting import flags_of
from displace.web.followups.models import FollowUp
from displace.web.permissions import AnyUser
from displace.web.pipeline.listing import FLAGS, SORTS, Listing, filtered, ordered, parse_listing
from displace.web.pipeline.totals import stage_totals, sum_by_currency
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
    """The deals asked for (search, filters, sort), a page at a time, with per-stage totals."""
    scope = permissions.visible_deals(request.user)
    listing = parse_listing(request.GET)
    deals = filtered(scope, listing)
    totals = stage_totals(deals)
    page = _CountedPaginator(ordered(deals, listing).values_list("id", flat=True), PAGE_SIZE,
                             count=sum(t.count for t in totals)).get_page(request.GET.get("page"))
    context = {"listing": listing, "page": page, "rows": _listed(list(page.object_list)),
               "totals": totals, "totals_all": sum_by_currency(totals),
               **_pages_around(listing, page), **_choices(request.user, scope, listing)}
    template = "pipeline/pipeline.html#results" if is_htmx(request) else "pipeline/pipeline.html"
    return render(request, template, context)


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
