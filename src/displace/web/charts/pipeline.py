"""The manager's charts: rep confidence against the evidence, pipeline value by stage, and each
rep's coaching hot-spots week by week. Builders take figures the database already summed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from displace.core.report.labels import labels_for
from displace.web.charts.spec import Cell, ChartSpec, Table, series
from displace.web.deals.models import OPEN_STAGES, Stage
from displace.web.formatting import (
    format_count,
    format_date,
    format_decimal,
    format_money,
    format_percent,
)
from displace.web.pipeline.totals import StageTotal, sum_by_currency

__all__ = ["DealPoint", "RepWeeks", "confidence_scatter", "hot_spot_lines", "stage_value_bars"]

# A rep's lines: their most frequent risks; more lines than this is a tangle on a phone.
HOT_SPOT_LINES = 3


@dataclass(frozen=True)
class DealPoint:
    """An open deal with both figures: the rep's confidence and the evidence's probability."""

    title: str
    href: str
    rep: str
    incumbent: str
    confidence: float  # 0..1
    evidence: float  # 0..1


@dataclass(frozen=True)
class RepWeeks:
    """One rep's analysed calls per week and, per risk behaviour, how often it was found."""

    rep: str
    weeks: tuple[date, ...]  # each week's Monday, oldest first
    calls: tuple[int, ...]  # calls per week
    counts: dict[str, tuple[int, ...]]  # behaviour -> findings per week


def _percent_points(share: float) -> float:
    return round(share * 100, 1)


def confidence_scatter(points: Sequence[DealPoint], *, total: int, language: str) -> ChartSpec:
    """A point per deal: x the evidence's win probability, y the rep's confidence; above the
    diagonal the rep believes more than the evidence shows. `total` is how many deals have
    both figures (`points` may be the most mismatched of them)."""
    headers = (_("Deal"), _("Rep"), _("Incumbent"), _("Rep's confidence"),
               _("Win probability (evidence)"), _("Confidence minus evidence (points)"))
    if not points:
        return ChartSpec(
            id="confidence-scatter", kind="scatter", title=_("Rep confidence vs evidence"),
            summary="", data={}, table=Table(headers),
            empty=_("No open deal has both a rep's confidence and a win probability yet. Set "
                    "the rep's confidence when editing a deal, and upload its calls: each deal "
                    "then appears here as a point."))
    above = [p for p in points if p.confidence > p.evidence]
    rest = [p for p in points if p.confidence <= p.evidence]

    said = _("%(deal)s: rep's confidence %(confidence)s, evidence %(evidence)s")

    def plotted(group: list[DealPoint]) -> list[dict[str, object]]:
        return [{"x": _percent_points(p.evidence), "y": _percent_points(p.confidence),
                 "text": said % {"deal": p.title,
                                 "confidence": format_percent(p.confidence, language),
                                 "evidence": format_percent(p.evidence, language)},
                 "href": p.href} for p in group]

    axis = {"unit": "percent", "min": 0, "max": 100}
    data = {
        "kind": "scatter", "lang": language, "diagonal": True,
        "x": {**axis, "title": _("Win probability (evidence)")},
        "y": {**axis, "title": _("Rep's confidence")},
        "series": [series(_("Confidence above the evidence"), "risk",
                          points=plotted(above)),
                   series(_("Confidence at or below the evidence"), "good",
                          points=plotted(rest))],
    }
    rows = tuple((Cell(p.title, href=p.href), Cell(p.rep), Cell(p.incumbent),
                  Cell(format_percent(p.confidence, language), numeric=True),
                  Cell(format_percent(p.evidence, language), numeric=True),
                  Cell(f"{round((p.confidence - p.evidence) * 100):+d}", numeric=True))
                 for p in points)
    shown = ngettext("%(n)s open deal with both figures", "%(n)s open deals with both figures",
                     len(points)) % {"n": format_count(len(points), language)}
    if total > len(points):
        shown = _("the %(n)s of %(total)s open deals with both figures where they differ most") % {
            "n": format_count(len(points), language), "total": format_count(total, language)}
    summary = _("Rep confidence against the evidence for %(shown)s: on %(above)s the rep is "
                "more confident than the evidence (above the diagonal).") % {
        "shown": shown, "above": format_count(len(above), language)}
    return ChartSpec(id="confidence-scatter", kind="scatter",
                     title=_("Rep confidence vs evidence"), summary=summary, data=data,
                     table=Table(headers, rows),
                     caption=_("Each point is an open deal; the diagonal is where the rep's "
                               "confidence equals the evidence. Click a point to open the deal."))


def stage_value_bars(totals: Sequence[StageTotal], *, language: str) -> list[ChartSpec]:
    """Per currency (never added together), each open stage's value, the value weighted by
    the evidence and the value weighted by the reps' confidence, side by side."""
    if not totals:
        return [ChartSpec(
            id="stage-value", kind="bar", title=_("Pipeline value by stage"), summary="",
            data={}, table=Table(_stage_headers()),
            empty=_("No open deals yet. Create one with “New deal” or import deals from a "
                    "CRM: their value by stage appears here."))]
    return [_stage_chart(currency, [t for t in totals if t.currency == currency], language)
            for currency in sorted({t.currency for t in totals})]


def _stage_headers() -> tuple[str, ...]:
    return (_("Stage"), _("Deals"), _("Value"), _("Weighted by the evidence"),
            _("Weighted by the reps' confidence"))


