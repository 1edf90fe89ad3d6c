"""What every report shows, independent of how it is drawn: groups, warnings, facts, times."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from displace.core.model import Conversation, Finding, Metrics, Report, Severity
from displace.core.report.labels import Labels

__all__ = [
    "RISK_SEVERITIES",
    "all_warnings",
    "fact_lines",
    "format_fact",
    "format_seconds",
    "good_findings",
    "monologue_label",
    "role_fix_example",
    "roles_uncertain",
    "scorecard_roles",
    "severity_groups",
]

RISK_SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low", "info")
# Role sources that come from the person or a shipped table of labels: anything else is a guess.
_CONFIDENT_SOURCES = frozenset({"hint", "table"})


def severity_groups(report: Report) -> list[tuple[Severity, list[Finding]]]:
    """Findings that are not good behaviours, by severity (high first), empty groups left out."""
    groups: list[tuple[Severity, list[Finding]]] = []
    for severity in RISK_SEVERITIES:
        found = [f for f in report.findings if f.polarity != "good" and f.severity == severity]
        if found:
            groups.append((severity, found))
    return groups


def good_findings(report: Report) -> list[Finding]:
    """The good behaviours, in conversation order."""
    return [f for f in report.findings if f.polarity == "good"]


def roles_uncertain(conversation: Conversation) -> bool:
    """True when nobody is the seller or the prospect, or a speaker's role is only a guess."""
    speakers = conversation.speakers
    roles = set(speakers.values())
    if "seller" not in roles or "prospect" not in roles:
        return True
    return any(conversation.role_sources.get(label, "") not in _CONFIDENT_SOURCES
               for label in speakers)


def role_fix_example(conversation: Conversation) -> str:
    """A command line naming the seller and the prospect, using this conversation's labels."""
    labels = [*conversation.speakers, "SELLER", "PROSPECT"]
    seller, prospect = labels[0], labels[1]
    return f'displace analyze FILE --seller "{seller}" --prospect "{prospect}"'


def all_warnings(report: Report) -> list[str]:
    """The reader's and the coach's warnings, each once, in order, in the report's language
    (as the command line words them: a report is written by `displace analyze`)."""
    from displace.core.messages import Notice  # here: messages reads this package's labels

    unique = dict.fromkeys([*report.conversation.warnings, *report.warnings])
    return [w.message.render(report.lang, cli=True) if isinstance(w, Notice) else w
            for w in unique]


def format_seconds(seconds: float | None) -> str:
    """Seconds as m:ss or h:mm:ss; empty when the conversation has no times."""
    if seconds is None:
        return ""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_fact(value: Any) -> str:
    """A fact's value in one line: lists joined with `;`, tables as `key: value`."""
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {format_fact(v)}" for k, v in value.items() if v not in (None, ""))
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "; ".join(format_fact(v) for v in value)
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def monologue_label(report: Report, labels: Labels) -> str:
    """The seller's longest monologue in words (and seconds when the conversation is timed)."""
    metrics = report.metrics
    seconds = metrics.longest_seller_monologue_seconds
    if seconds is None:
        return labels("monologue_words", words=metrics.longest_seller_monologue_words)
    return labels("monologue_seconds", words=metrics.longest_seller_monologue_words,
                  seconds=f"{seconds:.0f}")


def fact_lines(facts: Mapping[str, Any], labels: Labels) -> list[tuple[str, str]]:
    """The facts as (label, value) lines: the incumbent, tenure and origin, amounts, the rest."""
    lines: list[tuple[str, str]] = []
    for key, value in facts.items():
        if value in (None, "", [], {}):
            continue
        if key == "incumbent" and isinstance(value, Mapping):
            lines.extend(_incumbent_lines(value, labels))
        elif key == "amounts" and isinstance(value, list):
            lines.append((labels("fact.amounts"), "; ".join(_amount(a, labels) for a in value)))
        else:
            lines.append((labels(f"fact.{key}"), format_fact(value)))
    return lines


def _incumbent_lines(incumbent: Mapping[str, Any], labels: Labels) -> list[tuple[str, str]]:
    lines = [(labels("fact.incumbent"), str(incumbent.get("name") or ""))]
    tenure = incumbent.get("tenure")
    if isinstance(tenure, Mapping):
        years = tenure.get("years")
        since = tenure.get("since_year")
        said = f"“{tenure.get('text', '')}”"
        if isinstance(years, int | float):
            said += " — " + labels("fact.years", years=f"{years:g}")
        elif since:
            said += " — " + labels("fact.since", year=since)
        lines.append((labels("fact.tenure"), said))
    elif tenure:
        lines.append((labels("fact.tenure"), format_fact(tenure)))
    if incumbent.get("origin"):
        lines.append((labels("fact.origin"), str(incumbent["origin"])))
    return lines


def _amount(amount: Any, labels: Labels) -> str:
    if not isinstance(amount, Mapping) or "value" not in amount:
        return format_fact(amount)
    said = f"“{amount.get('text', '')}” = {amount['value']:,.0f} {amount.get('currency', '')}"
    if isinstance(amount.get("turn"), int):
        said += f" ({labels('turn', n=amount['turn'] + 1)}"
        said += f", {labels('fact.in_offer')})" if amount.get("in_offer") else ")"
    return said


def scorecard_roles(metrics: Metrics) -> list[str]:
    """The roles that spoke or asked something, in the metrics' order."""
    roles = dict.fromkeys([*metrics.talk_share, *metrics.words_by_role, *metrics.questions])
    return [r for r in roles if metrics.words_by_role.get(r, 0)
            or any(metrics.questions.get(r, {}).values())]
