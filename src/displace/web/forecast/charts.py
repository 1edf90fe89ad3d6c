"""The forecast's charts: the reliability of both forecasts, and the quarters' expected won
value. Built on displace.web.charts (one ChartSpec each, its figures beside it in a table)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from displace.core.forecast import Bin, GroupScore
from displace.web.charts.spec import Cell, ChartSpec, Table, series
from displace.web.forecast.quarters import QuarterForecast
from displace.web.formatting import format_count, format_money, format_percent

__all__ = ["quarter_bars", "reliability_chart"]


def _points(bins: tuple[Bin, ...], who: str, language: str) -> list[dict[str, object]]:
    return [{"x": round((b.predicted or 0.0) * 100, 1), "y": round((b.observed or 0.0) * 100, 1),
             "text": _("%(who)s, forecasts %(low)s–%(high)s: %(n)s deals, mean forecast "
                       "%(predicted)s, %(observed)s won") % {
                 "who": who, "low": format_percent(b.low, language),
                 "high": format_percent(b.high, language), "n": format_count(b.n, language),
                 "predicted": format_percent(b.predicted, language),
                 "observed": format_percent(b.observed, language)}}
            for b in bins if b.n]


def _headers() -> tuple[str, ...]:
    return (_("Forecast band"), _("Deals (reps)"), _("Mean forecast (reps)"),
            _("Won (reps)"), _("Deals (evidence)"), _("Mean forecast (evidence)"),
            _("Won (evidence)"))


def reliability_chart(group: GroupScore, *, language: str) -> ChartSpec:
    """Each band of forecasts as a point: x the mean forecast, y the share of those deals
    won; a calibrated forecaster's points lie on the diagonal. Both forecasts, with counts."""
    if not group.n:
        return ChartSpec(
            id="reliability", kind="scatter", title=_("Reliability of the forecasts"),
            summary="", data={}, table=Table(_headers()),
            empty=_("No closed deal has both forecasts recorded before it closed yet. Close "
                    "deals as won, lost or no decision: each is judged here by the forecasts "
                    "it had at its last stage change."))
    reps, evidence = _("Reps' confidence"), _("Evidence's probability")
    axis = {"unit": "percent", "min": 0, "max": 100}
    data = {"kind": "scatter", "lang": language, "diagonal": True,
            "x": {**axis, "title": _("Forecast (mean of the band)")},
            "y": {**axis, "title": _("Share of those deals won")},
            "series": [series(reps, "accent", points=_points(group.bins_rep, reps, language)),
                       series(evidence, "good",
                              points=_points(group.bins_evidence, evidence, language))]}
    rows = tuple(
        (Cell(f"{format_percent(r.low, language)}–{format_percent(r.high, language)}"),
         Cell(format_count(r.n, language), numeric=True),
         Cell(format_percent(r.predicted, language), numeric=True),
         Cell(format_percent(r.observed, language), numeric=True),
         Cell(format_count(e.n, language), numeric=True),
         Cell(format_percent(e.predicted, language), numeric=True),
         Cell(format_percent(e.observed, language), numeric=True))
        for r, e in zip(group.bins_rep, group.bins_evidence, strict=True) if r.n or e.n)
    summary = _("%(n)s closed deals: each point is a band of forecasts, placed at its mean "
                "forecast and the share of its deals won; on the diagonal, forecasts came "
                "true as often as they said.") % {"n": format_count(group.n, language)}
    return ChartSpec(id="reliability", kind="scatter", title=_("Reliability of the forecasts"),
                     summary=summary, data=data, table=Table(_headers(), rows),
                     caption=_("Above the diagonal the deals were won more often than "
                               "forecast; below it, less often."))


def quarter_bars(forecast: QuarterForecast, *, language: str) -> list[ChartSpec]:
    """Per currency, each quarter's expected won value by the evidence and by the reps."""
    headers = (_("Quarter"), _("Deals"), _("Value"), _("Expected won, evidence"),
               _("Expected won, reps"))
    if not forecast.totals:
        return [ChartSpec(
            id="quarter-forecast", kind="bar", title=_("Forecast by quarter"), summary="",
            data={}, table=Table(headers),
            empty=_("No open deal is expected to close this quarter or next. Set the expected "
                    "close date on the deals: their value appears here, weighted by the "
                    "evidence and by the reps' confidence."))]
    charts = []
    for currency in forecast.currencies():
        totals = [forecast.total(q, currency) for q in forecast.quarters]

        def money(amount: float, currency: str = currency) -> str:
            return format_money(round(amount), currency, language)  # no cents in a forecast

        data = {"kind": "bar", "lang": language, "labels": [q.label for q in forecast.quarters],
                "x": {"title": _("Quarter (by expected close)")},
                "y": {"title": _("Expected won value (%(currency)s)") % {"currency": currency},
                      "unit": "money", "currency": currency, "min": 0},
                "series": [series(_("By the evidence"), "good",
                                  values=[round(t.by_evidence, 2) for t in totals],
                                  texts=[money(t.by_evidence) for t in totals]),
                           series(_("By the reps"), "accent",
                                  values=[round(t.by_reps, 2) for t in totals],
                                  texts=[money(t.by_reps) for t in totals])]}
        rows = tuple((Cell(t.quarter.label), Cell(format_count(t.deals, language), numeric=True),
                      Cell(money(float(t.value)), numeric=True),
                      Cell(money(t.by_evidence), numeric=True),
                      Cell(money(t.by_reps), numeric=True)) for t in totals)
        now = totals[0]
        summary = _("This quarter (%(quarter)s), %(n)s open deals in %(currency)s: "
                    "%(evidence)s expected won by the evidence, %(reps)s by the reps.") % {
            "quarter": now.quarter.label, "n": format_count(now.deals, language),
            "currency": currency, "evidence": money(now.by_evidence),
            "reps": money(now.by_reps)}
        charts.append(ChartSpec(
            id=f"quarter-forecast-{currency.lower()}", kind="bar",
            title=_("Forecast by quarter (%(currency)s)") % {"currency": currency},
            summary=summary, data=data, table=Table(headers, rows),
            caption=_("Open deals by expected close: their value times the evidence's win "
                      "probability, and times the rep's confidence.")))
    return charts
