"""The coaching report as one self-contained HTML page: inline CSS, no script, no network.

Every string that comes from the transcript (and from rule packs) goes through `html.escape`.
Findings are highlighted by cutting each turn at every finding's start and end: each piece is
covered by zero or more findings, so overlapping spans never produce crossed tags.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable, Sequence

from displace.core.model import Finding, Report, Turn
from displace.core.report.labels import Labels, labels_for
from displace.core.report.sections import (
    all_warnings,
    fact_lines,
    format_seconds,
    good_findings,
    monologue_label,
    role_fix_example,
    roles_uncertain,
    scorecard_roles,
    severity_groups,
)
from displace.core.report.summary import SummaryRow
from displace.core.text.numbers import format_percent

__all__ = ["render_html", "render_index"]

_RANK = {"good": 0, "info": 1, "low": 2, "medium": 3, "high": 4}

_CSS = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
max-width:60rem;padding:1rem 1.5rem;color:#1d1d1f;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.25rem;border-bottom:1px solid #ddd;padding-bottom:.2rem;
margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ddd;padding:.25rem .6rem;
text-align:left;vertical-align:top;overflow-wrap:anywhere}td.n{text-align:right}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}
dd{margin:0;overflow-wrap:anywhere}
.warn{background:#fff7e0;border-left:4px solid #e0a800;padding:.4rem .8rem;margin:.4rem 0}
ol.transcript{list-style:none;padding:0}
li.turn{margin:.8rem 0;padding:.5rem .8rem;border-left:4px solid #bbb;background:#fafafa}
li.role-seller{border-color:#2a6fdb}li.role-prospect{border-color:#2e9d5b}
li.role-incumbent{border-color:#b04ad8}
li.narration{margin:.5rem 0;padding:.2rem .8rem;color:#666;font-style:italic}
.who{font-weight:600}.who .role,.who .time{font-weight:400;color:#666;margin-left:.5rem}
.said{white-space:pre-wrap;overflow-wrap:anywhere;margin:.3rem 0}
mark{padding:0 .1rem;border-radius:2px}
mark.sev-high{background:#ffd0cc}mark.sev-medium{background:#ffe2b8}
mark.sev-low{background:#fff3a8}mark.sev-info{background:#d6e8ff}mark.good{background:#cdf2d5}
sup a{text-decoration:none;font-size:.75rem}
ul.notes{margin:.3rem 0 0;padding-left:1.2rem;font-size:.92rem}
ul.notes li{margin:.3rem 0}.advice{color:#0b5d7a}.quote{font-style:italic}
.badge{display:inline-block;font-size:.75rem;padding:0 .4rem;border-radius:3px;color:#fff}
.badge.sev-high{background:#c62828}.badge.sev-medium{background:#d66a00}
.badge.sev-low{background:#9a7b00}.badge.sev-info{background:#1e63b8}.badge.good{background:#2e7d32}
ul.overview{padding-left:1.2rem}
"""


def render_html(report: Report) -> str:
    """The report as a complete HTML document."""
    labels = labels_for(report.lang)
    numbers = {id(f): n for n, f in enumerate(report.findings, start=1)}
    body = "\n".join([
        f"<h1>{_e(labels('title'))}</h1>",
        _header(report, labels),
        _warnings(report, labels),
        _overview(report, labels, numbers),
        _scorecard(report, labels),
        _facts(report, labels),
        _transcript(report, labels, numbers),
    ])
    return _page(labels, f"{labels('title')} — {report.conversation.source}", body)


