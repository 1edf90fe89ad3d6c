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
        "good-call-fleet-en.txt",
        "good-call-fleet-vi.txt",
        "good-call-payroll-en.txt",
        "good-call-cashflow-vi.txt",
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


# Calls written after the packs, in other trades and wordings: what each must draw, what it
# must not, and the incumbent it names.
OTHER_CALLS = [
    (
        "bad-call-it-en.txt",
        {"parity-claim", "generic-satisfaction-question", "status-quo-signal",
         "matchable-concession", "premature-proposal", "dissatisfaction-cue", "missed-cue",
         "stall", "accepted-stall", "incumbent-counter", "badmouthing", "loss-signal"},
        {"trial-close", "gap-question", "prospect-stated-gap", "dated-next-step"},
        ("Northgate Systems", 8),
    ),
    (
        "bad-call-software-vi.txt",
        {"parity-claim", "generic-satisfaction-question", "status-quo-signal",
         "matchable-concession", "premature-proposal", "dissatisfaction-cue", "missed-cue",
         "stall", "accepted-stall", "incumbent-counter", "badmouthing", "loss-signal"},
        {"trial-close", "gap-question", "prospect-stated-gap", "dated-next-step"},
        ("Đông Á", 7),
    ),
    (
        "bad-call-freight-asr-en.txt",
        {"parity-claim", "status-quo-signal", "matchable-concession", "premature-proposal",
         "dissatisfaction-cue", "missed-cue", "stall", "accepted-stall"},
        {"incumbent-counter", "badmouthing", "trial-close", "dated-next-step"},
        ("Coastline Logistics", 4),
    ),
    (
        "bad-call-insurance-nodiacritics-vi.txt",
        {"generic-satisfaction-question", "status-quo-signal", "matchable-concession",
         "premature-proposal", "stall", "accepted-stall"},
        {"incumbent-counter", "badmouthing", "loss-signal", "dated-next-step"},
        ("Bao hiem Hoa Binh", 8),
    ),
    (  # a good start, a probed cue, then a price cut before any stated gap; the stall is met
        "mixed-call-insurance-en.txt",
        {"gap-question", "dissatisfaction-cue", "impact-question", "matchable-concession",
         "premature-proposal", "stall", "dated-next-step"},
        {"missed-cue", "accepted-stall", "badmouthing", "trial-close", "status-quo-signal"},
        ("Beacon Mutual", 7),
    ),
    (  # a stated gap answered with a product pitch, then a stall accepted
        "mixed-call-accounting-vi.txt",
        {"dissatisfaction-cue", "prospect-stated-gap", "missed-cue", "stall", "accepted-stall"},
        {"premature-proposal", "matchable-concession", "badmouthing", "dated-next-step"},
        ("Kế toán Minh Long", 5),
    ),
    (  # speakers labelled with a job title; a good call apart from an early satisfaction question
        "good-call-freight-titles-en.txt",
        {"gap-question", "prospect-stated-gap", "impact-question", "vision-question",
         "decision-question", "counter-rehearsal", "dated-next-step",
         "generic-satisfaction-question", "status-quo-signal"},
        {"stall", "accepted-stall", "matchable-concession", "premature-proposal", "missed-cue",
         "badmouthing"},
        ("Northline Logistics", 9),
    ),
    (  # a price offer before any gap, then the stated gap answered with a pitch
        "bad-call-banking-titles-vi.txt",
        {"parity-claim", "generic-satisfaction-question", "status-quo-signal",
         "matchable-concession", "premature-proposal", "prospect-stated-gap", "missed-cue",
         "stall", "accepted-stall", "trial-close"},
        {"badmouthing", "dated-next-step", "gap-question", "loss-signal"},
        ("Thái Bình", 7),
    ),
    (  # a Microsoft Teams export (<v Name> voice tags): pitch and price cut, gap stated, missed
        "bad-call-payroll-teams-en.vtt",
        {"status-quo-signal", "parity-claim", "matchable-concession", "premature-proposal",
         "dissatisfaction-cue", "prospect-stated-gap", "missed-cue", "stall", "accepted-stall"},
        {"gap-question", "dated-next-step", "badmouthing", "trial-close"},
        ("Paylinx", 6),
    ),
    (  # a Zoom SRT export in Vietnamese: a short, well-run first call
        "short-call-fleet-zoom-vi.srt",
        {"gap-question", "prospect-stated-gap", "impact-question", "dated-next-step"},
        {"parity-claim", "matchable-concession", "premature-proposal", "stall", "missed-cue",
         "generic-satisfaction-question", "status-quo-signal"},
        ("Bảo hiểm Hòa Bình", 8),
    ),
    (  # Gong-style JSON (speakers + sentences): the incumbent named after "we're on"
        "short-call-hosting-gong-en.json",
        {"gap-question", "prospect-stated-gap", "dissatisfaction-cue", "impact-question"},
        {"matchable-concession", "missed-cue", "parity-claim", "stall"},
        ("Skyvault", 4),
    ),
    (  # Otter-style "Speaker 1  0:02" headers: the classic loss pattern in five exchanges
        "bad-call-bank-otter-en.txt",
        {"generic-satisfaction-question", "status-quo-signal", "matchable-concession",
         "premature-proposal", "stall", "accepted-stall"},
        {"gap-question", "badmouthing", "dated-next-step"},
        ("Harbor Trust", 10),
    ),
    (  # notes in Markdown: "– **Telesales**: [00:00:05] …", a heading, a note in italics
        "good-call-textiles-markdown-vi.md",
        {"gap-question", "prospect-stated-gap", "dissatisfaction-cue", "impact-question",
         "vision-question", "dated-next-step"},
        {"matchable-concession", "premature-proposal", "stall", "missed-cue", "parity-claim"},
        ("Vietinbank", 10),
    ),
]


@pytest.mark.parametrize(
    ("name", "expected", "absent", "incumbent"), OTHER_CALLS, ids=[c[0] for c in OTHER_CALLS]
)
def test_a_call_in_other_words_draws_what_it_contains_and_nothing_else(
    name: str, expected: set[str], absent: set[str], incumbent: tuple[str, int]
) -> None:
    report = analyze_conversation(SAMPLES / name)
    found = report.behaviours()
    assert expected <= found, expected - found
    assert not absent & found, absent & found
    assert "seller" in report.conversation.speakers.values()
    facts = report.facts["incumbent"]
    assert (facts["name"], facts["tenure"]["years"]) == incumbent


def test_a_note_between_turns_is_not_read_as_the_prospects_words() -> None:
    report = analyze_conversation(SAMPLES / "good-call-textiles-markdown-vi.md")
    assert [n.text for n in report.conversation.narration][-1] == (
        "Anh Phúc phải nghe một cuộc gọi khác"
    )
    assert not any("cuộc gọi khác" in t.text for t in report.conversation.turns)
