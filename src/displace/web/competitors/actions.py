"""Writes to competitor profiles."""

from __future__ import annotations

from collections.abc import Sequence

from displace.web.competitors.models import Competitor

__all__ = ["competitor_named", "update_competitor"]


def competitor_named(name: str, *, industry: str = "") -> Competitor:
    """The competitor with this name (case-insensitive), created on first mention."""
    clean = " ".join(name.split())
    found = Competitor.objects.filter(name__iexact=clean).first()
    if found is not None:
        return found
    return Competitor.objects.create(name=clean, industry=industry)


def update_competitor(
    competitor: Competitor,
    *,
    delivers: Sequence[str] | None = None,
    counter_moves: Sequence[str] | None = None,
    notes: str | None = None,
) -> Competitor:
    """Change what an incumbent delivers, its observed counter-moves or the notes on it."""
    if delivers is not None:
        competitor.delivers = [d.strip() for d in delivers if d.strip()]
    if counter_moves is not None:
        competitor.counter_moves = [c.strip() for c in counter_moves if c.strip()]
    if notes is not None:
        competitor.notes = notes.strip()
    competitor.save()
    return competitor
