"""GET /api/calibration: whose forecasts came true, the reps' or the evidence's (managers,
admins); the same figures as the calibration page and `displace calibrate --format json`."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from displace.web import permissions
from displace.web.api.auth import caller
from displace.web.api.schemas import Error, RecordId
from displace.web.forecast.reports import team_calibration

router = Router(tags=["calibration"])


class Bin(Schema):
    """Forecasts in [low, high): how many, their mean, the share of those deals won."""

    low: float
    high: float
    n: int
    predicted: float | None
    observed: float | None


class Bins(Schema):
    rep: list[Bin]
    evidence: list[Bin]


class Scores(Schema):
    """Both forecasts scored over a group's closed deals (lower is better)."""

    n: int = Field(description="closed deals judged (both forecasts recorded before closing)")
    won: int
    brier_rep: float | None
    brier_evidence: float | None
    log_loss_rep: float | None
    log_loss_evidence: float | None
    too_few: bool = Field(description="fewer deals than too_few_below: too few to judge")
    bins: Bins


class RepScores(Scores):
    rep: str


class CalibrationOut(Scores):
    team: str
    reps: list[RepScores]
    no_decision: int = Field(description="judged deals closed with no decision (count as 0)")
    left_out: dict[str, int] = Field(
        description="closed deals not judged: no_forecast, no_rep, no_evidence")
    too_few_below: int
    warnings: list[str]


@router.get("/calibration", response={200: CalibrationOut, 401: Error, 403: Error, 404: Error},
            summary="Calibration of the reps' and the evidence's forecasts")
def get_calibration(request: HttpRequest, team: RecordId | None = None) -> dict[str, Any]:
    """Brier score, log loss and reliability bins of both forecasts over the team's closed
    deals, for the team and per rep. A manager gets their team; an admin names one (`team`,
    else the first by name)."""
    user = caller(request)
    permissions.require_manager(
        user, _("Only a manager or an admin can see the calibration report."))
    teams = permissions.forecast_teams(user).order_by("name")
    chosen = teams.filter(pk=team).first() if team is not None else teams.first()
    if chosen is None:
        raise Http404(_("No such team."))
    return team_calibration(chosen).to_dict((get_language() or "en")[:2])
