"""A team's calibration report, computed from its closed deals and kept a minute."""

from __future__ import annotations

from django.core.cache import cache

from displace.core.forecast import CalibrationReport, calibrate
from displace.web.accounts.models import Team
from displace.web.forecast.closed import closed_forecasts

__all__ = ["CALIBRATION_SECONDS", "team_calibration"]

# How long a team's report is kept (in each server process): it changes only when deals close,
# and reading ten thousand closed deals is most of the calibration page's time.
CALIBRATION_SECONDS = 60


def team_calibration(team: Team) -> CalibrationReport:
    """Both forecasts scored over the team's closed deals, for the team and per rep, as
    computed at most CALIBRATION_SECONDS ago."""
    key = f"displace:calibration:{team.pk}"
    report: CalibrationReport | None = cache.get(key)
    if report is None:
        report = calibrate(closed_forecasts(team.pk), team=team.name)
        cache.set(key, report, CALIBRATION_SECONDS)
    return report
