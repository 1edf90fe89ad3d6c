"""A team's calibration report, computed from its closed deals and stored for every process."""

from __future__ import annotations

from displace.core.forecast import CalibrationReport, calibrate
from displace.web.accounts.models import Team
from displace.web.figures.stored import Figure
from displace.web.forecast.closed import closed_forecasts

__all__ = ["CALIBRATION", "CALIBRATION_SECONDS", "calibration_of", "team_calibration"]

# A team's report is computed again in the background once that old, and as soon as one of
# its deals closes or reopens: reading ten thousand closed deals is most of the page's time.
CALIBRATION_SECONDS = 60


def calibration_of(team_id: int) -> CalibrationReport:
    """Both forecasts scored over team `team_id`'s closed deals: the stored figure."""
    team = Team.objects.filter(pk=team_id).first()
    return calibrate(closed_forecasts(team_id), team=team.name if team is not None else "")


CALIBRATION = Figure(calibration_of, fresh_seconds=CALIBRATION_SECONDS)


def team_calibration(team: Team) -> CalibrationReport:
    """Both forecasts scored over the team's closed deals, for the team and per rep."""
    return CALIBRATION.read(team.pk)
