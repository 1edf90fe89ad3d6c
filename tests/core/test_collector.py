"""The cycle collector is paused while transcripts are read and analysed, which is safe only
because the coach makes no reference cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from displace import InputError, analyze_conversation

SAMPLES = sorted((Path(__file__).parent / "coach" / "samples").iterdir())


@pytest.fixture
def collector_on() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_analysing_a_conversation_leaves_no_reference_cycles(sample: Path) -> None:
    analyze_conversation(sample)  # rule packs and caches are built once, outside the count
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        report = analyze_conversation(sample)
        report.to_dict()
        found = gc.collect()
    finally:
        if was_enabled:
            gc.enable()
    assert report.findings
    assert found == 0


def test_the_collector_is_on_again_after_an_analysis(collector_on: None) -> None:
    analyze_conversation(SAMPLES[0])
    assert gc.isenabled()


def test_the_collector_is_on_again_after_bad_input(collector_on: None) -> None:
    with pytest.raises(InputError):
        analyze_conversation("   ")
    assert gc.isenabled()


def test_a_caller_who_turned_the_collector_off_finds_it_off(collector_on: None) -> None:
    gc.disable()
    analyze_conversation(SAMPLES[0])
    assert not gc.isenabled()
