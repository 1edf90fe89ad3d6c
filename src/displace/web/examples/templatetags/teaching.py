"""Template filters for the forms that teach the coach."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from displace.core.coach.teaching import behaviours_for_role, teachable_behaviours
from displace.core.limits import limit
from displace.core.report.labels import labels_for

register = template.Library()


@register.filter
def teachable_for(role: str, left_out: str = "") -> tuple[str, ...]:
    """{% for b in turn.role|teachable_for %}: the behaviours a speaker of `role` can show,
    without `left_out` (the behaviour a finding already names)."""
    return tuple(b for b in behaviours_for_role(role) if b != left_out)


@register.simple_tag
def behaviour_options(role: str, left_out: str = "") -> SafeString:
    """{% behaviour_options turn.role %}: the <option>s of `teachable_for`, labelled in the
    reader's language. A long call has a teaching form per sentence: the same options are
    built once per role and language, not once per form."""
    return _options(role, left_out, (get_language() or "en")[:2])


@lru_cache(maxsize=256)
def _options(role: str, left_out: str, language: str) -> SafeString:
    label = labels_for(language).behaviour
    return format_html_join("", '<option value="{}">{}</option>',
                            ((b, label(b)) for b in teachable_for(role, left_out)))


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
