"""The model's terms as expected log-odds per family (an assessment's `terms`, what a refit
learns from), and the team's multipliers applied to the shipped weights: a test here fails
when any one family is left out of either."""

from __future__ import annotations

from dataclasses import replace

import pytest

from displace.core.deal import assess_deal, load_deal
from displace.core.deal.evidence import model_inputs
from displace.core.deal.model import Vision
from displace.core.deal.probability import (
    GapTerm,
    ModelInputs,
    OfferTerm,
    expected_terms,
    logistic,
    logit,
    simulate,
)
from displace.core.deal.weights import FAMILIES, load_weights, scaled_weights
from displace.core.errors import DisplaceError
from tests.core.deal.builders import BILL, make_report

RUNS = 400


def _report() -> object:
    return make_report([("prospect", "Let me think about it. Call me on Friday the 12th.")],
                       [("stall", 0, "Let me think about it"),
                        ("dated-next-step", 0, "Call me on Friday the 12th")])


def _rich_deal() -> object:
    """Bill's deal with a vision and a rehearsed counter: every family has a term."""
    deal = load_deal(BILL)
    return replace(deal, vision=Vision(what="Weekly cash forecasts", who="The CFO"),
                   decision=replace(deal.decision, counter_rehearsed=True))


def _terms(deal: object, weights: object = None, reports: tuple[object, ...] = ()
           ) -> dict[str, float]:
    shipped = load_weights()
    assessment = assess_deal(deal, reports=reports, runs=RUNS)  # type: ignore[arg-type]
    inputs, _ = model_inputs(deal, assessment.offer_items, assessment.gaps, reports,  # type: ignore[arg-type]
                             weights or shipped, "en")  # type: ignore[arg-type]
    return expected_terms(inputs, weights or shipped)  # type: ignore[arg-type]


def test_an_assessment_carries_one_term_per_family_and_the_shipped_version() -> None:
    assessment = assess_deal(_rich_deal(), reports=(_report(),), runs=RUNS)  # type: ignore[arg-type]
    assert tuple(assessment.terms) == FAMILIES
    assert all(assessment.terms[f] != 0.0 for f in FAMILIES)
    assert assessment.terms["prior"] == pytest.approx(logit(0.08))
    assert assessment.weights_version == 0
    data = assessment.to_dict()
    assert data["weights_version"] == 0 and set(data["terms"]) == set(FAMILIES)


def test_the_terms_add_up_to_the_log_odds_of_a_certain_deal() -> None:
    shipped = load_weights()
    flat = replace(shipped, prior={**shipped.prior, "spread": 0.0},
                   gap={**shipped.gap, "worth_range": [1.0, 1.0]})
    inputs = ModelInputs(offer=(OfferTerm("o", 0.0, 0.6), OfferTerm("m", 1.0, 0.25)),
                         gaps=(GapTerm("g", "cash", 0.0, 0.8),), fixed=-0.3, willing="yes",
                         fixed_terms=(("vision", 0.24), ("risks", -0.54)))
    terms = expected_terms(inputs, flat)
    assert terms["offer"] == pytest.approx(0.6)
    assert terms["gaps"] == pytest.approx(0.8)
    assert terms["decision"] == pytest.approx(float(shipped.gain["willing"]))
    assert terms["vision"] == pytest.approx(0.24) and terms["risks"] == pytest.approx(-0.54)
    assert simulate(inputs, flat, runs=RUNS).probability == pytest.approx(
        logistic(sum(terms.values())))


