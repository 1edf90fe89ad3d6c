"""Bill's deal assessed with the seed conversation, through the real conversation coach."""

from __future__ import annotations

from pathlib import Path

import pytest

from displace import analyze_conversation
from displace.core.deal import assess_deal, load_deal
from tests.core.deal.builders import BILL


@pytest.mark.seed
def test_bills_deal_with_the_seed_conversation_meets_the_issue(seed_path: Path) -> None:
    report = analyze_conversation(seed_path)
    a = assess_deal(load_deal(BILL), reports=[report])
    assert not a.ready
    assert {i.classification for i in a.offer_items} == {"matchable"}
    assert {c.classification for c in a.claims if c.source == "deal-claim"} == {"parity"}
    assert a.counter_move.matches_all and a.counter_move.days <= 7
    assert a.win_probability < 0.15
    ids = {r.id for r in a.risks}
    assert {
        "no-stated-gap",
        "status-quo-signals",
        "missed-cue",
        "unknown-decision-maker",
        "unknown-willingness",
    } <= ids
    missed = [r for r in a.risks if r.id == "missed-cue"]
    assert any("credit" in r.text.lower() for r in missed)
    assert a.next_questions
    assert all(q.question.industry == "sme-banking" for q in a.next_questions)
    assert {"growth", "credit-line"} <= set(a.next_questions[0].question.fits)
