"""Whole calls: a well-run call draws no risk behaviour; a poorly run one draws the usual ones."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from displace import analyze_conversation
from tests.core.coach.conftest import SAMPLES

GOOD_WORK = {
    "gap-question", "prospect-stated-gap", "impact-question", "vision-question",
    "decision-question", "dated-next-step",
}
DEMO = resources.files("displace.data").joinpath("demo")


def good_calls() -> list[Path]:
    shipped = [Path(str(DEMO.joinpath(f"good-call-{lang}.txt"))) for lang in ("en", "vi")]
    own = [
        "good-call-en.txt",
        "good-call-vi.txt",
        "good-call-software-en.txt",
        "good-call-logistics-en.vtt",
    ]
    return [*(SAMPLES / name for name in own), *shipped]


def bad_calls() -> list[Path]:
    shipped = [Path(str(DEMO.joinpath(f"conversation-{lang}.txt"))) for lang in ("en", "vi")]
    own = [
        "bad-call-en.txt",
        "bad-call-vi.txt",
        "bad-call-insurance-en.txt",
        "bad-call-insurance-vi.txt",
    ]
    return [*(SAMPLES / name for name in own), *shipped]


@pytest.mark.parametrize("path", good_calls(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_well_run_call_draws_no_risk_behaviour(path: Path) -> None:
    report = analyze_conversation(path)
    risks = [(f.behaviour, f.quote) for f in report.findings if f.polarity == "risk"]
    assert risks == []
    assert report.behaviours() >= GOOD_WORK


@pytest.mark.parametrize("path", bad_calls(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_poorly_run_call_draws_the_risks_it_contains(path: Path) -> None:
    report = analyze_conversation(path)
    expected = {
        "parity-claim", "generic-satisfaction-question", "status-quo-signal",
        "dissatisfaction-cue", "missed-cue", "matchable-concession", "premature-proposal",
        "trial-close", "stall", "accepted-stall",
    }
    assert expected <= report.behaviours()
    assert not report.by_behaviour("badmouthing")
    assert report.facts["incumbent"] is not None
    good = {f.behaviour for f in report.findings if f.polarity == "good"}
    assert not good & {"gap-question", "prospect-stated-gap", "impact-question"}
