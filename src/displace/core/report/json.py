"""The JSON reports: one object per conversation, or a document for many (docs/report-schema.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from displace.core.model import REPORT_SCHEMA, Report
from displace.core.report.summary import summarize

__all__ = ["REPORT_SCHEMA", "REPORT_SET_SCHEMA", "dumps", "report_set"]

REPORT_SET_SCHEMA = "displace.report-set/1"


def report_set(
    reports: Sequence[Report], errors: Iterable[tuple[str, str]] = ()
) -> dict[str, Any]:
    """Many reports in one document, with the summary and the files that could not be read."""
    return {
        "schema": REPORT_SET_SCHEMA,
        "report_schema": REPORT_SCHEMA,
        "reports": [r.to_dict() for r in reports],
        "summary": [summarize(r).to_dict() for r in reports],
        "errors": [{"source": source, "error": message} for source, message in errors],
    }


def dumps(document: dict[str, Any]) -> str:
    """JSON text, UTF-8 as is (Vietnamese stays readable), indented."""
    # default=str: facts may hold values (dates, decimals) that JSON has no type for.
    return json.dumps(document, ensure_ascii=False, indent=2, default=str)
