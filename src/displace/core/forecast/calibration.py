"""The calibration report: whose forecasts came true, the reps' or the evidence's.

Each closed deal is judged by the two forecasts recorded at its last stage change into an open
stage before it closed: the rep's confidence and the evidence-based win probability. A deal
won counts 1; lost and no decision count 0 (with no decision the prospect stayed with the
incumbent, which is what the probability forecasts against). A deal is left out, and counted
as left out, when it closed without a forecast recorded before, or lacks one of the two.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple

from displace.core.forecast.config import ForecastConfig, load_config
from displace.core.forecast.messages import message
from displace.core.forecast.scores import Bin, brier, log_loss, reliability

__all__ = ["CalibrationReport", "ClosedForecast", "GroupScore", "calibrate", "render_text"]


_NO_TERMS: Mapping[str, float] = MappingProxyType({})


class ClosedForecast(NamedTuple):
    """A closed deal with the forecasts recorded before it closed (None when none was).

    A named tuple rather than a dataclass: a team's report builds ten thousand of them."""

    deal_id: int
    rep: str
    won: bool
    no_decision: bool = False
    recorded: bool = True  # a stage change into an open stage was recorded before closing
    rep_confidence: float | None = None
    win_probability: float | None = None
    terms: Mapping[str, float] = _NO_TERMS  # the evidence model's, when read for a refit

    @property
    def outcome(self) -> int:
        """1 won, 0 lost or no decision."""
        return 1 if self.won else 0


@dataclass(frozen=True)
class GroupScore:
    """Both forecasts scored over one group's closed deals (the team, or one rep's)."""

    name: str
    n: int
    won: int
    brier_rep: float | None
    brier_evidence: float | None
    log_loss_rep: float | None
    log_loss_evidence: float | None
    bins_rep: tuple[Bin, ...]
    bins_evidence: tuple[Bin, ...]
    too_few: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the report's keys)."""
        return {"n": self.n, "won": self.won, "brier_rep": _r(self.brier_rep),
                "brier_evidence": _r(self.brier_evidence), "log_loss_rep": _r(self.log_loss_rep),
                "log_loss_evidence": _r(self.log_loss_evidence), "too_few": self.too_few,
                "bins": {"rep": [b.to_dict() for b in self.bins_rep],
                         "evidence": [b.to_dict() for b in self.bins_evidence]}}


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass(frozen=True)
class CalibrationReport:
    """The team's scores, each rep's, and what was left out."""

    team: GroupScore
    reps: tuple[GroupScore, ...]
    left_out: Mapping[str, int]  # no_forecast, no_rep, no_evidence
    no_decision: int  # judged deals that closed with no decision (counted as not won)
    too_few_below: int

    def warnings(self, lang: str = "en") -> list[str]:
        """What to keep in mind reading the figures, in `lang`."""
        out = [message(f"warning.{reason}", lang, n=n)
               for reason, n in self.left_out.items() if n]
        if self.no_decision:
            out.append(message("warning.no_decision", lang, n=self.no_decision))
        for group in (self.team, *self.reps):
            if group.too_few:
                name = group.name or message("label.team", lang)
                out.append(message("warning.too_few", lang, name=name, n=group.n,
                                   least=self.too_few_below))
        return out

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """JSON-ready form: the team's figures at the top, then each rep's, then warnings."""
        return {"team": self.team.name, **self.team.to_dict(),
                "reps": [{"rep": g.name, **g.to_dict()} for g in self.reps],
                "no_decision": self.no_decision, "left_out": dict(self.left_out),
                "too_few_below": self.too_few_below, "warnings": self.warnings(lang)}


def calibrate(forecasts: Sequence[ClosedForecast], *, team: str = "",
              config: ForecastConfig | None = None) -> CalibrationReport:
    """Score both forecasts over the closed deals, for the team and per rep."""
    config = config or load_config()
    left: Counter[str] = Counter(no_forecast=0, no_rep=0, no_evidence=0)
    judged: list[ClosedForecast] = []
    for f in forecasts:
        if not f.recorded:
            left["no_forecast"] += 1
        elif f.rep_confidence is None:
            left["no_rep"] += 1
        elif f.win_probability is None:
            left["no_evidence"] += 1
        else:
            judged.append(f)
    by_rep: dict[str, list[ClosedForecast]] = defaultdict(list)
    for f in judged:
        by_rep[f.rep].append(f)
    return CalibrationReport(
        team=_score(team, judged, config),
        reps=tuple(_score(rep, rows, config) for rep, rows in sorted(by_rep.items())),
        left_out=dict(left), no_decision=sum(1 for f in judged if f.no_decision),
        too_few_below=config.too_few)


def _score(name: str, rows: Sequence[ClosedForecast], config: ForecastConfig) -> GroupScore:
    outcomes = [f.outcome for f in rows]
    reps = [float(f.rep_confidence or 0.0) for f in rows]
    evidence = [float(f.win_probability or 0.0) for f in rows]
    return GroupScore(
        name=name, n=len(rows), won=sum(outcomes),
        brier_rep=brier(reps, outcomes), brier_evidence=brier(evidence, outcomes),
        log_loss_rep=log_loss(reps, outcomes, clip=config.clip),
        log_loss_evidence=log_loss(evidence, outcomes, clip=config.clip),
        bins_rep=reliability(reps, outcomes, bins=config.bins),
        bins_evidence=reliability(evidence, outcomes, bins=config.bins),
        too_few=len(rows) < config.too_few)


def render_text(report: CalibrationReport, lang: str = "en") -> str:
    """The report as a plain-text table for a terminal."""
    def say(key: str) -> str:
        return message(key, lang)

    heads = (say("label.rep"), say("label.deals"), say("label.won"), say("label.brier_rep"),
             say("label.brier_evidence"), say("label.log_loss_rep"),
             say("label.log_loss_evidence"))
    rows = [(report.team.name or say("label.team"), report.team),
            *((g.name, g) for g in report.reps)]
    table = [heads, *((name, str(g.n), str(g.won), _f(g.brier_rep), _f(g.brier_evidence),
                       _f(g.log_loss_rep), _f(g.log_loss_evidence)) for name, g in rows)]
    widths = [max(len(row[i]) for row in table) for i in range(len(heads))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                       for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip()
             for row in table]
    lines += ["", say("label.bins")]
    for label, bins in ((say("label.reps_forecast"), report.team.bins_rep),
                        (say("label.evidence_forecast"), report.team.bins_evidence)):
        cells = [f"{b.low:.0%}–{b.high:.0%}: {b.n}, {_pct(b.predicted)}, {_pct(b.observed)}"
                 for b in bins if b.n]
        lines.append(f"  {label}: " + ("; ".join(cells) or "—"))
    lines += [f"! {w}" for w in report.warnings(lang)]
    return "\n".join(lines) + "\n"


def _f(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"
