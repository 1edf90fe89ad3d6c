from __future__ import annotations

import io

from rich.console import Console

from displace.core.model import Report
from displace.core.report import labels_for, summarize, summary_table
from tests.core.report.conftest import EN_TURNS, build_report, en_findings, finding_on


def test_it_counts_risks_and_good_behaviours(en_report: Report) -> None:
    row = summarize(en_report)
    assert (row.turns, row.risks, row.good) == (5, 3, 1)
    assert row.seller_talk_share == 0.6


def test_it_ranks_the_most_frequent_risk_behaviours_first() -> None:
    def findings(t: tuple[object, ...]) -> list[object]:
        return [*en_findings(t),  # type: ignore[arg-type]
                finding_on(t[4], "March 18", "stall"),  # type: ignore[arg-type]
                finding_on(t[2], "cut your fees", "matchable-concession")]  # type: ignore[arg-type]

    row = summarize(build_report(EN_TURNS, findings))  # type: ignore[arg-type]
    assert row.top_behaviours == ("stall", "parity-claim", "trial-close")


def test_the_table_shows_file_language_and_talk_share(en_report: Report) -> None:
    buffer = io.StringIO()
    Console(file=buffer, width=160, no_color=True).print(
        summary_table([summarize(en_report)], labels_for("en")))
    out = buffer.getvalue()
    for expected in ("call.txt", "en", "Parity claim", "60%", "Seller talk share"):
        assert expected in out
