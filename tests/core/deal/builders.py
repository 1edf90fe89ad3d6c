"""Builders of deals and coach reports for the deal engine's tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from displace.core.model import Conversation, Finding, Metrics, Report, Role, Turn

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "deals"
BILL = EXAMPLES / "greater-smithville-vs-giant-national.toml"
READY = EXAMPLES / "riverbend-foods-credit-review.toml"
INSURANCE_VI = EXAMPLES / "phu-an-det-may-bao-hiem.toml"
GENERAL_VI = EXAMPLES / "go-viet-bao-bi-nganh-khac.toml"  # industry "other"


def make_report(
    turns: Sequence[tuple[Role, str]],
    findings: Sequence[tuple[str, int, str]] = (),
    *,
    source: str = "call.txt",
) -> Report:
    """A coach report over `turns` with findings (behaviour, turn index, quote)."""
    built = tuple(
        Turn(
            index=i,
            speaker={"seller": "Lan", "prospect": "Ray"}.get(role, role),
            text=text,
            role=role,
        )
        for i, (role, text) in enumerate(turns)
    )
    found = []
    for behaviour, index, quote in findings:
        turn = built[index]
        start = max(0, turn.text.find(quote))
        found.append(
            Finding(
                behaviour=behaviour,
                polarity="risk",
                severity="medium",
                turn_index=index,
                start=start,
                end=start + len(quote),
                quote=quote,
                role=turn.role,
                speaker=turn.speaker,
                rule="test",
                message="",
                advice="",
            )
        )
    metrics = Metrics({}, {}, "words", {}, 0, None, 0.0)
    return Report(Conversation(built, source=source), tuple(found), metrics, {}, (), "en")
