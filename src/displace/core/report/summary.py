"""One line per conversation, for a folder of transcripts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rich.table import Table
from rich.text import Text

from displace.core.model import Report
from displace.core.report.labels import Labels
from displace.core.text.numbers import format_percent

__all__ = ["SummaryRow", "summarize", "summary_table"]

_TOP = 3


@dataclass(frozen=True)
class SummaryRow:
    """What a manager scans first about one conversation."""

    source: str
    language: str
    turns: int
    risks: int
    good: int
    top_behaviours: tuple[str, ...]  # the most frequent risk behaviours, most frequent first
    seller_talk_share: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "language": self.language,
            "turns": self.turns,
            "risks": self.risks,
            "good": self.good,
            "top_behaviours": list(self.top_behaviours),
            "seller_talk_share": (None if self.seller_talk_share is None
                                  else round(self.seller_talk_share, 4)),
        }


def summarize(report: Report) -> SummaryRow:
    """The summary line of one report."""
    risks = [f.behaviour for f in report.findings if f.polarity == "risk"]
    counts = Counter(risks)
    # Ties keep the order of first appearance in the conversation.
    top = sorted(dict.fromkeys(risks), key=lambda b: -counts[b])[:_TOP]
    return SummaryRow(
        source=report.conversation.source,
        language=report.conversation.language,
        turns=len(report.conversation.turns),
        risks=len(risks),
        good=sum(1 for f in report.findings if f.polarity == "good"),
        top_behaviours=tuple(top),
        seller_talk_share=report.metrics.talk_share.get("seller"),
    )


def summary_table(rows: Iterable[SummaryRow], labels: Labels) -> Table:
    """The summary as a Rich table."""
    table = Table(title=labels("summary"), title_justify="left")
    table.add_column(labels("file"), overflow="fold")
    table.add_column(labels("language"))
    table.add_column(labels("turns"), justify="right")
    table.add_column(labels("risks"), justify="right", style="red")
    table.add_column(labels("good"), justify="right", style="green")
    table.add_column(labels("top_behaviours"))
    table.add_column(labels("seller_talk_share"), justify="right")
    for row in rows:
        table.add_row(
            Text(row.source), row.language, str(row.turns), str(row.risks), str(row.good),
            Text(", ".join(labels.behaviour(b) for b in row.top_behaviours)),
            format_percent(row.seller_talk_share, labels.lang),
        )
    return table
