"""Rendering an assessment as text, JSON and HTML."""

from __future__ import annotations

import json
from dataclasses import replace

from displace.core.deal import assess_deal, load_deal, render_assessment
from displace.core.model import Report
from tests.core.deal.builders import BILL, INSURANCE_VI


def test_the_text_report_leads_with_the_verdict_and_the_probability(bill_call: Report) -> None:
    text = render_assessment(assess_deal(load_deal(BILL), reports=[bill_call]), "text")
    assert "NOT READY to propose" in text
    assert "Win probability:" in text and "matchable" in text


def test_the_text_report_is_in_vietnamese_when_asked() -> None:
    text = render_assessment(assess_deal(load_deal(INSURANCE_VI), lang="vi"), "text")
    assert "CHƯA SẴN SÀNG đề xuất" in text and "Xác suất thắng" in text


def test_the_json_report_parses_and_keeps_vietnamese_letters() -> None:
    out = render_assessment(assess_deal(load_deal(INSURANCE_VI), lang="vi"), "json")
    assert "Chị Hạnh" in out
    assert json.loads(out)["schema"] == "displace.assessment/1"


def test_the_html_report_escapes_what_the_deal_file_says() -> None:
    deal = load_deal(BILL)
    deal = replace(deal, title="<script>alert(1)</script>")
    page = render_assessment(assess_deal(deal), "html")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.startswith("<!doctype html>") and "http" not in page.split("<body>")[0]
