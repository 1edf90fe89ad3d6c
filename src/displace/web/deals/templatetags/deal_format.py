"""Template filters for money and percentages in the active language."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from displace.web.formatting import format_money, format_percent

register = template.Library()


@register.simple_tag
def money(amount: Decimal | float | None, currency: str) -> str:
    """{% money deal.value deal.currency %}"""
    return format_money(amount, currency, get_language() or "en")


@register.filter
def percent(share: float | None) -> str:
    """{{ deal.win_probability|percent }}"""
    return format_percent(share, get_language() or "en")