def test_uncertain_terms_count_at_their_expected_value() -> None:
    shipped = load_weights()
    inputs = ModelInputs(offer=(OfferTerm("o", 0.25, 1.2),),
                         gaps=(GapTerm("a", "cash", 0.5, 0.8), GapTerm("b", "cash", 0.0, 0.5)),
                         fixed=0.0, willing="unknown")
    terms = expected_terms(inputs, shipped)
    assert terms["offer"] == pytest.approx(0.75 * 1.2)
    low, high = shipped.gap["worth_range"]
    # The same gap seen twice counts once, at its best expectation (0.5 beats 0.8 × 0.5).
    assert terms["gaps"] == pytest.approx(0.5 * (low + high) / 2)
    chance = float(shipped.loss["unknown_willing_chance"])
    assert terms["decision"] == pytest.approx(
        chance * float(shipped.gain["willing"])
        - (1 - chance) * float(shipped.loss["unknown_willing"]))


def _changed(before: dict[str, float], after: dict[str, float]) -> set[str]:
    return {f for f in FAMILIES if after[f] != pytest.approx(before[f])}


def test_each_part_of_a_deal_moves_its_own_family_only() -> None:
    weights = load_weights()
    deal = _rich_deal()
    base = _terms(deal)
    more_vision = replace(deal, vision=replace(deal.vision, when="By June"))  # type: ignore[attr-defined]
    after = _terms(more_vision)
    assert _changed(base, after) == {"vision"}
    assert after["vision"] - base["vision"] == pytest.approx(float(weights.gain["vision_part"]))
    unrehearsed = replace(deal, decision=replace(deal.decision, counter_rehearsed=False))  # type: ignore[attr-defined]
    assert _changed(base, _terms(unrehearsed)) == {"decision"}
    no_offer = replace(deal, offer=())
    assert _changed(base, _terms(no_offer)) == {"offer"}
    no_gaps = replace(deal, gaps=())
    assert _changed(base, _terms(no_gaps)) == {"gaps"}
    good = make_report([("prospect", "Call me on Friday the 12th.")],
                       [("dated-next-step", 0, "Call me on Friday the 12th")])
    assert _changed(base, _terms(deal, reports=(good,))) == {"findings"}
    risky = make_report([("prospect", "Let me think about it.")],
                        [("stall", 0, "Let me think about it")])
    assert _changed(base, _terms(deal, reports=(risky,))) == {"risks"}


@pytest.mark.parametrize("family", FAMILIES)
def test_a_familys_multiplier_scales_its_term_and_no_other(family: str) -> None:
    reports = (_report(),)
    shipped = _terms(_rich_deal(), reports=reports)
    scaled = _terms(_rich_deal(), scaled_weights(load_weights(), {family: 2.0}), reports)
    assert scaled[family] == pytest.approx(2.0 * shipped[family])
    assert _changed(shipped, scaled) == {family}


def test_the_shipped_weights_are_those_with_every_multiplier_at_one() -> None:
    shipped = load_weights()
    assert scaled_weights(shipped, {f: 1.0 for f in FAMILIES}) == shipped


@pytest.mark.parametrize(("multipliers", "words"), [
    ({"tenure": 1.0}, "expected families among prior"),
    ({"gaps": -0.5}, "multipliers.gaps: expected a number >= 0"),
    ({"gaps": float("nan")}, "multipliers.gaps"),
])
def test_bad_multipliers_are_refused_by_name(multipliers: dict[str, float], words: str) -> None:
    with pytest.raises(DisplaceError, match=words):
        scaled_weights(load_weights(), multipliers)


def test_an_assessment_with_a_teams_weights_records_their_version() -> None:
    deal, reports = _rich_deal(), (_report(),)
    shipped = assess_deal(deal, reports=reports, runs=RUNS)  # type: ignore[arg-type]
    team = assess_deal(deal, reports=reports, runs=RUNS,  # type: ignore[arg-type]
                       multipliers={"offer": 3.0, "decision": 2.0}, weights_version=4)
    assert team.weights_version == 4 and team.to_dict()["weights_version"] == 4
    # The terms stay those of the shipped weights: a refit reads them on one scale.
    assert team.terms == pytest.approx(shipped.terms)
    assert team.win_probability != pytest.approx(shipped.win_probability)
