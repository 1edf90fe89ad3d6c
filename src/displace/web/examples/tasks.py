"""The team's background job: read its conversations again after its examples changed."""

from __future__ import annotations

from django_tasks import task

from displace.web.examples import actions

__all__ = ["refresh_team_findings"]


@task()
def refresh_team_findings(team_id: int) -> int:
    """How many conversations were read again (see `actions.refresh_team_findings`)."""
    return actions.refresh_team_findings(team_id)
