"""A gap is counted once however often it is seen (on the deal, in calls), and the evidence that
states a cue answers the risk of having missed it."""

from __future__ import annotations

from dataclasses import replace

from displace.core.deal import assess_deal, load_deal
from displace.core.deal.gaps import GapCounts, gap_counts, said_within
from displace.core.deal.model import Deal, Gap, GapEvidence
from displace.core.model import Report
from tests.core.deal.builders import BILL, make_report

SAID = "Honestly, nobody at the bank ever reviewed our credit structure before we grew."
CALL = make_report(
    [("seller", "When did your bank last review your credit structure with you?"),
     ("prospect", SAID),
     ("prospect", "And the statements arrive a month late.")],
    [("prospect-stated-gap", 1, "nobody at the bank ever reviewed our credit structure"),
     ("prospect-stated-gap", 2, "the statements arrive a month late")],
)


def _with_stated_gap(deal: Deal, quote: str) -> Deal:
    stated = Gap(id="said", summary="Credit structure never reviewed",
                 evidence=GapEvidence(stated_by="Ray", quote=quote))
    return replace(deal, gaps=(*deal.gaps, stated))


def _gaps_reason(deal: Deal, reports: list[Report]) -> str:
    texts = [r.text for r in assess_deal(deal, reports=reports).probability_reasons]
    return next(t for t in texts if "stated by the prospect;" in t)


def test_words_are_said_within_a_sentence_whatever_their_case_and_punctuation() -> None:
    assert said_within("nobody at the bank ever reviewed", SAID)
    assert said_within("NOBODY at the bank, ever reviewed", SAID)
    assert not said_within("nobody at the bank never reviewed", SAID)
    assert not said_within("grew", "They regrew.")  # whole words only
    assert not said_within("", SAID)


def test_a_gap_on_the_deal_holding_a_calls_words_is_one_gap_not_two() -> None:
    deal = _with_stated_gap(load_deal(BILL), SAID)
    a = assess_deal(deal, reports=[CALL])
    groups = {g.group for g in a.gaps if g.stated}
    assert len([g for g in a.gaps if g.stated]) == 3 and len(groups) == 2
    assert gap_counts(a.gaps) == GapCounts(stated=2, assumed=1)
    assert a.to_dict()["gap_counts"] == {"stated": 2, "assumed": 1}
    assert _gaps_reason(deal, [CALL]).startswith("2 gaps stated by the prospect")


def test_a_gap_on_the_deal_in_other_words_is_another_gap() -> None:
    deal = _with_stated_gap(load_deal(BILL), "Our overdraft limit is too small.")
    a = assess_deal(deal, reports=[CALL])
    assert gap_counts(a.gaps) == GapCounts(stated=3, assumed=1)
    assert _gaps_reason(deal, [CALL]).startswith("3 gaps stated by the prospect")


def test_the_same_words_in_two_calls_are_one_gap() -> None:
    a = assess_deal(load_deal(BILL), reports=[CALL, replace(CALL)])
    assert gap_counts(a.gaps) == GapCounts(stated=2, assumed=1)


def test_a_stated_gap_holding_the_cue_answers_the_missed_cue(bill_call: Report) -> None:
    deal = load_deal(BILL)
    risks = [r.id for r in assess_deal(deal, reports=[bill_call]).risks]
    assert "missed-cue" in risks
    answered = _with_stated_gap(deal, "I think they could do better.")
    assert "missed-cue" not in [r.id for r in assess_deal(answered, reports=[bill_call]).risks]
    other = _with_stated_gap(deal, "The statements arrive a month late.")
    assert "missed-cue" in [r.id for r in assess_deal(other, reports=[bill_call]).risks]


def test_an_assumed_gap_in_the_cues_words_does_not_answer_it(bill_call: Report) -> None:
    deal = load_deal(BILL)
    words = "they could do better"
    assumed = replace(deal, gaps=(*deal.gaps, Gap(id="x", summary=words,
                                                  evidence=GapEvidence(quote=words))))
    assert "missed-cue" in [r.id for r in assess_deal(assumed, reports=[bill_call]).risks]
