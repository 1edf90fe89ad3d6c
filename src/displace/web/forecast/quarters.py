"""The forecast of the current and the next quarter: expected won value by the evidence and by
the reps, per currency, and the deals where the two differ most.

A deal counts in the quarter of its expected close (dates in the team's time zone, the
workspace's TIME_ZONE). Its expected won value is its value times the evidence's win
probability, or times the rep's confidence; as on the pipeline's totals, a deal without a
figure weighs nothing in that sum, and the page says how many lack one. Currencies are never
added together. Three queries, whatever the number of deals or currencies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, RowNumber

from displace.core.forecast import Quarter, this_and_next
from displace.web.deals.models import Deal

__all__ = ["DIFFERING_DEALS", "Differing", "QuarterForecast", "QuarterTotal", "quarter_forecast"]

# The deals listed per quarter and currency: those where the two forecasts differ most.
DIFFERING_DEALS = 5


@dataclass(frozen=True)
class QuarterTotal:
    """A quarter's open deals in one currency."""

    quarter: Quarter
    currency: str
    deals: int
    value: Decimal
    by_evidence: float  # Σ value × win probability
    by_reps: float  # Σ value × rep's confidence
    without_evidence: int
    without_rep: int


@dataclass(frozen=True)
class Differing:
    """An open deal whose two expected won values differ a lot."""

    deal_id: int
    title: str
    rep: str
    quarter: Quarter
    currency: str
    value: Decimal
    rep_confidence: float | None
    win_probability: float | None

    @property
    def by_evidence(self) -> float:
        """Its value times the evidence's probability (nothing without one)."""
        return float(self.value) * (self.win_probability or 0.0)

    @property
    def by_reps(self) -> float:
        """Its value times the rep's confidence (nothing without one)."""
        return float(self.value) * (self.rep_confidence or 0.0)

    @property
    def difference(self) -> float:
        """By the rep minus by the evidence."""
        return self.by_reps - self.by_evidence


@dataclass(frozen=True)
class QuarterForecast:
    """Both quarters' totals per currency and their most differing deals."""

    quarters: tuple[Quarter, Quarter]
    totals: tuple[QuarterTotal, ...]
    differing: tuple[Differing, ...]

    def currencies(self) -> list[str]:
        """The currencies with deals in either quarter."""
        return sorted({t.currency for t in self.totals})

    def total(self, quarter: Quarter, currency: str) -> QuarterTotal:
        """The quarter's total in `currency` (zero when it has no deal in it)."""
        for t in self.totals:
            if t.quarter == quarter and t.currency == currency:
                return t
        return QuarterTotal(quarter, currency, 0, Decimal(0), 0.0, 0.0, 0, 0)


def quarter_forecast(open_deals: QuerySet[Deal], *, today: date) -> QuarterForecast:
    """The forecast over `open_deals` (already scoped to the reader) for the quarter of
    `today` and the next one; three queries."""
    current, following = this_and_next(today)
    quarters = (current, following)
    dated = open_deals.filter(expected_close__gte=current.start,
                              expected_close__lt=following.end).order_by()
    which = Case(When(expected_close__gte=following.start, then=Value(1)), default=Value(0),
                 output_field=IntegerField())
    value = Cast("value", FloatField())
    rows = dated.annotate(which=which).values("which", "currency").annotate(
        n=Count("id"), total=Sum("value"),
        evidence=Sum(value * Coalesce(F("win_probability"), Value(0.0))),
        reps=Sum(value * Coalesce(F("rep_confidence"), Value(0.0))),
        no_evidence=Count("id", filter=Q(win_probability__isnull=True)),
        no_rep=Count("id", filter=Q(rep_confidence__isnull=True)))
    totals = tuple(sorted(
        (QuarterTotal(quarters[row["which"]], row["currency"], row["n"],
                      Decimal(row["total"] or 0), row["evidence"] or 0.0, row["reps"] or 0.0,
                      row["no_evidence"], row["no_rep"]) for row in rows),
        key=lambda t: (t.quarter.start, t.currency)))
    return QuarterForecast(quarters, totals, _most_differing(dated, which, quarters))


def _most_differing(dated: QuerySet[Deal], which: Case,
                    quarters: tuple[Quarter, Quarter]) -> tuple[Differing, ...]:
    """Per quarter and currency, the DIFFERING_DEALS deals whose two expected won values are
    furthest apart: ranked from the pipeline's index alone, then those few rows read."""
    value = Cast("value", FloatField())
    gap = Func(value * (Coalesce(F("rep_confidence"), Value(0.0))
                        - Coalesce(F("win_probability"), Value(0.0))),
               function="ABS", output_field=FloatField())
    ranked = list(dated.annotate(which=which, gap=gap, rank=Window(
        RowNumber(), partition_by=[F("which"), F("currency")],
        order_by=[F("gap").desc(), F("id").asc()])).filter(rank__lte=DIFFERING_DEALS)
        .values_list("id", "which"))
    rows = {row[0]: row for row in Deal.objects.filter(pk__in=[pk for pk, _ in ranked])
            .order_by().values_list("id", "title", "owner__username", "currency", "value",
                                    "rep_confidence", "win_probability")}
    found = [Differing(pk, title, rep, quarters[at], currency, amount, confidence, probability)
             for (pk, at), (_, title, rep, currency, amount, confidence, probability)
             in ((r, rows[r[0]]) for r in ranked)]
    return tuple(sorted(found, key=lambda d: (d.quarter.start, d.currency,
                                              -abs(d.difference), d.deal_id)))
