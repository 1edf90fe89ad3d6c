"""Every write to a team's weights: a refit proposed, accepted, rolled back.

Accepting or rolling back changes the weights every open deal of the team is assessed with,
so each queues a job that re-assesses them; the history keeps who did what, when.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from displace.core.forecast import refit
from displace.web import jobs
from displace.web.accounts.models import Team
from displace.web.deals.models import OPEN_STAGES, Deal
from displace.web.forecast.closed import closed_forecasts
from displace.web.forecast.models import WeightsChange, WeightsVersion
from displace.web.forecast.weights import in_use, team_weights

__all__ = [
    "NothingToRollBack",
    "accept_version",
    "propose_refit",
    "reassess_later",
    "reassess_open_deals",
    "roll_back",
]


class NothingToRollBack(Exception):
    """The team already uses the shipped weights."""


def propose_refit(team: Team, *, by: User | None) -> WeightsVersion:
    """Refit the team's weights on its closed deals and store the result as a proposal (not
    in use until accepted). ForecastError, with nothing stored, when it cannot be done."""
    current, _number = team_weights(team.pk)
    result = refit(closed_forecasts(team.pk, terms=True), current=current or None)
    with transaction.atomic():
        Team.objects.select_for_update().filter(pk=team.pk).first()  # one number at a time
        number = (WeightsVersion.objects.filter(team=team).aggregate(n=Max("number"))["n"]
                  or 0) + 1
        version = WeightsVersion.objects.create(
            team=team, number=number, multipliers=dict(result.multipliers),
            scores=result.to_dict(), created_by=by)
        WeightsChange.objects.create(team=team, version=version,
                                     action=WeightsChange.Action.PROPOSED, by=by)
    return version


def accept_version(version: WeightsVersion, *, by: User | None) -> WeightsVersion:
    """Put `version` in use for its team (again, if it was rolled back), and re-assess the
    team's open deals with it in the background."""
    with transaction.atomic():
        version.accepted_at, version.accepted_by = timezone.now(), by
        version.rolled_back_at, version.rolled_back_by = None, None
        version.save(update_fields=["accepted_at", "accepted_by", "rolled_back_at",
                                    "rolled_back_by"])
        WeightsChange.objects.create(team_id=version.team_id, version=version,
                                     action=WeightsChange.Action.ACCEPTED, by=by)
        reassess_later(version.team_id)
    return version


def roll_back(team: Team, *, by: User | None) -> WeightsVersion:
    """Take the team's version in use out of use: the version in use before it (or the
    shipped weights) applies again, and the open deals are re-assessed in the background.
    NothingToRollBack when the team already uses the shipped weights."""
    with transaction.atomic():
        version = in_use(team.pk)
        if version is None:
            raise NothingToRollBack
        version.rolled_back_at, version.rolled_back_by = timezone.now(), by
        version.save(update_fields=["rolled_back_at", "rolled_back_by"])
        WeightsChange.objects.create(team=team, version=version,
                                     action=WeightsChange.Action.ROLLED_BACK, by=by)
        reassess_later(team.pk)
    return version


def reassess_later(team_id: int) -> None:
    """Queue the re-assessment of the team's open deals (at once when jobs run inline)."""
    from displace.web.forecast.tasks import reassess_open_deals as reassess_task

    jobs.enqueue(reassess_task, team_id)


def reassess_open_deals(team_id: int) -> int:
    """Re-assess each open deal of the team with the weights it uses now; how many."""
    from displace.web.deals.actions import refresh_assessment

    done = 0
    for deal in Deal.objects.filter(team_id=team_id, stage__in=OPEN_STAGES).order_by("pk"):
        refresh_assessment(deal)
        done += 1
    return done
