"""The win probability's properties, checked on generated deals (hypothesis)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from displace.core.deal import Deal, Gap, GapEvidence, OfferItem, assess_deal, load_deal
from displace.core.deal.counter import match_chance
from displace.core.deal.weights import load_weights
from displace.core.model import Report
from tests.core.deal.builders import BILL, INSURANCE_VI, READY, make_report

RUNS = 300  # enough for the properties, which hold run by run, not only on average
SERVICES = [
    "credit-structure-review",
    "cash-flow-forecasting",
    "working-capital-review",
    "relationship-manager-reviews",
    "local-credit-decision",
]
CONCESSIONS = [
    "credit-line-increase",
    "fee-reduction",
    "lending-rate-discount",
    "atm-fee-refund",
    "collateral-relief",
]
BASES = st.sampled_from([BILL, READY])
SEEDS = st.integers(min_value=0, max_value=2**31)


def _p(deal: Deal, seed: int, reports: list[Report] | None = None) -> float:
    return assess_deal(deal, reports=reports or (), seed=seed, runs=RUNS).win_probability


def _validated_gap(deal: Deal, capability: str, n: int) -> Gap:
    contact = deal.prospect.contacts[0].name
    evidence = GapEvidence(
        stated_by=contact,
        quote=f"Nobody has ever done this for us ({n}).",
        impact="Two lost weeks a quarter",
        owner=contact,
    )
    return Gap(
        id=f"new-gap-{n}",
        summary=f"Missing service {n}",
        capability=capability,
        proactive=True,
        incumbent_delivers=False,
        evidence=evidence,
    )


@settings(max_examples=25, deadline=None)
@given(
    base=BASES, seed=SEEDS, capability=st.sampled_from(SERVICES + CONCESSIONS), n=st.integers(0, 99)
)
def test_adding_a_validated_gap_never_lowers_the_win_probability(
    base: object, seed: int, capability: str, n: int
) -> None:
    deal = load_deal(base)  # type: ignore[arg-type]
    more = replace(deal, gaps=(*deal.gaps, _validated_gap(deal, capability, n)))
    assert _p(more, seed) >= _p(deal, seed)


@settings(max_examples=25, deadline=None)
@given(base=BASES, seed=SEEDS, capability=st.sampled_from(CONCESSIONS))
def test_adding_a_matchable_concession_raises_it_by_at_most_the_chance_of_no_match(
    base: object, seed: int, capability: str
) -> None:
    deal = load_deal(base)  # type: ignore[arg-type]
    item = OfferItem(text="A better price", capability=capability, id="extra-concession")
    more = replace(deal, offer=(*deal.offer, item))
    assessment = assess_deal(more, seed=seed, runs=RUNS)
    added = next(i for i in assessment.offer_items if i.id == "extra-concession")
    assert added.classification == "matchable"
    no_match = 1 - match_chance(added, deal.incumbent, load_weights())
    assert assessment.win_probability - _p(deal, seed) <= no_match + 1e-12


@settings(max_examples=25, deadline=None)
@given(
    base=st.sampled_from([BILL, READY, INSURANCE_VI]),
    seed=SEEDS,
    behaviour=st.sampled_from(["stall", "loss-signal"]),
    extra=st.integers(0, 4),
)
def test_a_stall_or_a_loss_signal_never_raises_it(
    base: object, seed: int, behaviour: str, extra: int
) -> None:
    deal = load_deal(base)  # type: ignore[arg-type]
    turns = [("prospect", "Let me review it and we can talk next week.")]
    before = make_report(turns, [("stall", 0, "Let me review it")] * (extra % 2))
    after = make_report(
        turns,
        [*[("stall", 0, "Let me review it")] * (extra % 2), (behaviour, 0, "Let me review it")],
    )
    assert _p(deal, seed, [after]) <= _p(deal, seed, [before])


@settings(max_examples=10, deadline=None)
@given(base=st.sampled_from([BILL, READY, INSURANCE_VI]), seed=SEEDS)
def test_the_result_is_identical_for_the_same_seed(base: object, seed: int) -> None:
    deal = load_deal(base)  # type: ignore[arg-type]
    first = assess_deal(deal, seed=seed, runs=RUNS).to_dict()
    assert assess_deal(deal, seed=seed, runs=RUNS).to_dict() == first


def test_a_different_seed_can_give_a_different_interval() -> None:
    deal = load_deal(READY)
    results = {assess_deal(deal, seed=s, runs=200).interval for s in range(5)}
    assert len(results) > 1


def test_an_assessment_in_a_second_language_reuses_the_first_ones_simulation() -> None:
    from displace.core.deal import probability

    deal = load_deal(BILL)
    english = assess_deal(deal, lang="en", seed=3)
    kept = probability._last
    vietnamese = assess_deal(deal, lang="vi", seed=3)
    assert kept is not None and probability._last is kept  # not run again
    assert (vietnamese.win_probability, vietnamese.interval) == (english.win_probability,
                                                                 english.interval)
    assess_deal(deal, lang="vi", seed=4)  # another seed is another simulation
    assert probability._last is not kept and probability._last[2] == 4
    changed = replace(deal, rep_confidence=0.9)  # the same inputs again: still not run again
    again = probability._last
    assess_deal(changed, lang="en", seed=4)
    assert probability._last is again
