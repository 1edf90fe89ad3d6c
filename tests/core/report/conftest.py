"""Reports built by hand, so the report tests do not depend on the reader or the coach."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

from displace.core.model import Conversation, Finding, Metrics, NarrationSpan, Report, Turn

MakeReport = Callable[..., Report]


def finding_on(turn: Turn, needle: str, behaviour: str, *, polarity: str = "risk",
               severity: str = "high", message: str = "msg", advice: str = "advice",
               data: dict[str, Any] | None = None) -> Finding:
    """A finding on the first occurrence of `needle` in `turn`."""
    start = turn.text.index(needle)
    return Finding(
        behaviour=behaviour, polarity=polarity, severity=severity,  # type: ignore[arg-type]
        turn_index=turn.index, start=start, end=start + len(needle), quote=needle,
        role=turn.role, speaker=turn.speaker, rule=f"{behaviour}.test", message=message,
        advice=advice, data=data or {},
    )


def build_report(
    turns: Sequence[tuple[str, str, str]],
    findings: Callable[[tuple[Turn, ...]], Sequence[Finding]] = lambda turns: (),
    *,
    lang: str = "en",
    facts: dict[str, Any] | None = None,
    role_sources: dict[str, str] | None = None,
    narration: Sequence[NarrationSpan] = (),
    warnings: Sequence[str] = (),
    source: str = "call.txt",
) -> Report:
    """A report over `turns` given as (speaker, role, text)."""
    built = tuple(
        Turn(index=i, speaker=s, role=r, text=t, language=lang, line=i + 1)  # type: ignore[arg-type]
        for i, (s, r, t) in enumerate(turns)
    )
    sources = role_sources if role_sources is not None else {s: "table" for s, _, _ in turns}
    conversation = Conversation(turns=built, source=source, language=lang,  # type: ignore[arg-type]
                                narration=tuple(narration), role_sources=sources)
    metrics = Metrics(
        words_by_role={"seller": 60, "prospect": 40},
        talk_share={"seller": 0.6, "prospect": 0.4},
        talk_share_basis="words",
        questions={"seller": {"open": 2, "closed": 3}, "prospect": {"open": 0, "closed": 1}},
        longest_seller_monologue_words=42,
        longest_seller_monologue_seconds=None,
        switches_per_100_words=7.5,
    )
    return Report(conversation=conversation, findings=tuple(findings(built)), metrics=metrics,
                  facts=facts or {}, warnings=tuple(warnings), lang=lang)  # type: ignore[arg-type]


EN_TURNS = (
    ("Rep", "seller", "We have been in business since 1968 and have 15 branches."),
    ("Customer", "prospect", "Honestly, I think they could be quicker with loans."),
    ("Rep", "seller", "If we cut your fees, is there any reason we couldn't work together?"),
    ("Customer", "prospect", "Let me review it and call me in a few days."),
    ("Rep", "seller", "Could we meet on Tuesday, March 18 at 10 am with your CFO?"),
)


def en_findings(turns: tuple[Turn, ...]) -> list[Finding]:
    """One finding of each kind over EN_TURNS."""
    return [
        finding_on(turns[0], "since 1968", "parity-claim", severity="medium",
                   message="Credentials every bank has.", advice="Describe a service instead."),
        finding_on(turns[1], "they could be quicker", "dissatisfaction-cue", polarity="info",
                   severity="info", message="A hint of a gap.", advice="Probe it."),
        finding_on(turns[2], "is there any reason we couldn't work together", "trial-close",
                   message="A trial close.", advice="Ask who decides."),
        finding_on(turns[3], "call me in a few days", "stall", severity="low",
                   message="A stall.", advice="Ask for a date."),
        finding_on(turns[4], "Tuesday, March 18 at 10 am", "dated-next-step", polarity="good",
                   severity="info", message="A dated next step.", advice=""),
    ]


@pytest.fixture
def en_report() -> Report:
    """An English call with a risk of each severity, an info cue and a good behaviour."""
    return build_report(
        EN_TURNS, en_findings,
        facts={
            "incumbent": {"name": "Northgate Federal", "origin": "they bought our old bank",
                          "tenure": {"text": "for about eight years", "years": 8.0,
                                     "since_year": None, "approximate": True},
                          "first_turn": 1},
            "amounts": [{"text": "$250K", "value": 250000.0, "currency": "USD", "turn": 2,
                         "in_offer": True}],
        },
        narration=[NarrationSpan(line=3, text="The rep then left.", after_turn=2)],
    )
