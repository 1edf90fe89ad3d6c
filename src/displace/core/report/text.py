"""The coaching report for the terminal, drawn with Rich.

Everything that comes from the transcript goes into `Text` objects, never into markup, so a
speaker called `[bold]` stays a speaker called `[bold]`.
"""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from displace.core.model import Finding, Report
from displace.core.report.labels import Labels, labels_for
from displace.core.report.sections import (
    all_warnings,
    fact_lines,
    good_findings,
    monologue_label,
    role_fix_example,
    roles_uncertain,
    scorecard_roles,
    severity_groups,
)
from displace.core.text.numbers import format_percent

__all__ = ["render_text", "text_report"]

_SEVERITY_STYLE = {"high": "bold red", "medium": "bold dark_orange", "low": "bold yellow",
                   "info": "bold blue"}
_QUOTE_LIMIT = 400


def text_report(report: Report) -> RenderableType:
    """The whole report as one Rich renderable."""
    labels = labels_for(report.lang)
    parts: list[RenderableType] = [
        Rule(Text(labels("title"), style="bold")),
        _header(report, labels),
        *_warnings(report, labels),
        *_findings(report, labels),
        *_scorecard(report, labels),
        *_facts(report, labels),
        *_narration(report, labels),
    ]
    return Group(*parts)


def render_text(report: Report, *, width: int = 100, color: bool = False) -> str:
    """The report as a string (for files and tests)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, highlight=False)
    console.print(text_report(report))
    return buffer.getvalue()


def _header(report: Report, labels: Labels) -> RenderableType:
    conv = report.conversation
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row(labels("source"), Text(conv.source))
    grid.add_row(labels("input_format"), Text(f"{conv.input_format} ({conv.encoding})"))
    grid.add_row(labels("language"), labels.language(conv.language))
    grid.add_row(labels("turns"), str(len(conv.turns)))
    speakers = Table(box=None, show_edge=False, padding=(0, 2, 0, 0))
    for heading in ("speaker", "role", "decided_by"):
        speakers.add_column(labels(heading), style="dim" if heading == "decided_by" else None)
    for label, role in conv.speakers.items():
        source = labels.role_source(conv.role_sources.get(label, ""))
        speakers.add_row(Text(label), labels.role(role), Text(source))
    grid.add_row(labels("speakers"), speakers)
    return Padding(grid, (1, 0))


def _warnings(report: Report, labels: Labels) -> list[RenderableType]:
    lines = [Text("⚠ " + w, style="yellow") for w in all_warnings(report)]
    if roles_uncertain(report.conversation):
        lines.append(Text("⚠ " + labels("roles_uncertain"), style="bold yellow"))
        example = role_fix_example(report.conversation)
        lines.append(Text("  " + labels("roles_fix", example=example), style="yellow"))
    if not lines:
        return []
    return [Text(labels("warnings"), style="bold yellow"), *lines, Text()]


def _findings(report: Report, labels: Labels) -> list[RenderableType]:
    parts: list[RenderableType] = [Rule(Text(labels("findings"), style="bold"))]
    groups = severity_groups(report)
    if not groups:
        parts.append(Text(labels("no_risks"), style="green"))
    for severity, findings in groups:
        style = _SEVERITY_STYLE[severity]
        parts.append(Text(f"{labels('severity.' + severity)} ({len(findings)})", style=style))
        parts.extend(_entry(g, labels, style) for g in _finding_entries(findings))
    good = good_findings(report)
    parts.append(Text(f"{labels('what_went_well')} ({len(good)})", style="bold green"))
    if not good:
        parts.append(Padding(Text(labels("no_good"), style="dim"), (0, 0, 1, 2)))
    parts.extend(_entry(g, labels, "bold green") for g in _finding_entries(good))
    return parts


def _finding_entries(findings: list[Finding]) -> list[list[Finding]]:
    """Findings of one behaviour in one turn, together; a quote inside another one is dropped."""
    entries: dict[tuple[str, int], list[Finding]] = {}
    for finding in findings:
        entries.setdefault((finding.behaviour, finding.turn_index), []).append(finding)
    return [
        [f for f in group if not any(
            o is not f and o.start <= f.start and f.end <= o.end
            and (o.end - o.start > f.end - f.start or group.index(o) < group.index(f))
            for o in group)]
        for group in entries.values()
    ]


def _entry(group: list[Finding], labels: Labels, style: str) -> RenderableType:
    first = group[0]
    who = labels("said_by", speaker=first.speaker, role=labels.role(first.role),
                 turn=labels("turn", n=first.turn_index + 1))
    body: list[RenderableType] = [
        Text.assemble(("“", "italic"), (_short(f.quote), "italic"), ("”", "italic"))
        for f in group
    ]
    if first.message:
        body.append(Text(first.message))
    if first.advice:
        body.append(Text.assemble(("→ " + labels("advice") + ": ", "bold cyan"),
                                  (first.advice, "cyan")))
    head = Text.assemble(("• ", style), (labels.behaviour(first.behaviour), style),
                         ("  " + who, "dim"))
    return Padding(Group(head, Padding(Group(*body), (0, 0, 0, 2))), (0, 0, 1, 2))


def _short(quote: str) -> str:
    return quote if len(quote) <= _QUOTE_LIMIT else quote[:_QUOTE_LIMIT] + "…"


def _scorecard(report: Report, labels: Labels) -> list[RenderableType]:
    metrics = report.metrics
    table = Table(title=None, show_lines=False)
    table.add_column(labels("role"))
    table.add_column(labels("talk_share"), justify="right")
    table.add_column(labels("words"), justify="right")
    table.add_column(labels("open_questions"), justify="right")
    table.add_column(labels("closed_questions"), justify="right")
    roles = scorecard_roles(metrics)
    for role in roles:
        asked = metrics.questions.get(role, {})
        table.add_row(labels.role(role), format_percent(metrics.talk_share.get(role), labels.lang),
                      str(metrics.words_by_role.get(role, 0)), str(asked.get("open", 0)),
                      str(asked.get("closed", 0)))
    basis = labels(f"talk_share_basis_{metrics.talk_share_basis}")
    return [
        Rule(Text(labels("scorecard"), style="bold")),
        table,
        Text(f"{labels('talk_share')}: {basis}", style="dim"),
        Text(f"{labels('longest_monologue')}: {monologue_label(report, labels)}"),
        Text(f"{labels('switches')}: {metrics.switches_per_100_words:.1f}"),
        Text(),
    ]


def _facts(report: Report, labels: Labels) -> list[RenderableType]:
    parts: list[RenderableType] = [Rule(Text(labels("facts"), style="bold"))]
    lines = fact_lines(report.facts, labels)
    if not lines:
        return [*parts, Text(labels("no_facts"), style="dim"), Text()]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for label, value in lines:
        grid.add_row(label, Text(value))
    return [*parts, grid, Text()]


def _narration(report: Report, labels: Labels) -> list[RenderableType]:
    spans = report.conversation.narration
    if not spans:
        return []
    parts: list[RenderableType] = [
        Rule(Text(labels("narration"), style="bold")),
        Text(labels("narration_count", count=len(spans))),
    ]
    for span in spans[:5]:
        excerpt = span.text if len(span.text) <= 120 else span.text[:120] + "…"
        line = Text(f"{labels('line', n=span.line)}: {excerpt}", style="dim")
        parts.append(Padding(line, (0, 0, 0, 2)))
    return parts
