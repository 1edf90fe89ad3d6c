"""The incumbent's counter-move: what it matches, how fast, and what advantage is left after.

When the prospect shows our proposal to the incumbent (the "last look"), the incumbent matches
what it can and appeals to the relationship. The chance of a match depends on what the item is
(a concession is one phone call), on the incumbent's speed and on its record of counter-moves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from displace.core.deal.classify import ClassifiedItem, effective_days
from displace.core.deal.gaps import GapScore
from displace.core.deal.model import Incumbent
from displace.core.deal.weights import Weights
from displace.core.deal.wording import say

__all__ = ["CounterItem", "CounterMove", "close_chance", "match_chance", "simulate_counter"]


@dataclass(frozen=True)
class CounterItem:
    """One offer item under the counter-move."""

    item_id: str
    text: str
    classification: str
    match_chance: float  # chance the incumbent matches it, 0..1
    days: int  # days it needs to match it
    matched: bool  # in the most likely counter-move


@dataclass(frozen=True)
class CounterMove:
    """The simulated counter-move and what is left of our advantage after it."""

    items: tuple[CounterItem, ...]
    days: int  # days until everything it matches is matched
    advantage_left: tuple[str, ...]  # offer items and gaps that survive, in words
    summary: str

    @property
    def matches_all(self) -> bool:
        """The incumbent matches every offer item."""
        return bool(self.items) and all(i.matched for i in self.items)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "items": [
                {
                    "id": i.item_id,
                    "text": i.text,
                    "classification": i.classification,
                    "match_chance": round(i.match_chance, 3),
                    "days": i.days,
                    "matched": i.matched,
                }
                for i in self.items
            ],
            "matches_all": self.matches_all,
            "days": self.days,
            "advantage_left": list(self.advantage_left),
            "summary": self.summary,
        }


def _adjust(chance: float, incumbent: Incumbent, weights: Weights) -> float:
    counter = weights.counter
    chance += float(counter["speed_chance"][incumbent.match_speed])
    chance += float(counter["history_chance"]) * min(3, len(incumbent.counter_history))
    return min(0.99, max(0.01, chance))


def match_chance(item: ClassifiedItem, incumbent: Incumbent, weights: Weights) -> float:
    """Chance that the incumbent matches this offer item once it sees our proposal."""
    table = weights.counter["match_chance"]
    if item.classification == "parity":
        return 0.99  # it already claims the same
    kind_chance = float(table[item.capability.kind or "unknown"])
    if item.classification == "matchable":
        kind_chance = max(kind_chance, float(table["concession"]))
    return _adjust(kind_chance, incumbent, weights)


def close_chance(gap: GapScore, incumbent: Incumbent, weights: Weights) -> float:
    """Chance that the incumbent closes this gap once the prospect tells it."""
    table = weights.counter["close_gap_chance"]
    return _adjust(float(table[gap.capability.kind or "unknown"]), incumbent, weights)


def simulate_counter(
    offer: Sequence[ClassifiedItem],
    gaps: Sequence[GapScore],
    incumbent: Incumbent,
    weights: Weights,
    lang: str,
) -> CounterMove:
    """The most likely counter-move against our offer, and the advantage left after it."""
    likely = float(weights.counter["likely"])
    items = []
    for item in offer:
        chance = match_chance(item, incumbent, weights)
        days = (
            0
            if item.classification == "parity"
            else effective_days(item.capability, incumbent, weights)
        )
        items.append(
            CounterItem(
                item.id,
                item.text,
                item.classification,
                chance,
                max(0, round(days)),
                chance >= likely,
            )
        )
    matched_days = [i.days for i in items if i.matched]
    left = [say("counter.left.item", lang, text=i.text) for i in items if not i.matched]
    left += [
        say("counter.left.gap", lang, text=g.gap.summary)
        for g in gaps
        if g.stated and close_chance(g, incumbent, weights) < likely
    ]
    days = max(matched_days, default=0)
    summary = _summary(items, days, left, incumbent, lang)
    return CounterMove(tuple(items), days, tuple(left), summary)


def _summary(
    items: Sequence[CounterItem], days: int, left: Sequence[str], incumbent: Incumbent, lang: str
) -> str:
    matched = sum(1 for i in items if i.matched)
    if not items:
        key = "counter.summary.no_offer"
    elif matched == len(items):
        key = "counter.summary.all" if not left else "counter.summary.all_but_gaps"
    elif matched == 0:
        key = "counter.summary.none"
    else:
        key = "counter.summary.some"
    return say(
        key,
        lang,
        incumbent=incumbent.name,
        matched=matched,
        total=len(items),
        days=days,
        left=len(left),
    )
