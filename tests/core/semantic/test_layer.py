"""The learned layer with the real encoder: what it adds to the rules, and where it stays quiet."""

from __future__ import annotations

import json
from typing import Any

import pytest

from displace import analyze_conversation
from displace.core.report import render_html
from displace.core.semantic import Example, LearnedLayer
from displace.core.semantic.units import Unit

KNOCK_OFF = ("Rep: Thanks for your time.\nBuyer: Sure.\n"
             "Rep: How about I knock fifteen percent off the first year if you sign before March?\n"
             "Buyer: Hmm.")
WEATHER = "Rep: How was the weather in Da Nang?\nBuyer: Hot, very hot.\nRep: Ha, same here."


def _behaviours(text: str, learned: Any) -> dict[str, str]:
    report = analyze_conversation(text.encode(), learned=learned, input_format="plain")
    return {f.behaviour: f.source["kind"] for f in report.findings}


def test_it_finds_a_concession_in_words_no_rule_lists(learned: LearnedLayer) -> None:
    assert "matchable-concession" not in _behaviours(KNOCK_OFF, None)
    found = _behaviours(KNOCK_OFF, learned)
    assert found["matchable-concession"] == "model"
    # the sequence check runs on the combined decisions: an offer before any stated gap
    assert found["premature-proposal"] == "sequence"


def test_it_stays_quiet_on_small_talk(learned: LearnedLayer) -> None:
    assert _behaviours(WEATHER, learned) == {}


def test_every_finding_says_where_it_came_from_in_json_and_html(learned: LearnedLayer) -> None:
    report = analyze_conversation(KNOCK_OFF.encode(), learned=learned, input_format="plain")
    doc = json.loads(json.dumps(report.to_dict()))
    concession = next(f for f in doc["findings"] if f["behaviour"] == "matchable-concession")
    assert concession["source"]["kind"] == "model"
    assert concession["source"]["model"] == learned.name
    assert 0.5 <= concession["source"]["score"] <= 1.0
    assert doc["coach"] == {"rules": True, "model": learned.name}
    page = render_html(report)
    assert f"Found by the model {learned.name}, score {concession['source']['score']}" in page


def test_the_previous_turn_changes_how_a_short_answer_reads(learned: LearnedLayer) -> None:
    asked = Unit(1, 0, 5, "Fine.", "prospect", False, "How is your bank treating you these days?")
    chatted = Unit(1, 0, 5, "Fine.", "prospect", False, "How was the weekend with the kids?")
    scores, _ = learned.score([asked, chatted])
    column = learned.heads.behaviours.index("status-quo-signal")
    assert scores[0, column] > scores[1, column] + 0.1


def test_the_speakers_role_changes_the_score(learned: LearnedLayer) -> None:
    text = "We can waive the setup fee and give you the first month free."
    seller = Unit(0, 0, len(text), text, "seller", False, "")
    prospect = Unit(0, 0, len(text), text, "prospect", False, "")
    scores, _ = learned.score([seller, prospect])
    column = learned.heads.behaviours.index("matchable-concession")
    assert scores[0, column] != pytest.approx(scores[1, column], abs=1e-3)


def test_a_second_reading_runs_no_encoder(learned: LearnedLayer) -> None:
    text = KNOCK_OFF.replace("March", "April")  # sentences no other test has encoded
    first = analyze_conversation(text.encode(), learned=learned, input_format="plain")
    before = learned.cache.encoded
    again = analyze_conversation(text.encode(), learned=learned, input_format="plain")
    assert learned.cache.encoded == before
    assert "matchable-concession" in first.behaviours()
    assert again.behaviours() == first.behaviours()


def test_a_teams_positive_example_fires_on_a_close_sentence(learned: LearnedLayer) -> None:
    text = "Rep: Are your stock counts ever off?\nBuyer: Our pallets go missing in the cold room."
    assert "prospect-stated-gap" not in _behaviours(text, learned)
    example = Example(7, "The pallets keep going missing in the cold room.",
                      "prospect-stated-gap", True)
    report = analyze_conversation(text.encode(), learned=learned, input_format="plain",
                                  examples=[example])
    found = report.by_behaviour("prospect-stated-gap")
    assert found and found[0].source == {"kind": "team", "example": 7,
                                         "similarity": found[0].source["similarity"]}
    assert found[0].source["similarity"] >= 0.92


def test_a_teams_negative_example_silences_a_rule_on_a_close_sentence(
    learned: LearnedLayer,
) -> None:
    text = "Rep: How is your carrier?\nBuyer: They're fine I guess."
    assert "status-quo-signal" in _behaviours(text, learned)
    example = Example(8, "They are fine, I guess.", "status-quo-signal", False)
    report = analyze_conversation(text.encode(), learned=learned, input_format="plain",
                                  examples=[example])
    assert "status-quo-signal" not in report.behaviours()


