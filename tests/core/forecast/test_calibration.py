"""The calibration report: which deals are judged, the scores per rep and team, warnings."""

from __future__ import annotations

import pytest

from displace.core.forecast import ClosedForecast, calibrate, render_text
from displace.core.forecast.config import ForecastConfig


def _deal(n: int, rep: str, won: bool, rep_p: float | None, evidence: float | None,
          **extra: bool) -> ClosedForecast:
    return ClosedForecast(n, rep, won, rep_confidence=rep_p, win_probability=evidence,
                          **extra)


DEALS = [
    _deal(1, "alice", True, 0.9, 0.6),
    _deal(2, "alice", False, 0.8, 0.2),
    _deal(3, "bob", False, 0.5, 0.1, no_decision=True),
    _deal(4, "bob", True, None, 0.7),  # no rep's figure: left out
    _deal(5, "bob", True, 0.6, None),  # no evidence: left out
    ClosedForecast(6, "bob", False, recorded=False),  # closed without a forecast
]


def test_each_forecast_is_scored_over_the_deals_with_both_figures() -> None:
    report = calibrate(DEALS, team="North")
    assert report.team.n == 3 and report.team.won == 1
    assert report.team.brier_rep == pytest.approx((0.01 + 0.64 + 0.25) / 3)
    assert report.team.brier_evidence == pytest.approx((0.16 + 0.04 + 0.01) / 3)
    assert report.left_out == {"no_forecast": 1, "no_rep": 1, "no_evidence": 1}


def test_a_deal_closed_with_no_decision_counts_as_not_won() -> None:
    report = calibrate([_deal(1, "bob", False, 0.5, 0.1, no_decision=True)])
    assert report.no_decision == 1
    assert report.team.brier_rep == pytest.approx(0.25)  # judged against 0, not left out


def test_each_rep_gets_their_own_scores() -> None:
    report = calibrate(DEALS)
    assert [(g.name, g.n) for g in report.reps] == [("alice", 2), ("bob", 1)]
    alice = report.reps[0]
    assert alice.brier_rep == pytest.approx((0.01 + 0.64) / 2)


def test_a_group_below_the_threshold_is_too_few_to_judge() -> None:
    config = ForecastConfig(too_few=2)
    report = calibrate(DEALS, config=config)
    assert report.team.too_few is False
    assert [g.too_few for g in report.reps] == [False, True]
    assert any("bob" in w and "too few" in w for w in report.warnings("en"))


def test_the_json_carries_the_issue_s_keys_for_the_team_and_each_rep() -> None:
    data = calibrate(DEALS, team="North").to_dict()
    for key in ("n", "brier_rep", "brier_evidence", "log_loss_rep", "log_loss_evidence",
                "bins", "reps", "warnings"):
        assert key in data
    assert data["team"] == "North"
    assert set(data["reps"][0]) >= {"rep", "n", "brier_rep", "bins"}
    assert len(data["bins"]["rep"]) == 10


def test_warnings_speak_both_languages() -> None:
    report = calibrate(DEALS)
    english, vietnamese = report.warnings("en"), report.warnings("vi")
    assert "no forecast was recorded" in " ".join(english)
    assert "không có dự báo" in " ".join(vietnamese)
    assert "không quyết định" in " ".join(vietnamese) or "không có quyết định" in " ".join(
        vietnamese)


def test_without_any_closed_deal_there_is_nothing_to_score() -> None:
    report = calibrate([])
    assert report.team.n == 0 and report.team.brier_rep is None
    assert report.team.too_few


def test_the_text_report_is_a_table_with_the_team_first() -> None:
    text = render_text(calibrate(DEALS, team="North"))
    lines = text.splitlines()
    assert lines[0].split()[:3] == ["Rep", "Deals", "Won"]
    assert lines[1].startswith("North")
    assert "! 1 closed deals left out" in text
    assert "Nhóm" in render_text(calibrate(DEALS), "vi")
