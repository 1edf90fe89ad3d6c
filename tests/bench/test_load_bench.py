"""The load bench's own arithmetic: distinct uploads, p50/p95 per kind, verdicts, errors."""

from __future__ import annotations

from typing import Any

import pytest

from bench import load_bench


def test_each_upload_is_a_transcript_of_its_own() -> None:
    assert load_bench._transcript("rep01-4-1") != load_bench._transcript("rep01-4-2")
    assert all(": " in line for line in load_bench._transcript("x").splitlines())


def test_the_report_gives_each_kind_its_percentiles_and_verdict_and_lists_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(load_bench, "_jobs", lambda began: ["    jobs: (counted)"])
    results: dict[str, list[Any]] = {
        "upload": [(ms, 201, "", "/api/deals/1/conversations") for ms in range(100, 120)],
        "manager view": [(ms, 200, "", "/manager/") for ms in range(100, 300, 10)]
        + [(5.0, 500, "Server Error", "/manager/")],
    }
    lines = load_bench._report(results, began=None)
    assert lines[0].strip().startswith("41 requests") and "1 errors" in lines[0]
    upload = next(line for line in lines if "upload" in line)
    manager = next(line for line in lines if "manager view" in line)
    assert "target 300 ms  PASS" in upload
    assert "target 150 ms  MISS" in manager
    assert any("error: manager view /manager/ -> 500" in line for line in lines)
    assert lines[-1] == "    jobs: (counted)"
