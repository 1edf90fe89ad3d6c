"""The assessment: readiness, counter-move, probability, risks, next questions, confidence."""

from __future__ import annotations

from dataclasses import replace

import pytest

from displace.core.deal import Deal, DealFileError, assess_deal, deal_from_dict, load_deal
from displace.core.model import Report
from tests.core.deal.builders import BILL, GENERAL_VI, INSURANCE_VI, READY


def test_bills_deal_is_not_ready_and_says_why(bill_call: Report) -> None:
    a = assess_deal(load_deal(BILL), reports=[bill_call])
    assert not a.ready
    assert any("No gap stated by the prospect" in r for r in a.verdict_reasons)
    assert a.win_probability < 0.15
    assert a.interval[0] <= a.win_probability <= a.interval[1]


def test_the_incumbent_matches_all_of_bills_offer_within_days(bill_call: Report) -> None:
    counter = assess_deal(load_deal(BILL), reports=[bill_call]).counter_move
    assert counter.matches_all
    assert 0 < counter.days <= 7
    assert "no advantage is left" in counter.summary


def test_bills_risks_name_the_missing_gap_the_signals_and_the_decision(
    bill_call: Report,
) -> None:
    a = assess_deal(load_deal(BILL), reports=[bill_call])
    ids = [r.id for r in a.risks]
    for wanted in (
        "no-stated-gap",
        "status-quo-signals",
        "missed-cue",
        "unknown-decision-maker",
        "unknown-willingness",
        "loss-signal",
        "offer-matchable",
    ):
        assert wanted in ids
    missed = next(r for r in a.risks if r.id == "missed-cue")
    assert "credit line" in missed.text.lower() and "could do better" in missed.text
    assert [r.severity for r in a.risks] == sorted(
        (r.severity for r in a.risks), key=["high", "medium", "low"].index
    )


def test_bills_next_questions_fit_growth_and_the_credit_line(bill_call: Report) -> None:
    a = assess_deal(load_deal(BILL), reports=[bill_call])
    assert a.next_questions
    first = a.next_questions[0]
    assert {"growth", "credit-line"} <= set(first.question.fits)
    reasons = " ".join(w for q in a.next_questions for w in q.why)
    assert "30 M$" in reasons and "42 M$" in reasons
    assert "credit line" in reasons.lower()


def test_the_stall_and_loss_signal_lower_bills_chance(bill_call: Report) -> None:
    deal = load_deal(BILL)
    assert (
        assess_deal(deal, reports=[bill_call]).win_probability < assess_deal(deal).win_probability
    )


def test_the_ready_deal_is_ready_with_more_than_even_odds() -> None:
    a = assess_deal(load_deal(READY))
    assert a.ready, a.verdict_reasons
    assert a.win_probability > 0.5
    assert a.gaps[0].status == "owned" and not a.gaps[0].missing


def test_the_ready_deal_stops_being_ready_when_the_decision_maker_is_unwilling() -> None:
    deal = load_deal(READY)
    deal = replace(deal, decision=replace(deal.decision, willing="no"))
    a = assess_deal(deal)
    assert not a.ready
    assert "unwilling" in [r.id for r in a.risks]


def test_the_vietnamese_insurance_deal_is_assessed_in_vietnamese() -> None:
    a = assess_deal(load_deal(INSURANCE_VI), lang="vi")
    assert not a.ready
    assert any("sẵn sàng" in r for r in a.verdict_reasons)
    classes = {i.id: i.classification for i in a.offer_items}
    assert classes == {"dai-dien-boi-thuong": "differentiator", "giam-phi": "matchable"}
    assert a.gaps[0].status == "quantified"


def test_a_stated_gap_from_the_conversation_counts_as_stated() -> None:
    from tests.core.deal.builders import make_report

    call = make_report(
        [("prospect", "Nobody at the bank ever reviewed our credit structure before we grew.")],
        [("prospect-stated-gap", 0, "Nobody at the bank ever reviewed our credit structure")],
    )
    a = assess_deal(load_deal(BILL), reports=[call])
    spoken = [g for g in a.gaps if g.source == "conversation"]
    assert spoken and spoken[0].stated
    assert spoken[0].capability.id == "credit-structure-review"
    assert "no-stated-gap" not in [r.id for r in a.risks]


