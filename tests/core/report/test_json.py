from __future__ import annotations

import json
import re
from pathlib import Path

from displace.core.model import Report
from displace.core.report import REPORT_SCHEMA, REPORT_SET_SCHEMA, dumps, report_set

TOP_KEYS = {"schema", "source", "input_format", "encoding", "language", "report_language",
            "speakers", "turns", "narration", "findings", "coach", "metrics", "facts",
            "warnings"}
TURN_KEYS = {"index", "speaker", "role", "text", "start", "end", "language", "line"}
FINDING_KEYS = {"behaviour", "polarity", "severity", "role", "speaker", "turn", "start", "end",
                "quote", "message", "advice", "rule", "source", "data"}
METRIC_KEYS = {"words_by_role", "talk_share", "talk_share_basis", "questions",
               "longest_seller_monologue", "switches_per_100_words"}


def test_it_writes_every_documented_key_and_the_schema_version(en_report: Report) -> None:
    doc = json.loads(dumps(en_report.to_dict()))
    assert doc["schema"] == REPORT_SCHEMA == "displace.report/1"
    assert set(doc) == TOP_KEYS
    assert set(doc["turns"][0]) == TURN_KEYS
    assert set(doc["findings"][0]) == FINDING_KEYS
    assert set(doc["metrics"]) == METRIC_KEYS
    assert set(doc["speakers"][0]) == {"label", "role", "role_source"}
    assert set(doc["narration"][0]) == {"line", "text", "after_turn"}


def test_its_finding_offsets_slice_the_quote_out_of_the_turn_text(en_report: Report) -> None:
    doc = json.loads(dumps(en_report.to_dict()))
    for finding in doc["findings"]:
        text = doc["turns"][finding["turn"]]["text"]
        assert text[finding["start"]:finding["end"]] == finding["quote"]


def test_it_keeps_vietnamese_readable(en_report: Report) -> None:
    assert "Người bán" in dumps({"speaker": "Người bán"})


def test_a_report_set_holds_reports_summary_and_errors(en_report: Report) -> None:
    doc = json.loads(dumps(report_set([en_report, en_report], [("bad.txt", "empty")])))
    assert doc["schema"] == REPORT_SET_SCHEMA
    assert doc["report_schema"] == REPORT_SCHEMA
    assert len(doc["reports"]) == 2
    assert doc["summary"][0] == {
        "source": "call.txt", "language": "en", "turns": 5, "risks": 3, "good": 1,
        "top_behaviours": ["parity-claim", "trial-close", "stall"], "seller_talk_share": 0.6,
    }
    assert doc["errors"] == [{"source": "bad.txt", "error": "empty"}]


def test_every_key_is_documented_in_the_report_schema(en_report: Report) -> None:
    doc_path = Path(__file__).resolve().parents[3] / "docs" / "report-schema.md"
    documented = set(re.findall(r"`([a-z0-9_]+)`", doc_path.read_text(encoding="utf-8")))
    report = en_report.to_dict()
    keys = set(report) | set(report["metrics"]) | set(report["findings"][0])
    keys |= set(report["findings"][0]["source"]) | set(report["coach"])
    keys |= set(report["turns"][0]) | set(report["speakers"][0]) | set(report["narration"][0])
    keys |= set(report_set([en_report])) | set(report_set([en_report])["summary"][0])
    assert keys - documented == set()
    assert '"displace.report/1"' in doc_path.read_text(encoding="utf-8")
