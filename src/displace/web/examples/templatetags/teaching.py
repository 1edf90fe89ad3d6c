"""Template filters for the forms that teach the coach."""

from __future__ import annotations

from django import template

from displace.core.coach.teaching import behaviours_for_role, teachable_behaviours
from displace.core.limits import limit

register = template.Library()


@register.filter
def teachable_for(role: str, left_out: str = "") -> tuple[str, ...]:
    """{% for b in turn.role|teachable_for %}: the behaviours a speaker of `role` can show,
    without `left_out` (the behaviour a finding already names)."""
    return tuple(b for b in behaviours_for_role(role) if b != left_out)


@register.filter
def is_teachable(behaviour: str) -> bool:
    """{% if f.behaviour|is_teachable %}: whether an example can change such a finding."""
    return behaviour in teachable_behaviours()


@register.filter
def words_to_teach(text: str) -> str:
    """A turn's text to start the 'Teach the coach' form with: whole, or its first words up
    to the length of an example."""
    most = limit("example.text")
    text = text.strip()
    if len(text) <= most:
        return text
    cut = text[:most]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut
