"""How a demo deal ends: won with a chance that follows the evidence's probability (each term of
the story's function counts), otherwise lost or undecided, for a reason that fits the deal."""

from __future__ import annotations

import dataclasses
import math

import pytest

from displace.web.demo.closings import decide, win_chance
from displace.web.demo.plan import PlannedDeal
from displace.web.demo.story import Story


def logit(p: float) -> float:
    return math.log(p / (1 - p))


def test_a_deal_even_by_the_evidence_is_won_as_often_as_the_shift_says(story: Story) -> None:
    shift = story.params.table("outcome").get("shift", (int, float))
    assert shift != 0
    assert win_chance(story, 0.5) == pytest.approx(1 / (1 + math.exp(-shift)))


def test_the_odds_of_winning_follow_the_evidences_odds_raised_to_the_sharpness(
    story: Story
) -> None:
    sharpness = story.params.table("outcome").get("sharpness", (int, float))
    assert sharpness != 1
    for low, high in ((0.05, 0.2), (0.3, 0.7), (0.6, 0.95)):
        moved = logit(win_chance(story, high)) - logit(win_chance(story, low))
        assert moved == pytest.approx(sharpness * (logit(high) - logit(low)))
    assert win_chance(story, 0.0) < 0.01 and win_chance(story, 1.0) > 0.99  # finite at the ends


def closing(plan: list[PlannedDeal], draws: tuple[float, float], *,
            without_maker: bool = False) -> PlannedDeal:
    """A closed deal of the plan, with its draws (and its decision-maker) as given."""
    deal = next(d for d in plan if d.closes_at is not None and (
        ("no_maker" in d.features) == without_maker))
    return dataclasses.replace(deal, draws=draws)


def test_a_deal_is_won_when_its_draw_falls_below_its_chance(
    story: Story, plan: list[PlannedDeal]
) -> None:
    chance = win_chance(story, 0.4)
    assert decide(story, closing(plan, (chance - 0.01, 0.0)), 0.4).outcome == "won"
    assert decide(story, closing(plan, (chance + 0.01, 0.99)), 0.4).outcome == "lost"
    assert decide(story, closing(plan, (chance + 0.01, 0.99)), 0.9).outcome == "won"


def test_a_deal_without_a_known_decision_maker_ends_undecided_more_often(
    story: Story, plan: list[PlannedDeal]
) -> None:
    outcome = story.params.table("outcome")
    base = outcome.number("no_decision", 0.0, 1.0)
    between = base + outcome.number("no_decision_unknown_maker", 0.0, 1.0) / 2
    assert decide(story, closing(plan, (0.99, between)), 0.1).outcome == "lost"
    assert decide(story, closing(plan, (0.99, between), without_maker=True),
                  0.1).outcome == "no_decision"
    assert decide(story, closing(plan, (0.99, base / 2)), 0.1).outcome == "no_decision"


def test_a_loss_follows_its_incumbents_habits_with_a_reason_of_the_list(
    story: Story, plan: list[PlannedDeal]
) -> None:
    losses = [decide(story, dataclasses.replace(d, draws=(0.999, 0.999)), 0.01)
              for d in plan if d.closes_at is not None]
    assert {d.outcome for d in losses} == {"lost"}
    by_deal = [d for d in plan if d.closes_at is not None]
    for deal, loss in zip(by_deal, losses, strict=True):
        assert loss.counter_move in ("", *deal.incumbent.counter_moves)
        assert (loss.countered == "yes") == bool(loss.counter_move)
        assert any(r.reason == loss.reason and r.outcome == "lost"
                   and r.counter_move == loss.counter_move for r in story.rules)
        assert "{" not in loss.note  # the incumbent's name filled in
    moves = [loss.counter_move for loss in losses]
    assert moves.count("") < len(moves) / 2  # most incumbents countered
    assert {loss.lost_to for loss in losses} >= {"incumbent", "other_competitor"}


def test_a_win_gives_the_reason_the_deal_holds(story: Story, plan: list[PlannedDeal]) -> None:
    for deal in (d for d in plan if d.closes_at is not None):
        won = decide(story, dataclasses.replace(deal, draws=(0.0, 0.0)), 0.5)
        rule = next(r for r in story.rules if r.outcome == "won" and r.reason == won.reason)
        assert rule.when in deal.features or not any(
            r.when in deal.features for r in story.rules
            if r.outcome == "won" and r.when != "any"), deal.key
        assert won.countered == won.counter_move == won.lost_to == ""