def test_a_far_sentence_ignores_a_teams_example(learned: LearnedLayer) -> None:
    example = Example(9, "The pallets keep going missing in the cold room.",
                      "prospect-stated-gap", True)
    report = analyze_conversation(WEATHER.encode(), learned=learned, input_format="plain",
                                  examples=[example])
    assert report.by_behaviour("prospect-stated-gap") == []


def _heads(behaviours: tuple[str, ...], gates: dict[str, float]) -> Any:
    import numpy as np

    from displace.core.semantic.heads import Heads

    return Heads("t", "test", behaviours, np.zeros((len(behaviours), 1), np.float32),
                 np.zeros(len(behaviours), np.float32), {b: 1.01 for b in behaviours}, gates)


def _decided(units: list[Unit], found: list[Any], scores: list[list[float]],
             heads: Any, behaviours: frozenset[str]) -> list[str]:
    import numpy as np

    from displace.core.semantic.layer import _decide

    decided = _decide(units, found, np.array(scores), heads, "m", "combined", behaviours)
    return [d.rule for d in decided]


def test_a_gated_rule_stands_only_where_the_head_agrees_but_never_on_the_incumbent() -> None:
    from displace.core.coach.raw import Detection

    heads = _heads(("trial-close",), {"en:close": 0.3})
    seller = Unit(0, 0, 4, "Deal", "seller", False, "")
    incumbent = Unit(1, 0, 4, "Deal", "incumbent", False, "")
    found = [Detection("trial-close", 0, 0, 4, "en:close"),
             Detection("trial-close", 1, 0, 4, "en:close")]
    # the head gives both sentences 0.1: below the gate, but the incumbent's words stand
    kept = _decided([seller, incumbent], found, [[0.1], [0.1]], heads, frozenset({"trial-close"}))
    assert kept == ["en:close"]
    kept = _decided([seller, incumbent], [Detection("trial-close", 0, 0, 4, "en:close")],
                    [[0.4], [0.1]], heads, frozenset({"trial-close"}))
    assert kept == ["en:close"]


def test_a_sequence_checks_finding_is_weighed_by_its_turns_most_telling_sentence() -> None:
    from displace.core.coach.raw import Detection

    heads = _heads(("accepted-stall",), {"sequence:accepted-stall": 0.5})
    sure = Unit(3, 0, 5, "Sure.", "seller", False, "Let me think about it.")
    later = Unit(3, 6, 30, "I'll call you next week.", "seller", False, "Let me think about it.")
    finding = Detection("accepted-stall", 3, 0, 5, "sequence:accepted-stall")
    behaviours = frozenset({"accepted-stall"})
    # the quote "Sure." scores 0.05; the turn's other sentence 0.8 carries it
    assert _decided([sure, later], [finding], [[0.05], [0.8]], heads, behaviours) == [
        "sequence:accepted-stall"]
    assert _decided([sure, later], [finding], [[0.05], [0.2]], heads, behaviours) == []


def test_a_prospects_sentence_the_gap_head_half_believes_is_a_hint_of_a_gap(
    learned: LearnedLayer,
) -> None:
    import numpy as np

    from displace.core.semantic.layer import GAP_HINT, Judgement

    heads = _heads(("prospect-stated-gap",), {})
    units = [Unit(0, 0, 9, "We lose stock.", "prospect", False, ""),
             Unit(1, 0, 9, "We lose stock.", "seller", False, ""),
             Unit(2, 0, 9, "Nice weather.", "prospect", False, "")]
    scores = np.array([[GAP_HINT + 0.05], [0.99], [GAP_HINT - 0.05]])
    judgement = Judgement(units, scores, None, LearnedLayer(learned.cache, heads), "combined")
    hints = judgement.decide([], frozenset({"prospect-stated-gap"}))
    assert [(d.behaviour, d.turn) for d in hints] == [("gap-hint", 0)]


def test_the_prospect_saying_all_is_well_is_never_a_hint_of_a_gap(
    learned: LearnedLayer,
) -> None:
    import numpy as np

    from displace.core.coach.raw import Detection
    from displace.core.semantic.layer import GAP_HINT, Judgement

    heads = _heads(("prospect-stated-gap", "status-quo-signal"), {})
    units = [Unit(0, 0, 20, "Nothing major, really.", "prospect", False, ""),
             Unit(1, 0, 14, "We lose stock.", "prospect", False, "")]
    scores = np.array([[GAP_HINT + 0.05, 0.1], [GAP_HINT + 0.05, 0.1]])
    judgement = Judgement(units, scores, None, LearnedLayer(learned.cache, heads), "combined")
    fine = Detection("status-quo-signal", 0, 0, 20, "rule:status-quo")
    hints = judgement.decide([fine], frozenset({"prospect-stated-gap", "status-quo-signal"}))
    assert [(d.behaviour, d.turn) for d in hints if d.behaviour == "gap-hint"] == [
        ("gap-hint", 1)]