def test_the_confidence_gap_flags_an_over_confident_rep(bill_call: Report) -> None:
    gap = assess_deal(load_deal(BILL), reports=[bill_call]).confidence_gap
    assert gap.flag == "over-confident"
    assert gap.rep == 0.8 and gap.difference is not None and gap.difference > 0.5


def test_every_probability_comes_with_reasons_in_both_languages(bill_call: Report) -> None:
    for lang, word in (("en", "incumbent"), ("vi", "khách hàng")):
        a = assess_deal(load_deal(BILL), reports=[bill_call], lang=lang)
        assert len(a.probability_reasons) >= 4
        assert any(word in r.text for r in a.probability_reasons)


def test_the_json_form_carries_its_schema_and_the_numbers(bill_call: Report) -> None:
    data = assess_deal(load_deal(BILL), reports=[bill_call]).to_dict()
    assert data["schema"] == "displace.assessment/1"
    assert data["ready"] is False
    assert {i["classification"] for i in data["offer_items"]} == {"matchable"}
    assert data["interval"][0] <= data["win_probability"] <= data["interval"][1]


def test_an_unknown_capability_id_is_a_deal_file_error() -> None:
    deal = load_deal(BILL)
    deal = replace(deal, offer=(replace(deal.offer[0], capability="free-lunch"),))
    with pytest.raises(DealFileError, match=r"offer\[0\]\.capability: expected a capability id"):
        assess_deal(deal)


def test_an_unknown_industry_is_a_deal_file_error() -> None:
    deal = load_deal(BILL)
    deal = replace(deal, prospect=replace(deal.prospect, industry="space-mining"))
    with pytest.raises(DealFileError, match=r"prospect\.industry: expected one of .*sme-banking"):
        assess_deal(deal)


# ---------------------------------------------------------------- a deal in any other industry


def _general_deal(offer: list[str], claims: list[str]) -> Deal:
    return deal_from_dict({
        "schema": "displace.deal/1", "title": "Packaging for a furniture maker",
        "prospect": {"name": "Go Viet Furniture", "industry": "other"},
        "our_side": {"organisation": "Sao Mai Packaging", "rep": "Tung",
                     "claims": [{"text": t} for t in claims]},
        "incumbent": {"name": "Hoa Phat Dat Packaging"},
        "offer": [{"id": f"o{n}", "text": t} for n, t in enumerate(offer)],
    })


def test_a_deal_in_another_industry_assesses_against_the_general_catalogue() -> None:
    deal = _general_deal(["We give a 10 % discount"], ["ISO 9001 certified"])
    a = assess_deal(deal)
    [discount] = a.offer_items
    [iso] = a.claims
    assert (discount.capability.id, discount.classification) == ("price-discount", "matchable")
    assert "can match it with one phone call" in discount.reason
    assert (iso.capability.id, iso.classification) == ("certifications", "parity")
    assert a.next_questions  # from the general playbook
    assert all(q.question.industry == "other" for q in a.next_questions)


def test_a_vietnamese_offer_in_another_industry_is_recognised_from_its_words() -> None:
    deal = _general_deal(["Giảm giá 10 % cho năm đầu", "Rà soát quy trình đóng gói mỗi quý"],
                         ["Đạt chuẩn ISO 9001 từ năm 2012"])
    a = assess_deal(deal, lang="vi")
    classes = {i.text: (i.capability.id, i.classification) for i in (*a.offer_items, *a.claims)}
    assert classes == {
        "Giảm giá 10 % cho năm đầu": ("price-discount", "matchable"),
        "Rà soát quy trình đóng gói mỗi quý": ("process-audit", "differentiator"),
        "Đạt chuẩn ISO 9001 từ năm 2012": ("certifications", "parity"),
    }
    assert "một cuộc gọi" in a.offer_items[0].reason


def test_the_example_deal_in_another_industry_assesses_in_both_languages() -> None:
    deal = load_deal(GENERAL_VI)
    assert deal.industry == "other"
    for lang in ("vi", "en"):
        a = assess_deal(deal, lang=lang)
        assert {i.classification for i in a.offer_items} == {"differentiator", "matchable"}
        assert a.next_questions[0].question.capability == "process-audit"