def render_index(rows: Sequence[tuple[SummaryRow, str]], lang: str) -> str:
    """An index page linking to each conversation's report file, with the summary table."""
    labels = labels_for(lang)
    lines = [
        f"<h1>{_e(labels('reports_folder_index'))}</h1>",
        "<table><thead><tr>",
        *(f"<th>{_e(labels(k))}</th>" for k in ("file", "language", "turns", "risks", "good",
                                                 "top_behaviours", "seller_talk_share")),
        "</tr></thead><tbody>",
    ]
    for row, href in rows:
        top = ", ".join(labels.behaviour(b) for b in row.top_behaviours)
        lines.append(
            f'<tr><td><a href="{_e(href)}">{_e(row.source)}</a></td><td>{_e(row.language)}</td>'
            f'<td class="n">{row.turns}</td><td class="n">{row.risks}</td>'
            f'<td class="n">{row.good}</td><td>{_e(top)}</td>'
            f'<td class="n">{_e(format_percent(row.seller_talk_share, labels.lang))}</td></tr>'
        )
    lines.append("</tbody></table>")
    return _page(labels, labels("reports_folder_index"), "\n".join(lines))


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _page(labels: Labels, title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(labels.lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n"
        "</body>\n</html>\n"
    )


def _header(report: Report, labels: Labels) -> str:
    conv = report.conversation
    speakers = "".join(
        f"<tr><td>{_e(label)}</td><td>{_e(labels.role(role))}</td>"
        f"<td>{_e(labels.role_source(conv.role_sources.get(label, '')))}</td></tr>"
        for label, role in conv.speakers.items()
    )
    return (
        '<dl class="meta">'
        f"<dt>{_e(labels('source'))}</dt><dd>{_e(conv.source)}</dd>"
        f"<dt>{_e(labels('input_format'))}</dt><dd>{_e(conv.input_format)} "
        f"({_e(conv.encoding)})</dd>"
        f"<dt>{_e(labels('language'))}</dt><dd>{_e(labels.language(conv.language))}</dd>"
        f"<dt>{_e(labels('turns'))}</dt><dd>{len(conv.turns)}</dd></dl>"
        f"<h2>{_e(labels('speakers'))}</h2><table><thead><tr><th>{_e(labels('speaker'))}</th>"
        f"<th>{_e(labels('role'))}</th><th>{_e(labels('decided_by'))}</th></tr></thead>"
        f"<tbody>{speakers}</tbody></table>"
    )


def _warnings(report: Report, labels: Labels) -> str:
    items = [f'<p class="warn">{_e(w)}</p>' for w in all_warnings(report)]
    if roles_uncertain(report.conversation):
        fix = labels("roles_fix", example=role_fix_example(report.conversation))
        items.append(f'<p class="warn"><strong>{_e(labels("roles_uncertain"))}</strong><br>'
                     f"{_e(fix)}</p>")
    return "".join(items)


def _overview(report: Report, labels: Labels, numbers: dict[int, int]) -> str:
    parts = [f"<h2>{_e(labels('findings'))}</h2>"]
    groups = severity_groups(report)
    if not groups:
        parts.append(f"<p>{_e(labels('no_risks'))}</p>")
    for severity, findings in groups:
        parts.append(f"<h3>{_e(labels('severity.' + severity))} ({len(findings)})</h3>")
        parts.append(_finding_links(findings, labels, numbers))
    good = good_findings(report)
    parts.append(f"<h3>{_e(labels('what_went_well'))} ({len(good)})</h3>")
    parts.append(_finding_links(good, labels, numbers) if good
                 else f"<p>{_e(labels('no_good'))}</p>")
    return "\n".join(parts)


def _finding_links(findings: Iterable[Finding], labels: Labels, numbers: dict[int, int]) -> str:
    items = "".join(
        f'<li><a href="#f-{numbers[id(f)]}">{_e(labels.behaviour(f.behaviour))}</a> — '
        f'{_e(f.speaker)}, {_e(labels("turn", n=f.turn_index + 1))}: '
        f'<span class="quote">“{_e(f.quote)}”</span></li>'
        for f in findings
    )
    return f'<ul class="overview">{items}</ul>'


def _scorecard(report: Report, labels: Labels) -> str:
    m = report.metrics
    roles = scorecard_roles(m)
    rows = "".join(
        f"<tr><td>{_e(labels.role(role))}</td>"
        f'<td class="n">{_e(format_percent(m.talk_share.get(role), labels.lang))}</td>'
        f'<td class="n">{m.words_by_role.get(role, 0)}</td>'
        f'<td class="n">{m.questions.get(role, {}).get("open", 0)}</td>'
        f'<td class="n">{m.questions.get(role, {}).get("closed", 0)}</td></tr>'
        for role in roles
    )
    heads = "".join(f"<th>{_e(labels(k))}</th>" for k in (
        "role", "talk_share", "words", "open_questions", "closed_questions"))
    basis = labels(f"talk_share_basis_{m.talk_share_basis}")
    return (
        f"<h2>{_e(labels('scorecard'))}</h2><table><thead><tr>{heads}</tr></thead>"
        f"<tbody>{rows}</tbody></table><p>{_e(labels('talk_share'))}: {_e(basis)}</p>"
        f'<dl class="meta"><dt>{_e(labels("longest_monologue"))}</dt>'
        f"<dd>{_e(monologue_label(report, labels))}</dd>"
        f"<dt>{_e(labels('switches'))}</dt><dd>{m.switches_per_100_words:.1f}</dd></dl>"
    )


def _facts(report: Report, labels: Labels) -> str:
    lines = fact_lines(report.facts, labels)
    if not lines:
        return f"<h2>{_e(labels('facts'))}</h2><p>{_e(labels('no_facts'))}</p>"
    items = "".join(f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>" for label, value in lines)
    return f'<h2>{_e(labels("facts"))}</h2><dl class="meta">{items}</dl>'


def _transcript(report: Report, labels: Labels, numbers: dict[int, int]) -> str:
    by_turn: dict[int, list[Finding]] = {}
    for finding in report.findings:
        by_turn.setdefault(finding.turn_index, []).append(finding)
    narration: dict[int | None, list[str]] = {}
    for span in report.conversation.narration:
        narration.setdefault(span.after_turn, []).append(
            f'<li class="narration">{_e(labels("line", n=span.line))}: {_e(span.text)}</li>')
    items = list(narration.get(None, []))
    for turn in report.conversation.turns:
        items.append(_turn(turn, by_turn.get(turn.index, []), labels, numbers))
        items.extend(narration.get(turn.index, []))
    heading = f"<h2>{_e(labels('transcript'))}</h2>"
    if report.conversation.narration:
        count = len(report.conversation.narration)
        heading += f"<p>{_e(labels('narration_count', count=count))}</p>"
    return heading + '<ol class="transcript">' + "\n".join(items) + "</ol>"


def _turn(turn: Turn, findings: list[Finding], labels: Labels, numbers: dict[int, int]) -> str:
    time = format_seconds(turn.start)
    who = (f'<div class="who">{_e(turn.speaker)}<span class="role">{_e(labels.role(turn.role))}'
           f"</span>{f'<span class=time>{_e(time)}</span>' if time else ''}</div>")
    said = f'<p class="said">{_highlight(turn.text, findings, labels, numbers)}</p>'
    notes = "".join(_note(f, labels, numbers[id(f)]) for f in findings)
    notes_html = f'<ul class="notes">{notes}</ul>' if notes else ""
    return (f'<li class="turn role-{_e(turn.role)}" id="t-{turn.index}">'
            f"{who}{said}{notes_html}</li>")


def _note(finding: Finding, labels: Labels, number: int) -> str:
    css = _css_class(finding)
    kind = labels("what_went_well") if finding.polarity == "good" else labels(
        "severity." + finding.severity)
    advice = (f'<br><span class="advice"><strong>{_e(labels("advice"))}:</strong> '
              f"{_e(finding.advice)}</span>" if finding.advice else "")
    source = f'<br><small class="source">{_e(labels.source(finding.source))}</small>'
    return (f'<li id="f-{number}"><span class="badge {css}">{number}</span> '
            f"<strong>{_e(labels.behaviour(finding.behaviour))}</strong> ({_e(kind)}): "
            f"{_e(finding.message)}{advice}{source}</li>")


def _highlight(text: str, findings: Sequence[Finding], labels: Labels,
              numbers: dict[int, int]) -> str:
    """The turn's text, escaped, with every finding's span in a <mark> and its number after it."""
    spans = [(max(0, min(f.start, len(text))), max(0, min(f.end, len(text))), f)
             for f in findings]
    spans = [(s, max(s, e), f) for s, e, f in spans]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = [_refs(spans, 0, numbers, zero_length_only=True)]
    for a, b in itertools.pairwise(cuts):
        piece = _e(text[a:b])
        covering = [f for s, e, f in spans if s <= a and b <= e]
        if covering:
            top = max(covering, key=lambda f: _RANK[_css_class(f).removeprefix("sev-")])
            title = "; ".join(f"{numbers[id(f)]}. {labels.behaviour(f.behaviour)}: {f.message}"
                              for f in covering)
            piece = f'<mark class="{_css_class(top)}" title="{_e(title)}">{piece}</mark>'
        out.append(piece + _refs(spans, b, numbers))
    return "".join(out)


def _refs(spans: Sequence[tuple[int, int, Finding]], at: int, numbers: dict[int, int], *,
          zero_length_only: bool = False) -> str:
    """Links to the notes of the findings that end at `at`."""
    ending = [f for s, e, f in spans if e == at and (s == e or not zero_length_only)]
    return "".join(f'<sup><a href="#f-{numbers[id(f)]}">{numbers[id(f)]}</a></sup>'
                   for f in ending)


def _css_class(finding: Finding) -> str:
    return "good" if finding.polarity == "good" else f"sev-{finding.severity}"
