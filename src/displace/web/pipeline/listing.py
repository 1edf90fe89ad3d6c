"""The pipeline list's question: search, filters and sort read from the address, validated.

`parse_listing` never fails: a value it cannot use is dropped and named in `ignored`, so the
page says what it did not apply instead of answering 400 or 500. `filtered` and `ordered`
turn the question into one queryset over the deals the person may see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from displace.core.text.fold import fold
from displace.web.competitors.models import Competitor
from displace.web.deals.models import OPEN_STAGES, Deal, Stage
from displace.web.followups.models import FollowUp
from displace.web.pipeline.search import Fold

__all__ = ["FLAGS", "HEAVY", "SORTS", "VIEWS", "Listing", "filtered", "ordered", "parse_listing"]

# Lists show columns only; the deal's documents stay unread (sorting wide rows is what costs).
HEAVY = ("core", "assessment", "incumbent__delivers", "incumbent__counter_moves",
         "incumbent__notes")
# Longer search text finds nothing more, and folding it in every row costs.
MAX_SEARCH = 100

FLAGS = {
    "not-ready": _("not ready to propose"),
    "no-stated-gap": _("no gap stated by the prospect"),
    "no-decision-maker": _("no decision-maker"),
    "overdue": _("overdue follow-up"),
    "stalled": _("stalled"),
    "confidence-gap": _("confidence far above the evidence"),
}

# Each sort key, the column it orders by, and how it reads in the form.
SORTS = {
    "stage": ("stage", _("stage (funnel order)")),
    "value": ("value", _("value")),
    "close": ("expected_close", _("close date")),
    "win": ("win_probability", _("win probability (evidence)")),
    "confidence": ("rep_confidence", _("rep's confidence")),
    "activity": ("last_activity", _("last activity")),
    "prospect": ("prospect", _("prospect")),
}

# The two ways to look at the same deals: a sortable list, or a board of columns by stage.
VIEWS = ("list", "board")

_MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass
class Listing:
    """What the person asked the pipeline list for, every value usable as it stands."""

    q: str = ""
    rep: int | None = None
    stages: list[str] = field(default_factory=list)
    incumbent: int | None = None
    industry: str = ""
    close: str = ""  # YYYY-MM
    flags: list[str] = field(default_factory=list)
    sort: str = "stage"
    descending: bool = False
    view: str = "list"
    ignored: list[str] = field(default_factory=list)  # the parameters that were dropped

    @property
    def narrowed(self) -> bool:
        """Whether a search or a filter leaves deals out."""
        return bool(self.q or self.rep or self.stages or self.incumbent or self.industry
                    or self.close or self.flags)

    @property
    def sort_param(self) -> str:
        """The `sort` value that asks for this order again."""
        return f"-{self.sort}" if self.descending else self.sort

    def query_string(self, **changes: str) -> str:
        """This question as an address query, with some parameters replaced (none: dropped)."""
        params = QueryDict(mutable=True)
        values: dict[str, list[str]] = {
            "q": [self.q], "rep": [str(self.rep or "")], "stage": self.stages,
            "incumbent": [str(self.incumbent or "")], "industry": [self.industry],
            "close": [self.close], "flag": self.flags, "sort": [self.sort_param],
            "view": [self.view],
        }
        for key, value in changes.items():
            values[key] = [value]
        for key, items in values.items():
            kept = [item for item in items if item and not (key == "sort" and item == "stage")
                    and not (key == "view" and item == "list")]
            if kept:
                params.setlist(key, kept)
        return params.urlencode()


def parse_listing(params: QueryDict) -> Listing:
    """The question in `params`, with what could not be used left out and named."""
    listing = Listing()
    listing.q = " ".join(params.get("q", "").split())[:MAX_SEARCH].replace("\x00", "")
    listing.rep = _positive_int(params.get("rep", ""), "rep", listing)
    listing.incumbent = _positive_int(params.get("incumbent", ""), "incumbent", listing)
    listing.industry = params.get("industry", "").strip()[:80].replace("\x00", "")
    stages = params.getlist("stage")
    listing.stages = [s for s in Stage.values if s in stages]
    flags = params.getlist("flag")
    listing.flags = [f for f in FLAGS if f in flags]
    if set(stages) - set(Stage.values) - {""}:
        listing.ignored.append("stage")
    if set(flags) - set(FLAGS) - {""}:
        listing.ignored.append("flag")
    close = params.get("close", "").strip()
    if close and _month(close) is None:
        listing.ignored.append("close")
    elif close:
        listing.close = close
    sort = params.get("sort", "").strip()
    key = sort.removeprefix("-")
    if key in SORTS:
        listing.sort, listing.descending = key, sort.startswith("-")
    elif sort:
        listing.ignored.append("sort")
    view = params.get("view", "").strip()
    if view in VIEWS:
        listing.view = view
    elif view:
        listing.ignored.append("view")
    return listing


def _positive_int(text: str, name: str, listing: Listing) -> int | None:
    text = text.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit() and len(text) < 19 and int(text) > 0:
        return int(text)
    listing.ignored.append(name)
    return None


def _month(text: str) -> date | None:
    match = _MONTH.fullmatch(text)
    if match is None or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1:
        return None
    return date(int(match[1]), int(match[2]), 1)


def filtered(scope: QuerySet[Deal], listing: Listing) -> QuerySet[Deal]:
    """The deals of `scope` that answer the question: open deals unless stages are chosen,
    or every deal for a search (a closed deal leaves the pipeline but is still found)."""
    deals = scope.filter(stage__in=listing.stages or (Stage.values if listing.q else OPEN_STAGES))
    if listing.q:
        deals = deals.filter(_search(fold(listing.q)))
    if listing.rep is not None:
        deals = deals.filter(owner_id=listing.rep)
    if listing.incumbent is not None:
        deals = deals.filter(incumbent_id=listing.incumbent)
    if listing.industry:
        deals = deals.filter(industry=listing.industry)
    month = _month(listing.close) if listing.close else None
    if month is not None:
        following = (month + timedelta(days=31)).replace(day=1)
        deals = deals.filter(expected_close__gte=month, expected_close__lt=following)
    for flag in listing.flags:
        deals = deals.filter(_flag(flag))
    return deals


def _search(term: str) -> Q:
    """Prospect, title, incumbent's name or rep's username or name containing `term`."""
    incumbents = (Competitor.objects.annotate(folded=Fold("name"))
                  .filter(folded__contains=term).values("id"))
    reps = (User.objects.annotate(
        folded_username=Fold("username"), first=Fold("first_name"), last=Fold("last_name"))
        .filter(Q(folded_username__contains=term) | Q(first__contains=term)
                | Q(last__contains=term))
        .values("id"))
    # Deals keep their names folded (Deal.search_text); the few competitors and people are
    # folded as they are read.
    return (Q(search_text__contains=term) | Q(incumbent_id__in=incumbents)
            | Q(owner_id__in=reps))


def _flag(code: str) -> Q | Exists:
    if code == "not-ready":
        return ~Q(ready=True)
    if code == "no-stated-gap":
        return Q(has_stated_gap=False)
    if code == "no-decision-maker":
        return Q(decision_maker="")
    if code == "overdue":
        return Exists(FollowUp.objects.filter(deal_id=OuterRef("pk"), done=False,
                                              due__lt=timezone.localdate()))
    if code == "stalled":
        return Q(last_activity__lt=timezone.now() - timedelta(days=settings.STALLED_DAYS))
    return Q(rep_confidence__gte=F("win_probability") + 0.3)  # confidence-gap


def ordered(deals: QuerySet[Deal], listing: Listing) -> QuerySet[Deal]:
    """`deals` in the asked order; ties by stage in funnel order, then by id (a stable page)."""
    funnel = Case(*(When(stage=code, then=Value(n)) for n, code in enumerate(Stage.values)),
                  output_field=IntegerField())
    column = F(SORTS[listing.sort][0])
    if listing.sort == "stage":
        first = funnel.desc() if listing.descending else funnel.asc()
        return deals.order_by(first, F("last_activity").desc(), "id")
    key = column.desc(nulls_last=True) if listing.descending else column.asc(nulls_last=True)
    return deals.order_by(key, funnel.asc(), "id")
