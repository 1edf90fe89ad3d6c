"""Writes to competitor profiles."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q
from django.utils.translation import gettext as _

from displace.web.bounds import checked_lines, checked_text
from displace.web.competitors.models import Competitor

__all__ = ["competitor_named", "update_competitor"]


def competitor_named(name: str, *, team_id: int | None, industry: str = "") -> Competitor:
    """The team's competitor with this name (case-insensitive), created on first mention.

    Each team keeps its own profile of an incumbent; `team_id` None is for the deals of
    people without a team.
    """
    clean = " ".join(name.split())
    same_team = Q(team_id=team_id) if team_id is not None else Q(team__isnull=True)
    found = Competitor.objects.filter(same_team, name__iexact=clean).first()
    if found is not None:
        return found
    return Competitor.objects.create(team_id=team_id, name=clean, industry=industry)


def update_competitor(
    competitor: Competitor,
    *,
    delivers: Sequence[str] | None = None,
    counter_moves: Sequence[str] | None = None,
    notes: str | None = None,
) -> Competitor:
    """Change what an incumbent delivers, its observed counter-moves or the notes on it."""
    if delivers is not None:
        competitor.delivers = checked_lines(delivers, "competitor.lines", _("What it delivers"))
    if counter_moves is not None:
        competitor.counter_moves = checked_lines(counter_moves, "competitor.lines",
                                                 _("Counter-moves seen before"))
    if notes is not None:
        competitor.notes = checked_text(notes, "competitor.notes", _("Notes"))
    competitor.save()
    return competitor
