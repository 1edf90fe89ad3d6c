"""The manager's charts: each figure drawn is right, and each is in the text alternative."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from displace.web.charts.pipeline import (
    DealPoint,
    RepWeeks,
    confidence_scatter,
    hot_spot_lines,
    stage_value_bars,
)
from displace.web.charts.spec import ChartSpec
from displace.web.pipeline.totals import StageTotal


@pytest.fixture(autouse=True)
def english() -> object:
    with translation.override("en"):
        yield


def _cells(chart: ChartSpec) -> list[str]:
    return [cell.text for row in chart.table.rows for cell in row]


def _point(title: str, confidence: float, evidence: float) -> DealPoint:
    return DealPoint(title=title, href=f"/deals/{title}/", rep="alice", incumbent="Northern Bank",
                     confidence=confidence, evidence=evidence)


# The rep's confidence against the evidence.

def test_the_scatter_puts_a_deal_the_rep_believes_in_more_than_the_evidence_above_the_diagonal(
) -> None:
    chart = confidence_scatter([_point("a", 0.8, 0.3), _point("b", 0.4, 0.6),
                                _point("c", 0.5, 0.5)], total=3, language="en")
    above, rest = chart.data["series"]
    assert above["tone"] == "risk" and rest["tone"] == "good"
    assert [(p["x"], p["y"]) for p in above["points"]] == [(30.0, 80.0)]
    assert [(p["x"], p["y"]) for p in rest["points"]] == [(60.0, 40.0), (50.0, 50.0)]
    assert chart.data["diagonal"] is True
    assert above["points"][0]["href"] == "/deals/a/"
    assert above["points"][0]["text"] == "a: rep's confidence 80%, evidence 30%"


def test_the_scatters_table_carries_every_figure_and_links_each_deal() -> None:
    chart = confidence_scatter([_point("a", 0.8, 0.3), _point("b", 0.4, 0.65)], total=2,
                               language="en")
    assert [[c.text for c in row] for row in chart.table.rows] == [
        ["a", "alice", "Northern Bank", "80%", "30%", "+50"],
        ["b", "alice", "Northern Bank", "40%", "65%", "-25"]]
    assert [row[0].href for row in chart.table.rows] == ["/deals/a/", "/deals/b/"]
    assert "2 open deals with both figures" in chart.summary
    assert "on 1 the rep is more confident" in chart.summary


def test_the_scatter_says_how_many_deals_it_leaves_out() -> None:
    chart = confidence_scatter([_point("a", 0.8, 0.3)], total=1_250, language="en")
    assert "the 1 of 1,250 open deals with both figures where they differ most" in chart.summary


def test_an_empty_scatter_says_what_to_do() -> None:
    chart = confidence_scatter([], total=0, language="en")
    assert chart.empty and "Set the rep's confidence" in chart.empty
    assert chart.data == {} and chart.table.rows == ()


# Pipeline value by stage, weighted both ways.

def _total(stage: str, currency: str, value: int, evidence: float, confidence: float,
           count: int = 1) -> StageTotal:
    return StageTotal(stage, currency, count, Decimal(value), evidence, confidence)


def test_stage_bars_weigh_each_stages_value_by_the_evidence_and_by_the_reps_confidence() -> None:
    (chart,) = stage_value_bars([_total("gap", "USD", 1000, 250.0, 700.0, 2),
                                 _total("proposal", "USD", 400, 300.0, 360.0)], language="en")
    value, evidence, confidence = chart.data["series"]
    assert chart.data["labels"] == ["Discovery", "Gap", "Vision", "Commitment", "Proposal"]
    assert value["values"] == [0.0, 1000.0, 0.0, 0.0, 400.0]
    assert evidence["values"] == [0.0, 250.0, 0.0, 0.0, 300.0]
    assert confidence["values"] == [0.0, 700.0, 0.0, 0.0, 360.0]
    assert [s["label"] for s in chart.data["series"]] == [
        "Value", "Weighted by the evidence", "Weighted by the reps' confidence"]
    assert evidence["texts"][1] == "$250" and confidence["texts"][4] == "$360"


def test_stage_bars_never_add_one_currency_to_another() -> None:
    charts = stage_value_bars([_total("gap", "VND", 1_500_000_000, 5e8, 1e9),
                               _total("gap", "USD", 1000, 250.0, 700.0)], language="en")
    assert [c.id for c in charts] == ["stage-value-usd", "stage-value-vnd"]
    usd, vnd = charts
    assert usd.data["series"][0]["values"][1] == 1000.0
    assert vnd.data["series"][0]["values"][1] == 1_500_000_000.0
    assert vnd.data["y"]["currency"] == "VND" and usd.data["y"]["currency"] == "USD"
    assert "1,500,000,000 ₫" in vnd.summary and "$" not in vnd.summary


def test_stage_bars_table_carries_every_figure_and_the_totals() -> None:
    (chart,) = stage_value_bars([_total("gap", "USD", 1000, 250.0, 700.0, 2),
                                 _total("proposal", "USD", 400, 300.0, 360.0)], language="en")
    drawn = {text for s in chart.data["series"] for text in s["texts"]}
    assert drawn <= set(_cells(chart))
    assert [c.text for c in chart.table.rows[-1]] == [
        "All open stages", "3", "$1,400", "$550", "$1,060"]
    assert chart.summary == ("Open pipeline in USD: $1,400 in 3 deals; $550 weighted by the "
                             "evidence, $1,060 by the reps' confidence.")


def test_stage_bars_write_money_as_a_vietnamese_reader_does() -> None:
    with translation.override("vi"):
        (chart,) = stage_value_bars([_total("gap", "VND", 1_500_000_000, 6e8, 1.2e9)],
                                    language="vi")
    assert "1.500.000.000 ₫" in _cells(chart)
    assert chart.data["lang"] == "vi"
    assert "Giá trị" in chart.data["series"][0]["label"]


def test_no_open_deal_means_one_empty_chart_that_says_what_to_do() -> None:
    (chart,) = stage_value_bars([], language="en")
    assert "New deal" in chart.empty and chart.data == {}


# Coaching hot-spots week by week.

WEEKS = tuple(date(2026, 9, 7) + timedelta(weeks=n) for n in range(4))


def test_hot_spots_draw_a_reps_three_most_frequent_risks_per_call_each_week() -> None:
    rep = RepWeeks("alice", WEEKS, calls=(2, 0, 4, 1), counts={
        "stall": (1, 0, 2, 0), "trial-close": (4, 0, 0, 1), "parity-claim": (0, 0, 8, 0),
        "badmouthing": (0, 0, 1, 0)})
    (chart,) = hot_spot_lines([rep], language="en")
    lines = {s["label"]: s["values"] for s in chart.data["series"]}
    assert lines == {"Parity claim": [0.0, None, 2.0, 0.0],
                     "Trial close": [2.0, None, 0.0, 1.0],
                     "Stall": [0.5, None, 0.5, 0.0]}
    assert chart.title == "alice" and chart.data["labels"] == ["7 Sep", "14 Sep", "21 Sep",
                                                                "28 Sep"]
    assert [row[0].text for row in chart.table.rows][:1] == ["7 Sep 2026"]
    with translation.override("vi"):
        (vietnamese,) = hot_spot_lines([rep], language="vi")
    assert vietnamese.data["labels"][:2] == ["7/9", "14/9"]


def test_hot_spots_table_carries_every_rate_and_the_calls_of_each_week() -> None:
    rep = RepWeeks("alice", WEEKS, calls=(3, 0, 4, 1), counts={"stall": (1, 0, 2, 0)})
    (chart,) = hot_spot_lines([rep], language="en")
    assert chart.table.headers[1:] == ("Calls", "Stall")
    assert [[c.text for c in row][1:] for row in chart.table.rows] == [
        ["3", "0.33"], ["0", "–"], ["4", "0.5"], ["1", "0"]]


def test_a_rep_without_risks_gets_no_chart_and_a_team_without_any_is_told_what_to_do() -> None:
    quiet = RepWeeks("bob", WEEKS, calls=(1, 1, 0, 0), counts={})
    busy = RepWeeks("alice", WEEKS, calls=(1, 0, 0, 0), counts={"stall": (1, 0, 0, 0)})
    assert [c.title for c in hot_spot_lines([busy, quiet], language="en")] == ["alice"]
    (empty,) = hot_spot_lines([quiet], language="en")
    assert "Upload calls" in empty.empty
