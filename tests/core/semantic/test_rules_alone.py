"""Without the encoder the coach says why, runs on rules alone, and a team's examples still work
as exact words."""

from __future__ import annotations

import pytest

from displace import analyze_conversation
from displace.core.semantic import Example
from displace.core.semantic import encoder as encoder_module
from displace.core.semantic.encoder import EncoderUnavailable, load_encoder


def test_switched_off_the_encoder_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    load_encoder.cache_clear()
    monkeypatch.setenv("DISPLACE_SEMANTIC", "off")
    with pytest.raises(EncoderUnavailable, match="switched off"):
        load_encoder()
    load_encoder.cache_clear()


def test_a_processor_without_avx2_is_refused_before_the_engine_loads(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    load_encoder.cache_clear()
    monkeypatch.delenv("DISPLACE_SEMANTIC", raising=False)
    monkeypatch.setattr(encoder_module, "_cpu_problem", lambda: "this processor lacks AVX2")
    with pytest.raises(EncoderUnavailable, match="AVX2"):
        load_encoder()
    load_encoder.cache_clear()


def test_the_report_says_the_coach_ran_on_rules_alone_and_why() -> None:
    report = analyze_conversation(b"Rep: How is your bank?\nClient: Fine.")
    assert report.coach["rules"] is True and report.coach["model"] is None
    assert "switched off" in report.coach["model_note"]


def test_without_vectors_a_teams_example_works_as_exact_words() -> None:
    text = b"Rep: How is your carrier?\nBuyer: Honestly, the pallets keep going missing!"
    example = Example(3, "the pallets keep going missing", "prospect-stated-gap", True)
    report = analyze_conversation(text, learned=None, examples=[example])
    found = report.by_behaviour("prospect-stated-gap")
    assert [f.source["kind"] for f in found] == ["team"]
    quiet = Example(4, "How is your carrier", "generic-satisfaction-question", False)
    report = analyze_conversation(text, learned=None, examples=[quiet])
    assert report.by_behaviour("generic-satisfaction-question") == []
    assert "generic-satisfaction-question" in analyze_conversation(text, learned=None).behaviours()


def test_an_example_a_speaker_cannot_show_is_ignored() -> None:
    text = b"Rep: The pallets keep going missing, right?\nBuyer: No."
    example = Example(5, "the pallets keep going missing", "prospect-stated-gap", True)
    report = analyze_conversation(text, learned=None, examples=[example])
    assert report.by_behaviour("prospect-stated-gap") == []
