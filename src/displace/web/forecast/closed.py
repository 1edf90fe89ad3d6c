"""A team's closed deals with the forecasts recorded before they closed, for the core.

Each deal is judged at its last stage change into an open stage before it closed: that
snapshot's rep's confidence, the evidence's probability and (for a refit) the model's terms.
Two queries whatever the number of deals, each read from indexes alone: the deals with their
owners' names, then their snapshots up to each deal's closing in time order, of which each
deal keeps its last (cheaper than asking the database for each deal's last one, which it
answers with a subquery per deal).
"""

from __future__ import annotations

from typing import Any

from django.db.models import F

from displace.core.forecast import ClosedForecast
from displace.web.deals.models import CLOSED_STAGES, OPEN_STAGES, Deal, Stage, StageSnapshot

__all__ = ["closed_forecasts"]


def closed_forecasts(team_id: int, *, terms: bool = False) -> list[ClosedForecast]:
    """The team's closed deals, oldest first, each with its last forecast before closing."""
    closed = dict(team_id=team_id, stage__in=CLOSED_STAGES, closed_at__isnull=False)
    deals = list(Deal.objects.filter(**closed).order_by("closed_at", "id")
                 .values_list("id", "owner__username", "stage"))
    fields = ("deal_id", "rep_confidence", "win_probability", *(("terms",) if terms else ()))
    last: dict[int, tuple[Any, ...]] = {}
    for row in (StageSnapshot.objects
                .filter(**{f"deal__{k}": v for k, v in closed.items()},
                        stage__in=OPEN_STAGES, at__lte=F("deal__closed_at"))
                .order_by("deal_id", "at", "id").values_list(*fields)):
        last[row[0]] = row  # in time order: the deal's last one stays
    out = []
    for deal_id, rep, stage in deals:
        snapshot = last.get(deal_id)
        out.append(ClosedForecast(
            deal_id=deal_id, rep=rep, won=stage == Stage.WON,
            no_decision=stage == Stage.NO_DECISION, recorded=snapshot is not None,
            rep_confidence=snapshot[1] if snapshot else None,
            win_probability=snapshot[2] if snapshot else None,
            terms=_terms(snapshot[3]) if snapshot and terms else {}))
    return out


def _terms(stored: Any) -> dict[str, float]:
    """The snapshot's terms, numbers only (a snapshot written before terms were kept has
    none: the refit leaves it out)."""
    if not isinstance(stored, dict):
        return {}
    return {str(k): float(v) for k, v in stored.items()
            if isinstance(v, int | float) and not isinstance(v, bool)}
