"""Per-stage totals of a set of deals, per currency: counted and summed by the database.

Three sums per stage and currency: the value; the value weighted by the evidence-based win
probability; the value weighted by the rep's own confidence. A deal without a figure weighs
nothing in that sum (no assessment, no stated confidence: no weight). Currencies are never
added together.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, FloatField, QuerySet, Sum, Value
from django.db.models.functions import Cast, Coalesce

from displace.web.deals.models import Deal, Stage

__all__ = ["StageTotal", "stage_totals", "sum_by_currency"]


@dataclass(frozen=True)
class StageTotal:
    """The deals of one stage in one currency."""

    stage: str
    currency: str
    count: int
    value: Decimal
    by_evidence: float  # Σ value × win probability
    by_confidence: float  # Σ value × rep's confidence

    @property
    def stage_label(self) -> str:
        """The stage's name in the reader's language."""
        return str(Stage(self.stage).label) if self.stage in Stage.values else ""


def stage_totals(deals: QuerySet[Deal]) -> list[StageTotal]:
    """One row per stage and currency that has deals, stages in funnel order; one query."""
    value = Cast("value", FloatField())
    rows = (deals.order_by().values("stage", "currency").annotate(
        n=Count("id"), total=Sum("value"),
        evidence=Sum(value * Coalesce(F("win_probability"), Value(0.0))),
        confidence=Sum(value * Coalesce(F("rep_confidence"), Value(0.0))),
    ))
    totals = [StageTotal(stage=row["stage"], currency=row["currency"], count=row["n"],
                         value=Decimal(row["total"] or 0), by_evidence=row["evidence"] or 0.0,
                         by_confidence=row["confidence"] or 0.0) for row in rows]
    funnel = {code: n for n, code in enumerate(Stage.values)}
    return sorted(totals, key=lambda t: (funnel.get(t.stage, len(funnel)), t.currency))


def sum_by_currency(totals: list[StageTotal]) -> list[StageTotal]:
    """All stages together, one row per currency (stage empty), from the per-stage rows."""
    summed: dict[str, StageTotal] = {}
    for row in totals:
        before = summed.get(row.currency)
        summed[row.currency] = row if before is None else StageTotal(
            stage="", currency=row.currency, count=before.count + row.count,
            value=before.value + row.value, by_evidence=before.by_evidence + row.by_evidence,
            by_confidence=before.by_confidence + row.by_confidence)
    return [StageTotal("", t.currency, t.count, t.value, t.by_evidence, t.by_confidence)
            for _, t in sorted(summed.items())]
