"""The manager view's charts: their queries (summed by the database, a fixed few per page) and
the week-by-week hot-spots, put together from counts the view has already made."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta

from django.db.models import Case, F, FloatField, Func, IntegerField, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from displace.web.charts.pipeline import (
    DealPoint,
    RepWeeks,
    confidence_scatter,
    hot_spot_lines,
    stage_value_bars,
)
from displace.web.deals.models import Deal
from displace.web.deals.templatetags.deal_format import incumbent_name
from displace.web.pipeline.totals import stage_totals

__all__ = ["HOT_SPOT_WEEKS", "SCATTER_DEALS", "Call", "hot_spot_weeks", "team_charts",
           "weekly_hot_spots"]

# The scatter's points: the open deals where confidence and evidence differ most. More points
# than this hide each other, and each costs the page its row in the table.
SCATTER_DEALS = 100
# How far back the week-by-week hot-spots look.
HOT_SPOT_WEEKS = 12

# One of the team's latest calls: its deal, its week (an index into the hot-spot weeks, None
# when older), whether it was analysed.
Call = tuple[int, int | None, bool]


def team_charts(open_deals: QuerySet[Deal], weekly: list[RepWeeks], *,
                language: str) -> dict[str, object]:
    """The manager view's charts over `open_deals` (already scoped to the person); 4 queries.

    The hot-spot charts (one per rep) are built only when the template asks for them: it keeps
    them, rendered, as long as their counts are kept (manager.html's cache block)."""
    points, total = _mismatched(open_deals)
    return {
        "confidence_chart": confidence_scatter(points, total=total, language=language),
        "stage_charts": stage_value_bars(stage_totals(open_deals), language=language),
        "hot_spot_charts": SimpleLazyObject(lambda: hot_spot_lines(weekly, language=language)),
    }


def _mismatched(open_deals: QuerySet[Deal]) -> tuple[list[DealPoint], int]:
    """The open deals with both figures, most mismatched first (at most SCATTER_DEALS), and
    how many have both: the ids and the count from an index, then those rows' few columns."""
    both = open_deals.filter(rep_confidence__isnull=False, win_probability__isnull=False)
    gap = Func(F("rep_confidence") - F("win_probability"), function="ABS",
               output_field=FloatField())
    ids = list(both.annotate(gap=gap).order_by("-gap", "id")
               .values_list("id", flat=True)[:SCATTER_DEALS])
    rows = {row[0]: row for row in Deal.objects.filter(pk__in=ids).order_by().values_list(
        "id", "title", "owner__username", "incumbent__name", "rep_confidence",
        "win_probability")}
    points = [DealPoint(title=title, href=reverse("deal", args=[pk]), rep=rep,
                        incumbent=incumbent_name(incumbent or ""),
                        confidence=confidence or 0.0, evidence=evidence or 0.0)  # both set
              for pk, title, rep, incumbent, confidence, evidence in (rows[i] for i in ids)]
    return points, both.count()


def hot_spot_weeks(today: date | None = None) -> tuple[tuple[date, ...], Case]:
    """The last HOT_SPOT_WEEKS weeks (their Mondays, in the team's time zone) and the database
    expression that gives a call's week among them from its `created_at` (0 the oldest; None
    before the first or after the last): the database puts each call in its week, so that
    thousands of upload times are never read back and compared here."""
    today = today or timezone.localdate()
    first = today - timedelta(days=today.weekday() + 7 * (HOT_SPOT_WEEKS - 1))
    weeks = tuple(first + timedelta(weeks=n) for n in range(HOT_SPOT_WEEKS))
    # Each week's first moment where the team is (daylight saving moves it, not the Monday).
    starts = [timezone.make_aware(datetime.combine(w, time())) for w in weeks]
    after = timezone.make_aware(datetime.combine(weeks[-1] + timedelta(weeks=1), time()))
    week = Case(When(created_at__gte=after, then=Value(None)),
                *(When(created_at__gte=start, then=Value(n))
                  for n, start in reversed(list(enumerate(starts)))),
                default=Value(None), output_field=IntegerField())
    return weeks, week


def weekly_hot_spots(weeks: tuple[date, ...], calls: Mapping[int, Call],
                     counts: Iterable[tuple[int, str, int]], rep_of_deal: Mapping[int, str]
                     ) -> list[RepWeeks]:
    """Per rep, their analysed calls and risk findings in each of `weeks`. `calls`:
    conversation id -> Call (its week as `hot_spot_weeks` gave it); `counts`: (conversation
    id, behaviour, findings) rows."""
    week_of: dict[int, int] = {}
    per_rep_calls: dict[str, Counter[int]] = defaultdict(Counter)
    for conversation_id, (deal_id, n, analysed) in calls.items():
        if analysed and n is not None and deal_id in rep_of_deal:
            week_of[conversation_id] = n
            per_rep_calls[rep_of_deal[deal_id]][n] += 1
    found: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for conversation_id, behaviour, n_found in counts:
        if conversation_id not in week_of:
            continue
        rep = rep_of_deal[calls[conversation_id][0]]
        row = found[rep].setdefault(behaviour, [0] * len(weeks))
        row[week_of[conversation_id]] += n_found
    return [RepWeeks(rep=rep, weeks=weeks,
                     calls=tuple(per_rep_calls[rep][n] for n in range(len(weeks))),
                     counts={b: tuple(row) for b, row in found[rep].items()})
            for rep in sorted(per_rep_calls)]
