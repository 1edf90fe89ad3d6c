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


# A deal file's yes/no/unknown answers (the decision's `willing`) and booleans, in words.
ANSWERS = {"yes": _("yes"), "no": _("no"), "unknown": _("unknown"), "": _("unknown")}


@register.filter
def answer(value: object) -> str:
    """{{ core.decision.willing|answer }}: yes, no or unknown in the reader's language."""
    if isinstance(value, bool):
        return str(ANSWERS["yes" if value else "no"])
    return str(ANSWERS.get(str(value or ""), value))


@register.filter
def decision_role_label(code: str) -> str:
    """{{ contact.decision_role|decision_role_label }}: a contact's part in the decision."""
    from displace.web.deals.forms import DECISION_ROLES

    return str(dict(DECISION_ROLES).get(code, code))


@register.filter
def vision_part(part: str) -> str:
    """{{ "who"|vision_part }}: a part of the vision (what, how, who...) as the form names it."""
    from displace.web.deals.forms import VisionForm

    field = VisionForm.base_fields.get(part)
    return str(field.label) if field is not None and field.label else part


@register.filter
def capability_names(capabilities: list[str], industry: str) -> list[str]:
    """{% for d in core.incumbent.delivers|capability_names:core.prospect.industry %}: each
    capability of the industry's catalogue by its name in the reader's language (the catalogue
    read once for the list); free text as written."""
    from displace.web.deals.classifying import catalogue_for

    if not capabilities:
        return []
    catalogue = catalogue_for(industry) if industry else None
    lang = (get_language() or "en")[:2]
    names = []
    for capability in capabilities:
        found = catalogue.get(capability) if catalogue is not None else None
        names.append(capability if found is None
                     else found.name.get(lang) or found.name.get("en") or capability)
    return names
