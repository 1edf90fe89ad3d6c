"""The sequence checks on given decisions: what a gap hint and a head's own finding change."""

from __future__ import annotations

from displace.core.coach.analyze import scan_rules
from displace.core.coach.detect import TurnScan
from displace.core.coach.packs import compiled_packs
from displace.core.coach.raw import Detection
from displace.core.coach.sequences import anchored, sequence_detections
from displace.core.transcript import read_conversation

CALL = """Rep: How is your carrier treating you?
Buyer: The drivers are lovely. The invoices are a bit of a puzzle some months.
Rep: We can take ten percent off your rate.
Buyer: Let me think about it.
Rep: Sure, no rush.
"""


def _scans(text: str = CALL) -> list[TurnScan]:
    scans, _ = scan_rules(read_conversation(text, input_format="plain"), compiled_packs())
    return scans


def _premature(scans: list[TurnScan], detections: list[Detection]) -> list[int]:
    found = sequence_detections(scans, detections, scorecard_of(scans), threshold=0.99,
                                words=[10] * len(scans), stopwords={})
    return [d.turn for d in found if d.behaviour == "premature-proposal"]


def scorecard_of(scans: list[TurnScan]):  # type: ignore[no-untyped-def]
    from displace.core.coach.metrics import scorecard

    return scorecard(scans, [10] * len(scans))


def test_an_offer_before_any_gap_is_premature_but_not_after_a_hint_of_one() -> None:
    scans = _scans()
    offer = Detection("matchable-concession", 2, 0, 10, "en:concession.discount")
    assert _premature(scans, [offer]) == [2]
    hint = Detection("gap-hint", 1, 24, 70, "model:m")
    assert _premature(scans, [hint, offer]) == []
    # a hint after the offer does not make it timely
    assert _premature(scans, [offer, Detection("gap-hint", 3, 0, 5, "model:m")]) == [2]


def test_a_heads_own_accepted_stall_must_answer_a_stall() -> None:
    scans = _scans()
    stall = Detection("stall", 3, 0, 21, "en:stall.defer")
    heads = Detection("accepted-stall", 4, 0, 16, "model:m")
    kept = anchored(scans, [stall], [heads])
    assert [(d.rule, d.data["stall_turn"]) for d in kept] == [("model:m", 3)]
    assert anchored(scans, [], [Detection("accepted-stall", 4, 0, 16, "model:m")]) == []


def test_a_heads_own_finding_gives_way_to_the_checks_in_the_same_turn() -> None:
    scans = _scans()
    cue = Detection("dissatisfaction-cue", 1, 24, 70, "en:cue.hedged-service")
    checked = Detection("missed-cue", 2, 0, 10, "sequence:missed-cue", data={"cue_turn": 1})
    heads = Detection("missed-cue", 2, 0, 10, "model:m")
    assert anchored(scans, [cue], [checked, heads]) == [checked]


def test_a_teams_example_of_a_sequence_behaviour_needs_nothing_before_it() -> None:
    team = Detection("missed-cue", 2, 0, 10, "team:example-3")
    assert anchored(_scans(), [], [team]) == [team]

