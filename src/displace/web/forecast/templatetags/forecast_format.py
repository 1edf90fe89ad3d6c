"""Template filters for the forecast's scores and multipliers in the active language."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from displace.web.formatting import format_decimal, format_money

register = template.Library()


@register.filter
def score(value: float | None) -> str:
    """{{ group.brier_rep|score }}: a Brier score or log loss to three decimals (0.180, or
    0,180 in Vietnamese), so that a column of them lines up; – if none."""
    if value is None:
        return "–"
    text = f"{value:.3f}"
    return text.replace(".", ",") if (get_language() or "en").startswith("vi") else text


@register.filter
def times(value: float | None) -> str:
    """{{ family.new|times }}: a multiplier of the shipped weights, as × 1.25."""
    if value is None:
        return "–"
    return f"× {format_decimal(value, get_language() or 'en', 2)}"


@register.simple_tag
def expected_money(amount: float | None, currency: str) -> str:
    """{% expected_money d.by_reps d.currency %}: an expected value, in whole units (a
    forecast's cents are noise)."""
    return format_money(None if amount is None else round(amount), currency,
                        get_language() or "en")
