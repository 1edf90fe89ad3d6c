"""Each term of the win probability, checked exactly: a test here fails when any one term is
left out of the simulation or out of the inputs built from a deal (issue #13, item 4)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from displace.core.deal import GapEvidence, OfferItem, assess_deal, load_deal
from displace.core.deal.probability import (
    GapTerm,
    ModelInputs,
    OfferTerm,
    logistic,
    logit,
    simulate,
)
from displace.core.deal.weights import Weights, load_weights
from tests.core.deal.builders import BILL, READY

RUNS = 400  # a multiple of 4: the stratified draws then split runs exactly


def _flat(win_chance: float = 0.5, *, willing_gain: float = 0.0,
          worth_range: tuple[float, float] = (1.0, 1.0)) -> Weights:
    """The shipped weights with no spread around the prior, so each term shows exactly."""
    shipped = load_weights()
    return replace(shipped, prior={**shipped.prior, "win_chance": win_chance, "spread": 0.0},
                   gain={**shipped.gain, "willing": willing_gain},
                   gap={**shipped.gap, "worth_range": list(worth_range)})


def _p(inputs: ModelInputs, weights: Weights) -> float:
    return simulate(inputs, weights, seed=7, runs=RUNS).probability


def _inputs(*, offer: tuple[OfferTerm, ...] = (), gaps: tuple[GapTerm, ...] = (),
            fixed: float = 0.0, willing: str = "yes") -> ModelInputs:
    return ModelInputs(offer, gaps, fixed, willing)  # type: ignore[arg-type]


def test_with_no_terms_it_is_the_prior() -> None:
    assert _p(_inputs(), _flat(0.3)) == pytest.approx(0.3)


def test_the_certain_gains_and_losses_shift_the_log_odds() -> None:
    assert _p(_inputs(fixed=-1.5), _flat()) == pytest.approx(logistic(-1.5))


def test_an_offer_item_adds_its_gain_in_exactly_the_runs_the_incumbent_does_not_match_it() -> None:
    item = OfferTerm("item", match_chance=0.25, gain=1.2)
    expected = 0.75 * logistic(1.2) + 0.25 * 0.5
    assert _p(_inputs(offer=(item,)), _flat()) == pytest.approx(expected)


def test_an_offer_item_the_incumbent_always_matches_is_worth_nothing() -> None:
    item = OfferTerm("item", match_chance=1.0, gain=1.2)
    assert _p(_inputs(offer=(item,)), _flat()) == pytest.approx(0.5)


def test_a_gap_adds_its_worth_in_exactly_the_runs_the_incumbent_does_not_close_it() -> None:
    gap = GapTerm("deal:g1", "cash", close_chance=0.5, worth=0.8)
    expected = 0.5 * logistic(0.8) + 0.5 * 0.5
    assert _p(_inputs(gaps=(gap,)), _flat()) == pytest.approx(expected)


def test_a_gaps_worth_is_scaled_within_its_range() -> None:
    gap = GapTerm("deal:g1", "cash", close_chance=0.0, worth=1.0)
    assert _p(_inputs(gaps=(gap,)), _flat(worth_range=(0.5, 0.5))) == pytest.approx(
        logistic(0.5))


def test_the_same_gap_seen_twice_counts_once_and_two_gaps_add_up() -> None:
    first = GapTerm("deal:g1", "cash", close_chance=0.0, worth=0.8)
    again = GapTerm("conversation:g1", "cash", close_chance=0.0, worth=0.5)
    other = GapTerm("deal:g2", "stock", close_chance=0.0, worth=0.5)
    assert _p(_inputs(gaps=(first, again)), _flat()) == pytest.approx(logistic(0.8))
    assert _p(_inputs(gaps=(first, other)), _flat()) == pytest.approx(logistic(1.3))


def test_willingness_to_change_adds_its_gain_and_unwillingness_its_loss() -> None:
    weights = _flat(willing_gain=0.7)
    unwilling = float(weights.loss["unwilling"])
    assert _p(_inputs(willing="yes"), weights) == pytest.approx(logistic(0.7))
    assert _p(_inputs(willing="no"), weights) == pytest.approx(logistic(-unwilling))


def test_unknown_willingness_is_a_gain_or_a_penalty_in_proportion() -> None:
    weights = _flat(willing_gain=0.7)
    chance = float(weights.loss["unknown_willing_chance"])
    penalty = float(weights.loss["unknown_willing"])
    expected = chance * logistic(0.7) + (1 - chance) * logistic(-penalty)
    assert _p(_inputs(willing="unknown"), weights) == pytest.approx(expected, abs=0.03)


def test_the_prior_is_the_shipped_win_chance() -> None:
    shipped = load_weights()
    assert logit(float(shipped.prior["win_chance"])) == pytest.approx(
        logit(_p(_inputs(), _flat(float(shipped.prior["win_chance"])))))


# From a deal: the inputs must carry each part of the deal into the simulation.

def test_a_differentiating_offer_item_strictly_raises_a_deals_probability() -> None:
    deal = load_deal(BILL)
    item = OfferItem(text="Quarterly cash-flow forecasting with our analyst",
                     capability="cash-flow-forecasting", id="extra-service")
    more = replace(deal, offer=(*deal.offer, item))
    before = assess_deal(deal, seed=3, runs=RUNS).win_probability
    after = assess_deal(more, seed=3, runs=RUNS)
    assert next(i for i in after.offer_items if i.id == "extra-service").classification \
        == "differentiator"
    assert after.win_probability > before + 0.005


def test_a_gap_the_prospect_stated_strictly_raises_a_deals_probability() -> None:
    deal = load_deal(READY)
    contact = deal.prospect.contacts[0].name
    gap = replace(deal.gaps[0], id="new-gap", summary="Nobody forecasts our cash",
                  capability="cash-flow-forecasting", proactive=True, incumbent_delivers=False,
                  evidence=GapEvidence(stated_by=contact, quote="Nobody ever forecasts it.",
                                       impact="Two lost weeks a quarter", owner=contact))
    without = replace(deal, gaps=tuple(g for g in deal.gaps
                                       if g.capability != "cash-flow-forecasting"))
    before = assess_deal(without, seed=3, runs=RUNS).win_probability
    after = assess_deal(replace(without, gaps=(*without.gaps, gap)), seed=3,
                        runs=RUNS).win_probability
    assert after > before + 0.005


def test_a_deal_with_no_gap_stated_carries_the_certain_loss_for_it() -> None:
    from displace.core.deal.evidence import model_inputs

    deal = replace(load_deal(BILL), gaps=())
    weights = load_weights()
    shipped, reasons = model_inputs(deal, (), (), (), weights, "en")
    spared, _ = model_inputs(deal, (), (), (),
                             replace(weights, loss={**weights.loss, "no_stated_gap": 0.0}), "en")
    assert shipped.fixed == pytest.approx(spared.fixed - float(weights.loss["no_stated_gap"]))
    assert float(weights.loss["no_stated_gap"]) > 0
    assert any(r.effect == -float(weights.loss["no_stated_gap"]) for r in reasons)


def _fixed(deal: object, weights: Weights | None = None, reports: tuple[object, ...] = ()) -> float:
    from displace.core.deal.evidence import model_inputs

    inputs, _ = model_inputs(deal, (), (), reports, weights or load_weights(), "en")  # type: ignore[arg-type]
    return inputs.fixed


def test_an_unknown_decision_maker_costs_its_loss() -> None:
    from displace.core.deal.model import Decision

    weights = load_weights()
    deal = load_deal(BILL)
    nobody = replace(deal, decision=replace(deal.decision, maker=""),
                     prospect=replace(deal.prospect, contacts=tuple(
                         replace(c, decision_role="influencer") for c in deal.prospect.contacts)))
    named = replace(nobody, decision=Decision(maker=nobody.prospect.contacts[0].name,
                                              willing=nobody.decision.willing))
    assert _fixed(named) - _fixed(nobody) == pytest.approx(
        float(weights.loss["unknown_decision_maker"]))


def test_each_part_of_the_vision_and_a_rehearsed_counter_add_their_gains() -> None:
    from displace.core.deal.model import Vision

    weights = load_weights()
    deal = load_deal(BILL)
    blank = replace(deal, vision=Vision(), decision=replace(deal.decision,
                                                            counter_rehearsed=False))
    two = replace(blank, vision=Vision(what="Weekly cash forecasts", who="The CFO"))
    assert _fixed(two) - _fixed(blank) == pytest.approx(2 * float(weights.gain["vision_part"]))
    rehearsed = replace(blank, decision=replace(blank.decision, counter_rehearsed=True))
    assert _fixed(rehearsed) - _fixed(blank) == pytest.approx(
        float(weights.gain["counter_rehearsed"]))


def test_a_risk_found_in_a_conversation_costs_its_loss() -> None:
    from tests.core.deal.builders import make_report

    weights = load_weights()
    deal = load_deal(BILL)
    behaviour, loss = next(iter(weights.loss["finding"].items()))
    report = make_report([("prospect", "Let me think about it.")],
                         [(behaviour, 0, "Let me think about it")])
    assert _fixed(deal) - _fixed(deal, reports=(report,)) == pytest.approx(float(loss))
