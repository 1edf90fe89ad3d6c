"""The coach on the seed document, read in place: what issue 2 says must be found, and not.

Every check holds for the rules alone and for the rules with the learned layer beside them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from displace import Report, analyze_conversation
from displace.core.text import fold

pytestmark = pytest.mark.seed


@pytest.fixture(scope="module", params=["rules", "rules and model"])
def report(request: pytest.FixtureRequest, seed_path: Path) -> Report:
    if request.param == "rules":
        return analyze_conversation(seed_path, learned=None)
    layer = request.getfixturevalue("learned")
    found = analyze_conversation(seed_path, learned=layer)
    assert found.coach["model"] == layer.name
    return found


def quotes(report: Report, behaviour: str, role: str | None = None) -> list[str]:
    return [
        fold(f.quote)
        for f in report.findings
        if f.behaviour == behaviour and (role is None or f.role == role)
    ]


def turn_text(report: Report, behaviour: str) -> list[str]:
    turns = report.conversation.turns
    return [fold(turns[f.turn_index].text) for f in report.by_behaviour(behaviour)]


def test_it_assigns_the_three_parties_from_the_labels(report: Report) -> None:
    speakers = report.conversation.speakers
    assert speakers["Người bán"] == "seller"
    assert speakers["Khách hàng tiềm năng"] == "prospect"
    assert speakers["Ngân hàng hiện tại"] == "incumbent"
    assert set(speakers.values()) <= {"seller", "prospect", "incumbent"}
    assert report.conversation.language == "vi"


def test_it_finds_the_three_parity_claims(report: Report) -> None:
    found = " | ".join(quotes(report, "parity-claim", "seller"))
    assert "1953" in found
    assert "12 chi nhanh" in found
    assert "ba cong ty" in found


def test_it_finds_both_generic_satisfaction_questions(report: Report) -> None:
    found = quotes(report, "generic-satisfaction-question")
    assert len(found) == 2
    assert any("dich vu nhu the nao" in q for q in found)
    assert any("van de gi" in q for q in found)


def test_it_finds_the_prospects_status_quo_signals(report: Report) -> None:
    found = " | ".join(quotes(report, "status-quo-signal", "prospect"))
    for signal in ("noi chung la tot", "khong co gi dang ke", "lam rat tot", "co gi dac biet"):
        assert signal in found


def test_it_finds_the_credit_line_cue_and_the_missed_cue_after_it(report: Report) -> None:
    cues = report.by_behaviour("dissatisfaction-cue")
    credit = [c for c in cues if "lam tot hon" in fold(c.quote)]
    assert credit, "the cue about the credit line"
    turns = report.conversation.turns
    asked_before = fold(turns[credit[0].turn_index - 1].text)
    assert "tin dung" in asked_before
    missed = [
        m for m in report.by_behaviour("missed-cue") if m.data["cue_turn"] == credit[0].turn_index
    ]
    assert missed and missed[0].role == "seller"
    assert "phi" in fold(turns[missed[0].turn_index].text)


def test_it_finds_bills_trial_close_and_the_incumbents(report: Report) -> None:
    roles = {f.role for f in report.by_behaviour("trial-close")}
    assert {"seller", "incumbent"} <= roles


def test_it_finds_each_matchable_concession_of_the_proposal(report: Report) -> None:
    proposal = [
        f
        for f in report.by_behaviour("matchable-concession")
        if "300.000" in report.conversation.turns[f.turn_index].text
    ]
    text = " | ".join(fold(f.quote) for f in proposal)
    assert "tin dung" in text
    assert "giam bot" in text
    assert "hoan tra" in text
    assert len(proposal) >= 3


def test_it_says_the_proposal_is_premature(report: Report) -> None:
    premature = turn_text(report, "premature-proposal")
    assert any("300.000" in t for t in premature)
    assert not report.by_behaviour("prospect-stated-gap")


def test_it_finds_the_stalls_and_bills_accepted_stall(report: Report) -> None:
    assert len({f.turn_index for f in report.by_behaviour("stall")}) >= 2
    accepted = report.by_behaviour("accepted-stall")
    assert len(accepted) == 1
    assert accepted[0].role == "seller"
    stall_turn = report.conversation.turns[accepted[0].data["stall_turn"]]
    assert "goi lai" in fold(stall_turn.text)


def test_it_captures_the_incumbent_and_about_six_years(report: Report) -> None:
    incumbent = report.facts["incumbent"]
    assert incumbent["name"] == "Giant National"
    assert incumbent["tenure"]["years"] == 6
    assert incumbent["tenure"]["approximate"] is True
    assert "sap nhap" in fold(incumbent["origin"])
    mentions = report.by_behaviour("incumbent-mention")
    assert mentions and mentions[0].role == "prospect"


def test_it_finds_the_incumbents_counter(report: Report) -> None:
    counters = report.by_behaviour("incumbent-counter")
    assert counters and all(f.role == "incumbent" for f in counters)
    assert any("mo rong" in fold(f.quote) for f in counters)


def test_it_finds_the_final_loss_signal(report: Report) -> None:
    losses = report.by_behaviour("loss-signal")
    assert losses
    last_prospect = max(t.index for t in report.conversation.turns if t.role == "prospect")
    assert losses[-1].turn_index == last_prospect


def test_it_reads_the_offer_amount_in_vietnamese_conventions(report: Report) -> None:
    amounts = {(a["value"], a["currency"]) for a in report.facts["amounts"]}
    assert (300_000.0, "USD") in amounts
    assert (30_000_000.0, "USD") in amounts
    assert (42_000_000.0, "USD") in amounts


def test_it_reports_no_badmouthing_and_no_good_behaviour(report: Report) -> None:
    assert not report.by_behaviour("badmouthing")
    good = [f.behaviour for f in report.findings if f.polarity == "good"]
    assert good == []
