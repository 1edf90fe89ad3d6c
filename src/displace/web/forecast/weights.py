"""Which weights a team's assessments use: its version in use, or the shipped ones."""

from __future__ import annotations

from displace.web.forecast.models import WeightsVersion

__all__ = ["TeamWeights", "in_use", "team_weights"]

# (multipliers of the shipped weights by family, version number); ({}, 0) is the shipped.
TeamWeights = tuple[dict[str, float], int]


def in_use(team_id: int | None) -> WeightsVersion | None:
    """The team's version in use: accepted last and not rolled back; None for the shipped."""
    if team_id is None:
        return None
    return (WeightsVersion.objects.filter(team_id=team_id, accepted_at__isnull=False,
                                          rolled_back_at__isnull=True)
            .order_by("-accepted_at", "-id").first())


def team_weights(team_id: int | None) -> TeamWeights:
    """The multipliers the team's assessments apply, with their version number."""
    version = in_use(team_id)
    if version is None:
        return {}, 0
    return {str(k): float(v) for k, v in version.multipliers.items()}, version.number
