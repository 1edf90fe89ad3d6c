"""How a demo deal ends, decided from the win probability the app computed for it.

The deal is won with chance logistic(sharpness · logit(p) + shift) (story.toml's [outcome]),
read off the deal's own pre-drawn uniform; a deal not won ends without a decision or lost. Why
(the reason, a loss's counter-move and who won instead, the note) follows outcomes.toml's rules
from what the deal holds and from its incumbent's habits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from displace.web.demo.plan import PlannedDeal
from displace.web.demo.story import DemoDataError, Rule, Story

__all__ = ["Decided", "decide", "win_chance"]

# Probabilities are read within this margin of 0 and 1, where the logit is finite.
EDGE = 1e-4


@dataclass(frozen=True)
class Decided:
    """A closing as `close_deal` takes it."""

    outcome: str
    reason: str
    note: str
    countered: str
    counter_move: str
    lost_to: str


def win_chance(story: Story, probability: float) -> float:
    """The chance a deal whose evidence gives `probability` is won, in this story."""
    outcome = story.params.table("outcome")
    p = min(1 - EDGE, max(EDGE, probability))
    sharpness = outcome.get("sharpness", (int, float))
    shift = outcome.get("shift", (int, float))
    return 1.0 / (1.0 + math.exp(-(sharpness * math.log(p / (1 - p)) + shift)))


def decide(story: Story, deal: PlannedDeal, probability: float) -> Decided:
    """How `deal` closes, given its evidence's win probability."""
    outcome_doc = story.params.table("outcome")
    if deal.draws[0] < win_chance(story, probability):
        outcome = "won"
    else:
        no_decision = outcome_doc.number("no_decision", 0.0, 1.0) + (
            outcome_doc.number("no_decision_unknown_maker", 0.0, 1.0)
            if "no_maker" in deal.features else 0.0)
        outcome = "no_decision" if deal.draws[1] < no_decision else "lost"
    rng = deal.rng(story.seed, "closing")
    move = ""
    if outcome == "lost" and rng.random() < story.countered:
        moves = deal.incumbent.counter_moves
        move = rng.choices(list(moves), weights=list(moves.values()))[0]
    rule = _rule(story, deal, outcome, move, rng.random())
    note = (rule.note[deal.market.language].format(incumbent=deal.incumbent.name)
            if rng.random() < 0.75 else "")
    countered = ""
    if outcome == "lost":
        countered = "yes" if move else ("no" if rng.random() < 0.7 else "unknown")
    return Decided(outcome, rule.reason, note, countered, move, rule.lost_to)


def _rule(story: Story, deal: PlannedDeal, outcome: str, move: str, draw: float) -> Rule:
    """A rule of the outcome (and a loss's move) that fits the deal, drawn by weight; one that
    fits any deal when none fits this one."""
    same = [r for r in story.rules if r.outcome == outcome and r.counter_move == move]
    fitting = [r for r in same if r.when in deal.features] or [
        r for r in same if r.when == "any"] or same
    if not fitting:
        raise DemoDataError(f"data/demo/story/outcomes.toml: rule: expected one for {outcome}"
                            f"{' after ' + move if move else ''}, found none")
    total = sum(r.weight for r in fitting)
    point = draw * total
    for rule in fitting:
        point -= rule.weight
        if point < 0:
            return rule
    return fitting[-1]
