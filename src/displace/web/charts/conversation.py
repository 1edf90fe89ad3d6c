"""A conversation's charts: who talked how much, and where along the call the coach found what."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from displace.core.model import ROLES
from displace.core.report.labels import labels_for
from displace.web.charts.spec import Cell, ChartSpec, Table, series
from displace.web.deals.templatetags.deal_format import role_label
from displace.web.formatting import format_count, format_percent

__all__ = ["TURN_ANCHOR", "FindingLike", "findings_timeline", "talk_share_bar", "turn_anchor"]

# The transcript's anchor for a turn (conversations/conversation.html): where a point jumps.
TURN_ANCHOR = "turn-{index}"
ROLE_TONES = {"seller": "accent", "prospect": "good", "incumbent": "info", "other": "muted"}
POLARITY_TONES = {"risk": "risk", "info": "info", "good": "good"}
QUOTE_CHARS = 120


class FindingLike(Protocol):
    """What the timeline reads of a finding (a stored Finding has all of it)."""

    @property
    def behaviour(self) -> str: ...
    @property
    def polarity(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def turn(self) -> int: ...
    @property
    def quote(self) -> str: ...
    @property
    def speaker(self) -> str: ...


def turn_anchor(index: int) -> str:
    """The address, within the page, of a turn of the transcript."""
    return "#" + TURN_ANCHOR.format(index=index)


def talk_share_bar(metrics: Mapping[str, Any], *, language: str) -> ChartSpec:
    """One bar split by role: each role's share of the words (or of the time, when timed)."""
    shares: Mapping[str, float] = metrics.get("talk_share") or {}
    words: Mapping[str, int] = metrics.get("words_by_role") or {}
    roles = [r for r in ROLES if shares.get(r)]
    by_time = metrics.get("talk_share_basis") == "time"
    headers = (_("Role"), _("Talk share"), _("Words"))
    if not roles:
        return ChartSpec(id="talk-share", kind="stacked-bar", title=_("Talk share"), summary="",
                         data={}, table=Table(headers),
                         empty=_("No words were counted in this call yet: once the coach has "
                                 "read it, each role's share of the talk appears here."))
    data = {
        "kind": "stacked-bar", "lang": language, "horizontal": True, "labels": [_("Talk share")],
        "x": {"unit": "percent", "min": 0, "max": 100,
              "title": _("Share of the speaking time") if by_time else _("Share of the words")},
        "series": [series(str(role_label(r)), ROLE_TONES.get(r, "muted"),
                          values=[round(shares[r] * 100, 1)],
                          texts=[format_percent(shares[r], language)]) for r in roles],
    }
    rows = tuple((Cell(str(role_label(r))), Cell(format_percent(shares[r], language), numeric=True),
                  Cell(format_count(words.get(r, 0), language), numeric=True)) for r in roles)
    parts = ", ".join(f"{role_label(r)} {format_percent(shares[r], language)}" for r in roles)
    summary = (_("Share of the speaking time: %(parts)s.") if by_time
               else _("Share of the words spoken: %(parts)s.")) % {"parts": parts}
    return ChartSpec(id="talk-share", kind="stacked-bar", title=_("Talk share"),
                     summary=summary, data=data, table=Table(headers, rows))


def findings_timeline(findings: Sequence[FindingLike], turns: Sequence[Mapping[str, Any]], *,
                      language: str, anchor: Callable[[FindingLike], str] | None = None
                      ) -> ChartSpec:
    """Each finding at its place in the call (its turn's start time when every turn is timed,
    else its turn's number), one row per behaviour; a point links to `anchor(finding)` (the
    finding's turn by default)."""
    link = anchor or (lambda f: turn_anchor(f.turn))
    labels = labels_for(language[:2])
    timed = bool(turns) and all(isinstance(t.get("start"), int | float) for t in turns)
    starts = {int(t["index"]): float(t["start"]) for t in turns} if timed else {}
    headers = (_("When") if timed else _("Turn"), _("Speaker"), _("Behaviour"), _("Severity"),
               _("Quote"))
    if not findings:
        return ChartSpec(id="findings-timeline", kind="timeline",
                         title=_("Findings along the call"), summary="", data={},
                         table=Table(headers),
                         empty=_("The coach found nothing to mark in this call. Teach it your "
                                 "team's words from a turn of the transcript if it missed one."))
    ordered = sorted(findings, key=lambda f: (f.turn, f.behaviour))
    first: dict[str, FindingLike] = {}
    for f in ordered:
        first.setdefault(f.behaviour, f)
    # Risks on top, then what to note, then the good moves; each in the order the call met it.
    rank = list(POLARITY_TONES)
    rows_order = sorted(first, key=lambda b: (
        rank.index(first[b].polarity) if first[b].polarity in rank else len(rank), first[b].turn))
    where = {f.turn: (round(starts.get(f.turn, 0.0), 1) if timed else f.turn + 1)
             for f in ordered}

    def position(turn: int) -> str:
        if not timed:
            return format_count(turn + 1, language)
        seconds = int(where[turn])
        return f"{seconds // 60}:{seconds % 60:02d}"

    def points(polarity: str) -> list[dict[str, object]]:
        return [{"x": where[f.turn], "y": labels.behaviour(f.behaviour),
                 "text": f"{labels.behaviour(f.behaviour)} · {position(f.turn)} · "
                         f"{f.speaker}: “{_shortened(f.quote)}”",
                 "href": link(f)} for f in ordered if f.polarity == polarity]

    names = {"risk": _("Risks"), "info": _("To note"), "good": _("Good moves")}
    present = [p for p in POLARITY_TONES if any(f.polarity == p for f in ordered)]
    data = {
        "kind": "timeline", "lang": language, "labels": [labels.behaviour(b) for b in rows_order],
        "x": {"title": _("Time into the call") if timed else _("Turn"),
              # Half a turn either side, so that the first and last turns' points show whole.
              "unit": "seconds" if timed else "turn", "min": 0 if timed else 0.5,
              "max": max(starts.values(), default=0.0) if timed else len(turns) + 0.5},
        "series": [series(names[p], POLARITY_TONES[p], points=points(p)) for p in present],
    }
    rows = tuple((Cell(position(f.turn), href=link(f), numeric=True),
                  Cell(f.speaker), Cell(labels.behaviour(f.behaviour)),
                  Cell(labels(f"severity.{f.severity}")), Cell(f"“{f.quote}”"))
                 for f in ordered)
    counts = {p: sum(1 for f in ordered if f.polarity == p) for p in POLARITY_TONES}
    summary = ngettext("%(n)s finding along the call (risks: %(risk)s, good moves: %(good)s, "
                       "to note: %(info)s).",
                       "%(n)s findings along the call (risks: %(risk)s, good moves: %(good)s, "
                       "to note: %(info)s).", len(ordered)) % {
        "n": format_count(len(ordered), language), "risk": format_count(counts["risk"], language),
        "good": format_count(counts["good"], language),
        "info": format_count(counts["info"], language)}
    return ChartSpec(id="findings-timeline", kind="timeline", title=_("Findings along the call"),
                     summary=summary, data=data, table=Table(headers, rows),
                     caption=_("One row per behaviour; click a point to read it in the "
                               "transcript."))


def _shortened(quote: str) -> str:
    return quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS - 1].rstrip() + "…"
