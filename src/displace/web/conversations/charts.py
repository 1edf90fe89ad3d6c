"""The conversation page's charts, built by its view from what it has already read (no query)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import get_language

from displace.web.charts.conversation import findings_timeline, talk_share_bar
from displace.web.charts.spec import ChartSpec
from displace.web.conversations.evidence import sentence_spans
from displace.web.conversations.models import Conversation, Finding

__all__ = ["conversation_charts", "sentence_indexes"]


def conversation_charts(conversation: Conversation, findings: Sequence[Finding]
                        ) -> list[ChartSpec]:
    """Talk share, and the findings along the call, each point linking to its sentence in the
    transcript (#s-<n>)."""
    language = get_language() or "en"
    turns = conversation.turns
    sentences = sentence_indexes(turns, findings)
    return [talk_share_bar(conversation.metrics, language=language),
            findings_timeline(findings, turns, language=language,
                              anchor=lambda finding: f"#s-{sentences[id(finding)]}")]


def sentence_indexes(turns: Sequence[Mapping[str, Any]], findings: Sequence[Finding]
                     ) -> dict[int, int]:
    """Per finding (by id()), its sentence counted over the whole transcript, as
    presenting.card_index counts it; each turn split once, not once per finding."""
    spans = [sentence_spans(str(turn["text"])) for turn in turns]
    first = [0]
    for turn_spans in spans:
        first.append(first[-1] + len(turn_spans))
    indexes: dict[int, int] = {}
    for finding in findings:
        if finding.turn >= len(turns):  # as card_index: past the end, the last sentence before
            indexes[id(finding)] = first[len(turns)]
            continue
        own = spans[finding.turn]
        at = next((n for n, (s, e) in enumerate(own) if s <= finding.start < e), len(own) - 1)
        indexes[id(finding)] = first[finding.turn] + at
    return indexes
