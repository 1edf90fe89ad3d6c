"""Template filters for money and percentages in the active language."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from displace.core.report.labels import labels_for
from displace.web.deals.models import INCUMBENT_NOT_RECORDED
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


# Codes as people read them: the speaker roles of the coach, the roles of users, and how an
# offer item is classified.
ROLE_LABELS = {
    "parity": _("parity"),
    "matchable": _("matchable"),
    "differentiator": _("differentiator"),
    "seller": _("seller"),
    "prospect": _("prospect"),
    "incumbent": _("incumbent supplier"),
    "other": _("other speaker"),
    "rep": _("rep"),
    "manager": _("manager"),
    "admin": _("admin"),
}


@register.filter
def role_label(code: str) -> str:
    """{{ turn.role|role_label }}: a role (or classification) code in the reader's language."""
    return str(ROLE_LABELS.get(code, code))


@register.filter
def incumbent_name(name: str) -> str:
    """{{ core.incumbent.name|incumbent_name }}: the name, or "not recorded" when no one said."""
    return str(_("(not recorded)")) if name == INCUMBENT_NOT_RECORDED else name


@register.filter
def industry_label(industry: str) -> str:
    """{{ core.prospect.industry|industry_label }}: the industry's name in the reader's language."""
    from displace.web.deals.forms import industry_name

    return industry_name(industry) if industry else industry


@register.filter
def behaviour_label(behaviour: str) -> str:
    """{{ "missed-cue"|behaviour_label }}: a behaviour's name in the reader's language."""
    return labels_for((get_language() or "en")[:2]).behaviour(behaviour)


@register.filter
def source_label(source: dict[str, object]) -> str:
    """{{ finding.source|source_label }}: where a finding came from, in the reader's language."""
    return labels_for((get_language() or "en")[:2]).source(source)
