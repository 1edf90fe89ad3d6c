"""Win and loss against each incumbent, counted by the database: the deals met, won, lost and
ended without a decision, the win rate with its 95 % interval, the counter-moves seen, the
reasons lost, and the capabilities of the gaps present in the deals won.

`win_loss` costs the same few queries for one incumbent or a hundred, and counts only the deals
in the reader's scope (a rep's own, a manager's team's, every deal for an admin).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from displace.core.deal.catalogue import load_catalogue
from displace.core.errors import DisplaceError
from displace.core.outcomes import WinRate, win_rate
from displace.web.deals.models import (
    OPEN_STAGES,
    Closing,
    Countered,
    CounterMove,
    Deal,
    Gap,
    Stage,
)
from displace.web.deals.outcomes import reason_lists

__all__ = ["Record", "win_loss"]

# How many entries of each list the competitors' table shows; a competitor's page shows all.
TABLE_ENTRIES = 3


@dataclass
class Record:
    """What the reader's deals against one incumbent came to."""

    met: int = 0
    open: int = 0
    won: int = 0
    lost: int = 0
    no_decision: int = 0
    counter_moves: list[tuple[str, int]] = field(default_factory=list)
    lost_reasons: list[tuple[str, int]] = field(default_factory=list)
    won_gaps: list[tuple[str, int]] = field(default_factory=list)  # capability, deals won

    @property
    def closed(self) -> int:
        """Deals that ended: won, lost or without a decision."""
        return self.won + self.lost + self.no_decision

    @property
    def rate(self) -> WinRate:
        """Won out of closed (a deal with no decision stayed with the incumbent)."""
        return win_rate(self.won, self.closed)

    def top(self, name: str) -> list[tuple[str, int]]:
        """The first entries of one of the lists, for the competitors' table."""
        entries: list[tuple[str, int]] = getattr(self, name)
        return entries[:TABLE_ENTRIES]


def win_loss(scope: QuerySet[Deal], competitor_ids: Iterable[int],
             language: str) -> dict[int, Record]:
    """Each competitor's record over the deals of `scope` (labels in `language`)."""
    ids = list(competitor_ids)
    records: dict[int, Record] = defaultdict(Record)
    deals = scope.filter(incumbent_id__in=ids)
    counts = deals.order_by().values_list("incumbent_id").annotate(
        met=Count("id"), open=Count("id", filter=Q(stage__in=OPEN_STAGES)),
        won=Count("id", filter=Q(stage=Stage.WON)), lost=Count("id", filter=Q(stage=Stage.LOST)),
        no_decision=Count("id", filter=Q(stage=Stage.NO_DECISION)))
    for incumbent_id, met, in_play, won, lost, no_decision in counts:
        records[incumbent_id] = Record(met, in_play, won, lost, no_decision)
    # The closing in force of each lost deal (a reopened deal's old closing no longer counts).
    losses = Closing.objects.filter(reopened_at__isnull=True, outcome=Stage.LOST,
                                    deal__in=deals.filter(stage=Stage.LOST))
    _losses(records, losses, language)
    _won_gaps(records, deals.filter(stage=Stage.WON), language)
    return {pk: records[pk] for pk in ids}


def _losses(records: dict[int, Record], losses: QuerySet[Closing], language: str) -> None:
    """The counter-moves and the reasons of the lost deals, counted in one query."""
    rows = list(losses.order_by().values_list(
        "deal__incumbent_id", "deal__team_id", "reason", "countered", "counter_move",
    ).annotate(n=Count("id")))
    lists = reason_lists({row[1] for row in rows})
    moves: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    reasons: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for incumbent_id, team_id, reason, countered, move, n in rows:
        reasons[incumbent_id][lists[team_id].label(Stage.LOST, reason, language)] += n
        label = _counter_move(countered, move)
        if label:
            moves[incumbent_id][label] += n
    for incumbent_id, counted in moves.items():
        records[incumbent_id].counter_moves = _ranked(counted)
    for incumbent_id, counted in reasons.items():
        records[incumbent_id].lost_reasons = _ranked(counted)


def _counter_move(countered: str, move: str) -> str:
    """How the incumbent countered, in words; empty when nobody knows."""
    if move:
        return str(CounterMove(move).label) if move in CounterMove.values else move
    if countered == Countered.YES:
        return _("countered, how not recorded")
    return _("did not counter") if countered == Countered.NO else ""


def _won_gaps(records: dict[int, Record], won: QuerySet[Deal], language: str) -> None:
    rows = (Gap.objects.filter(deal__in=won).exclude(capability="").order_by()
            .values_list("deal__incumbent_id", "deal__industry", "capability")
            .annotate(deals=Count("deal_id", distinct=True)))
    found: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for incumbent_id, industry, capability, deals in rows:
        found[incumbent_id][_capability_name(industry, capability, language)] += deals
    for incumbent_id, gaps in found.items():
        records[incumbent_id].won_gaps = _ranked(gaps)


def _capability_name(industry: str, capability: str, language: str) -> str:
    """The capability's name in the shipped catalogue of its industry, else its id."""
    try:
        found = load_catalogue(industry).get(capability)
    except DisplaceError:
        return capability
    return found.name.get(language, found.name.get("en", capability)) if found else capability


def _ranked(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
