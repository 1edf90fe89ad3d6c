"""A team's closed deals with the forecasts recorded before they closed, for the core.

Each deal is judged at its last stage change into an open stage before it closed: that
snapshot's rep's confidence, the evidence's probability and (for a refit) the model's terms.
Two queries whatever the number of deals: the deals with their snapshot's id (a correlated
subquery on the snapshots' (deal, at) index), then those snapshots.
"""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery

from displace.core.forecast import ClosedForecast
from displace.web.deals.models import CLOSED_STAGES, OPEN_STAGES, Deal, Stage, StageSnapshot

__all__ = ["closed_forecasts"]


def closed_forecasts(team_id: int, *, terms: bool = False) -> list[ClosedForecast]:
    """The team's closed deals, oldest first, each with its last forecast before closing."""
    last = (StageSnapshot.objects.filter(deal_id=OuterRef("pk"), stage__in=OPEN_STAGES,
                                         at__lte=OuterRef("closed_at"))
            .order_by("-at", "-id").values("id")[:1])
    deals = list(Deal.objects.filter(team_id=team_id, stage__in=CLOSED_STAGES,
                                     closed_at__isnull=False)
                 .annotate(snapshot=Subquery(last)).order_by("closed_at", "id")
                 .values_list("id", "owner__username", "stage", "snapshot"))
    fields = ("id", "rep_confidence", "win_probability", *(("terms",) if terms else ()))
    wanted = StageSnapshot.objects.filter(pk__in=Subquery(
        Deal.objects.filter(team_id=team_id, stage__in=CLOSED_STAGES, closed_at__isnull=False)
        .annotate(snapshot=Subquery(last)).values("snapshot")))
    found: dict[int, tuple[Any, ...]] = {row[0]: row for row in wanted.values_list(*fields)}
    out = []
    for deal_id, rep, stage, snapshot_id in deals:
        snapshot = found.get(snapshot_id) if snapshot_id is not None else None
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
