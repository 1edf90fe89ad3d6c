"""Helpers for the coach's tests: analyse a few lines of conversation and list what was found."""

from __future__ import annotations

from pathlib import Path

import pytest

from displace import Report, analyze_conversation

SAMPLES = Path(__file__).parent / "samples"


def analyse(text: str, **kwargs: object) -> Report:
    """The report for a conversation written as labelled lines."""
    return analyze_conversation(text.strip() + "\n", input_format="plain", **kwargs)  # type: ignore[arg-type]


def found(text: str, behaviour: str) -> list[str]:
    """The quotes of every finding of `behaviour` in the conversation."""
    return [f.quote for f in analyse(text).by_behaviour(behaviour)]


@pytest.fixture
def samples() -> Path:
    return SAMPLES
