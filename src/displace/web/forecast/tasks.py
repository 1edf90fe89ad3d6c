"""The team's background job: re-assess its open deals after its weights changed."""

from __future__ import annotations

from django_tasks import task

from displace.web.forecast import actions

__all__ = ["reassess_open_deals"]


@task()
def reassess_open_deals(team_id: int) -> int:
    """How many open deals were re-assessed (see `actions.reassess_open_deals`)."""
    return actions.reassess_open_deals(team_id)