def _stage_chart(currency: str, totals: list[StageTotal], language: str) -> ChartSpec:
    by_stage = {t.stage: t for t in totals}
    stages = [s for s in Stage.values if s in OPEN_STAGES or s in by_stage]
    rows = [by_stage.get(s) or StageTotal(s, currency, 0, Decimal(0), 0.0, 0.0) for s in stages]

    def money(amount: Decimal | float) -> str:
        return format_money(amount, currency, language)

    def bars(label: str, tone: str, amounts: list[float]) -> dict[str, object]:
        return series(label, tone, values=[round(a, 2) for a in amounts],
                      texts=[money(a) for a in amounts])

    data = {
        "kind": "bar", "lang": language, "labels": [str(Stage(s).label) for s in stages],
        "x": {"title": _("Stage")},
        "y": {"title": _("Value (%(currency)s)") % {"currency": currency}, "unit": "money",
              "currency": currency, "min": 0},
        "series": [bars(_("Value"), "muted", [float(r.value) for r in rows]),
                   bars(_("Weighted by the evidence"), "good", [r.by_evidence for r in rows]),
                   bars(_("Weighted by the reps' confidence"), "accent",
                        [r.by_confidence for r in rows])],
    }
    (whole,) = sum_by_currency(totals)
    table_rows = [(Cell(r.stage_label), Cell(format_count(r.count, language), numeric=True),
                   Cell(money(r.value), numeric=True), Cell(money(r.by_evidence), numeric=True),
                   Cell(money(r.by_confidence), numeric=True)) for r in rows]
    table_rows.append((Cell(_("All open stages")),
                       Cell(format_count(whole.count, language), numeric=True),
                       Cell(money(whole.value), numeric=True),
                       Cell(money(whole.by_evidence), numeric=True),
                       Cell(money(whole.by_confidence), numeric=True)))
    summary = ngettext(
        "Open pipeline in %(currency)s: %(value)s in %(count)s deal; %(evidence)s weighted by "
        "the evidence, %(confidence)s by the reps' confidence.",
        "Open pipeline in %(currency)s: %(value)s in %(count)s deals; %(evidence)s weighted by "
        "the evidence, %(confidence)s by the reps' confidence.", whole.count) % {
        "currency": currency, "value": money(whole.value),
        "count": format_count(whole.count, language), "evidence": money(whole.by_evidence),
        "confidence": money(whole.by_confidence)}
    return ChartSpec(id=f"stage-value-{currency.lower()}", kind="bar",
                     title=_("Pipeline value by stage (%(currency)s)") % {"currency": currency},
                     summary=summary, data=data, table=Table(_stage_headers(), tuple(table_rows)),
                     caption=_("Each stage's value, and the same value weighted by the "
                               "evidence's win probability and by the reps' confidence."))


def hot_spot_lines(weekly: Sequence[RepWeeks], *, language: str) -> list[ChartSpec]:
    """Per rep, their most frequent risks as findings per call, week by week."""
    # The reps share their weeks: each week's names (axis, table) are written once.
    weeks = {w: (_week_label(w, language), format_date(w, language))
             for w in {w for rep in weekly for w in rep.weeks}}
    charts = [_rep_chart(n, rep, weeks, language) for n, rep in enumerate(weekly, start=1)
              if sum(rep.calls) and any(sum(c) for c in rep.counts.values())]
    if charts:
        return charts
    return [ChartSpec(
        id="hot-spots", kind="line", title=_("Coaching hot-spots over time"), summary="",
        data={}, table=Table((_("Week"), _("Calls"))),
        empty=_("No risks found in the team's analysed calls of the last weeks. Upload calls "
                "on the deals: the risks the coach finds are counted here per call, by week."))]


def _week_label(monday: date, language: str) -> str:
    """A week on the axis, short enough for a phone: 14/9 or 14 Sep (the table has the date)."""
    return f"{monday.day}/{monday.month}" if language == "vi" else date_format(monday, "j M")


def _rep_chart(n: int, rep: RepWeeks, week_names: Mapping[date, tuple[str, str]],
               language: str) -> ChartSpec:
    labels = labels_for(language[:2])
    top = sorted((b for b, c in rep.counts.items() if sum(c)),
                 key=lambda b: (-sum(rep.counts[b]), b))[:HOT_SPOT_LINES]
    rates = {b: [None if not calls else round(found / calls, 2)
                 for found, calls in zip(rep.counts[b], rep.calls, strict=True)] for b in top}

    texts = {b: ["–" if v is None else format_decimal(v, language, 2) for v in rates[b]]
             for b in top}

    weeks = [week_names[w][1] for w in rep.weeks]
    data = {
        "kind": "line", "lang": language, "labels": [week_names[w][0] for w in rep.weeks],
        "x": {"title": _("Week starting")},
        "y": {"title": _("Per call"), "unit": "rate", "min": 0},
        "series": [series(labels.behaviour(b), f"c{i}", values=rates[b], texts=texts[b])
                   for i, b in enumerate(top, start=1)],
    }
    headers = (_("Week starting"), _("Calls"), *(labels.behaviour(b) for b in top))
    rows = tuple((Cell(week), Cell(format_count(calls, language), numeric=True),
                  *(Cell(texts[b][i], numeric=True) for b in top))
                 for i, (week, calls) in enumerate(zip(weeks, rep.calls, strict=True)))
    summary = ngettext(
        "%(rep)s's most frequent risks per analysed call, week by week (%(calls)s call in "
        "%(weeks)s weeks): %(behaviours)s.",
        "%(rep)s's most frequent risks per analysed call, week by week (%(calls)s calls in "
        "%(weeks)s weeks): %(behaviours)s.", sum(rep.calls)) % {
        "rep": rep.rep, "calls": format_count(sum(rep.calls), language),
        "weeks": format_count(len(rep.weeks), language),
        "behaviours": ", ".join(labels.behaviour(b) for b in top)}
    return ChartSpec(id=f"hot-spots-{n}", kind="line", title=rep.rep, summary=summary,
                     data=data, table=Table(headers, rows), classes=("chart-small",))
