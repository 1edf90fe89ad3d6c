from __future__ import annotations

import html
import re

from displace.core.model import Report
from displace.core.report import render_html, render_index, summarize
from tests.core.report.conftest import build_report, finding_on

EVIL_TEXT = 'Hi <script>alert("x")</script> & <b onclick="steal()">bold</b> promise'


def evil_report() -> Report:
    return build_report(
        [("<img src=x onerror=alert(1)>", "seller", EVIL_TEXT),
         ("Customer", "prospect", "Fine <i>thanks</i>.")],
        lambda t: [finding_on(t[0], '<script>alert("x")</script>', "badmouthing",
                              message="<em>msg</em>", advice="<u>advice</u>")],
        source="<evil>.txt",
    )


def test_it_escapes_html_in_turns_and_speaker_names() -> None:
    page = render_html(evil_report())
    assert "<script" not in page
    assert "<img" not in page
    assert "<b onclick" not in page and "<i>" not in page
    assert "<em>msg" not in page and "<u>advice" not in page
    assert html.escape("<img src=x onerror=alert(1)>") in page
    assert html.escape("<evil>.txt") in page


def test_it_refers_to_no_external_resource(en_report: Report) -> None:
    page = render_html(en_report)
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", page)
    assert "http://" not in page and "https://" not in page
    assert "@import" not in page and "url(" not in page
    assert "<script" not in page and "<link" not in page


def test_it_highlights_exactly_the_finding_span(en_report: Report) -> None:
    page = render_html(en_report)
    for finding in en_report.findings:
        marked = re.search(r'<mark class="[^"]+" title="[^"]*">([^<]*)</mark><sup><a href="#f-'
                           + str(en_report.findings.index(finding) + 1) + '"', page)
        assert marked is not None, finding.behaviour
        assert html.unescape(marked.group(1)) == finding.quote


def test_it_highlights_escaped_span_text_exactly() -> None:
    page = render_html(evil_report())
    assert ('>' + html.escape('<script>alert("x")</script>') + "</mark>") in page


def test_it_cuts_overlapping_spans_into_pieces_without_crossing_tags() -> None:
    text = "we can lower your fees and raise the credit line"
    report = build_report(
        [("Rep", "seller", text), ("Customer", "prospect", "ok")],
        lambda t: [finding_on(t[0], "lower your fees and raise", "matchable-concession"),
                   finding_on(t[0], "fees and raise the credit line", "premature-proposal",
                              severity="medium")],
    )
    page = render_html(report)
    said = re.search(r'<p class="said">(.*?)</p>', page, re.S)
    assert said is not None
    pieces = re.findall(r"<mark[^>]*>([^<]*)</mark>", said.group(1))
    assert pieces == ["lower your ", "fees and raise", " the credit line"]
    assert re.sub(r"<[^>]+>|\d", "", said.group(1)) == text
    overlap = re.search(r'<mark class="sev-high" title="([^"]*)">fees and raise</mark>', page)
    assert overlap is not None
    assert "1. Matchable concession" in overlap.group(1)
    assert "2. Premature proposal" in overlap.group(1)


def test_it_explains_each_finding_next_to_its_turn(en_report: Report) -> None:
    page = render_html(en_report)
    assert '<li id="f-3">' in page
    assert "A trial close." in page and "Ask who decides." in page


def test_it_shows_the_scorecard_and_wraps_long_lines(en_report: Report) -> None:
    page = render_html(en_report)
    assert "Scorecard" in page and "60%" in page and "60 %" not in page and "42 words" in page
    assert "pre-wrap" in page and "overflow-wrap:anywhere" in page


def test_it_survives_offsets_outside_the_turn() -> None:
    report = build_report(
        [("Rep", "seller", "short"), ("Customer", "prospect", "ok")],
        lambda t: [finding_on(t[0], "short", "trial-close").__class__(
            **{**finding_on(t[0], "short", "trial-close").__dict__, "start": 3, "end": 99})],
    )
    assert '>rt</mark>' in render_html(report)


def test_the_index_links_to_each_report(en_report: Report) -> None:
    page = render_index([(summarize(en_report), "call.html")], "vi")
    assert '<a href="call.html">call.txt</a>' in page
    assert "Tỷ lệ lời của người bán" in page


def test_percentages_are_written_the_reports_languages_way() -> None:
    from tests.core.report.conftest import EN_TURNS

    english = render_html(build_report(EN_TURNS, lang="en"))
    vietnamese = render_html(build_report(EN_TURNS, lang="vi"))
    assert ">60%<" in english and ">60 %<" not in english
    assert ">60 %<" in vietnamese and ">60%<" not in vietnamese
