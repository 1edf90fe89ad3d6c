"""Reports of the conversation coach: terminal text, JSON, self-contained HTML, a summary table."""

from __future__ import annotations

from displace.core.report.html import render_html, render_index
from displace.core.report.json import REPORT_SCHEMA, REPORT_SET_SCHEMA, dumps, report_set
from displace.core.report.labels import Labels, labels_for
from displace.core.report.summary import SummaryRow, summarize, summary_table
from displace.core.report.text import render_text, text_report

__all__ = [
    "REPORT_SCHEMA",
    "REPORT_SET_SCHEMA",
    "Labels",
    "SummaryRow",
    "dumps",
    "labels_for",
    "render_html",
    "render_index",
    "render_text",
    "report_set",
    "summarize",
    "summary_table",
    "text_report",
]
