"""A conversation's charts: talk share by role, and the findings along the call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from displace.web.charts.conversation import findings_timeline, talk_share_bar


@pytest.fixture(autouse=True)
def english() -> object:
    with translation.override("en"):
        yield


@dataclass(frozen=True)
class Found:
    behaviour: str
    polarity: str
    turn: int
    severity: str = "medium"
    quote: str = "We can cut your fees."
    speaker: str = "Bill"


METRICS = {"talk_share": {"seller": 0.6, "prospect": 0.3, "incumbent": 0.1, "other": 0.0},
           "words_by_role": {"seller": 120, "prospect": 60, "incumbent": 20, "other": 0},
           "talk_share_basis": "words"}


def test_talk_share_splits_one_bar_by_the_roles_that_spoke() -> None:
    chart = talk_share_bar(METRICS, language="en")
    assert chart.kind == "stacked-bar" and chart.data["horizontal"] is True
    assert [(s["label"], s["values"], s["tone"]) for s in chart.data["series"]] == [
        ("seller", [60.0], "accent"), ("prospect", [30.0], "good"),
        ("incumbent supplier", [10.0], "info")]
    assert chart.summary == ("Share of the words spoken: seller 60%, prospect 30%, "
                             "incumbent supplier 10%.")


def test_talk_shares_table_carries_each_roles_share_and_words() -> None:
    chart = talk_share_bar(METRICS, language="en")
    assert [[c.text for c in row] for row in chart.table.rows] == [
        ["seller", "60%", "120"], ["prospect", "30%", "60"], ["incumbent supplier", "10%", "20"]]


def test_a_timed_call_shares_the_speaking_time_and_says_so() -> None:
    chart = talk_share_bar({**METRICS, "talk_share_basis": "time"}, language="en")
    assert chart.data["x"]["title"] == "Share of the speaking time"
    assert chart.summary.startswith("Share of the speaking time:")


def test_talk_share_in_vietnamese() -> None:
    with translation.override("vi"):
        chart = talk_share_bar(METRICS, language="vi")
    assert chart.table.rows[0][1].text == "60 %"
    assert chart.data["lang"] == "vi"


def test_talk_share_without_words_says_when_it_will_show() -> None:
    chart = talk_share_bar({}, language="en")
    assert chart.empty and chart.data == {}


TURNS: list[dict[str, Any]] = [
    {"index": i, "speaker": "Bill", "role": "seller", "text": "…", "start": None}
    for i in range(6)]


def test_the_timeline_places_each_finding_at_its_turn_one_row_per_behaviour_risks_first(
) -> None:
    findings = [Found("gap-question", "good", 1), Found("matchable-concession", "risk", 4),
                Found("stall", "risk", 2), Found("matchable-concession", "risk", 0),
                Found("incumbent-mention", "info", 3)]
    chart = findings_timeline(findings, TURNS, language="en")
    assert chart.data["labels"] == ["Matchable concession", "Stall", "Incumbent mentioned",
                                    "Gap question"]
    points = {s["label"]: [(p["x"], p["y"]) for p in s["points"]] for s in chart.data["series"]}
    assert points == {"Risks": [(1, "Matchable concession"), (3, "Stall"),
                                (5, "Matchable concession")],
                      "To note": [(4, "Incumbent mentioned")],
                      "Good moves": [(2, "Gap question")]}
    assert chart.data["x"] == {"title": "Turn", "unit": "turn", "min": 0.5, "max": 6.5}
    assert chart.summary == ("5 findings along the call (risks: 3, good moves: 1, to note: 1).")


def test_a_point_links_to_its_sentence_and_the_table_lists_every_finding() -> None:
    findings = [Found("stall", "risk", 2, quote="Let me think."), Found("trial-close", "risk", 4)]
    chart = findings_timeline(findings, TURNS, language="en",
                              anchor=lambda f: f"#s-{f.turn * 10}")
    (risks,) = chart.data["series"]
    assert [p["href"] for p in risks["points"]] == ["#s-20", "#s-40"]
    assert [[c.text for c in row] for row in chart.table.rows] == [
        ["3", "Bill", "Stall", "Medium risk", "“Let me think.”"],
        ["5", "Bill", "Trial close", "Medium risk", "“We can cut your fees.”"]]
    assert [row[0].href for row in chart.table.rows] == ["#s-20", "#s-40"]


def test_the_timeline_links_to_the_turn_when_no_sentence_is_given() -> None:
    chart = findings_timeline([Found("stall", "risk", 2)], TURNS, language="en")
    assert chart.data["series"][0]["points"][0]["href"] == "#turn-2"


def test_a_timed_call_places_findings_at_their_turns_start_time() -> None:
    timed = [{**t, "start": 30.0 * t["index"]} for t in TURNS]
    chart = findings_timeline([Found("stall", "risk", 3)], timed, language="en")
    point = chart.data["series"][0]["points"][0]
    assert point["x"] == 90.0 and "1:30" in point["text"]
    assert chart.data["x"]["unit"] == "seconds" and chart.data["x"]["max"] == 150.0
    assert chart.table.rows[0][0].text == "1:30"


def test_a_call_without_findings_says_so() -> None:
    chart = findings_timeline([], TURNS, language="en")
    assert "found nothing" in chart.empty and chart.data == {}
