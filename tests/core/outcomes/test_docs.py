"""docs/outcomes.md lists every shipped reason as the file has it."""

from __future__ import annotations

from pathlib import Path

from displace.core.outcomes import shipped_reasons

DOCS = Path(__file__).resolve().parents[3] / "docs" / "outcomes.md"


def test_the_page_lists_every_shipped_reason_with_its_words() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for reason in shipped_reasons().reasons:
        assert f"| {reason.outcome} | `{reason.code}` | {reason.en} |" in text, reason.code
