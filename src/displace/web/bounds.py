"""Checks of what people type against the limits table (displace.core.limits), in their language.

Actions call these before writing, so the web form, the API and the command line all refuse an
over-long text or an out-of-range amount with the same message, and nothing is stored.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.dateparse import parse_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from displace.core.errors import DisplaceError
from displace.core.limits import MAX_DEAL_VALUE, limit
from displace.web.formatting import format_count

__all__ = [
    "BoundsError",
    "checked_amount",
    "checked_confidence",
    "checked_lines",
    "checked_text",
    "parsed_date",
]


class BoundsError(DisplaceError):
    """A value outside its documented limit (docs/limits.md)."""


def checked_text(value: str, name: str, field: str) -> str:
    """`value` stripped, or BoundsError when it is longer than the limit `name`."""
    most = limit(name)
    clean = value.strip()
    if len(clean) > most:
        raise BoundsError(_("%(field)s: at most %(limit)s characters, found %(found)s.")
                          % {"field": field, "limit": _number(most), "found": _number(len(clean))})
    return clean


def checked_lines(lines: Sequence[str], name: str, field: str) -> list[str]:
    """Non-empty lines, each at most `deal.text` long, at most the limit `name` of them."""
    kept = [checked_text(line, "deal.text", field) for line in lines if line.strip()]
    most = limit(name)
    if len(kept) > most:
        raise BoundsError(_("%(field)s: at most %(limit)s lines, found %(found)s.")
                          % {"field": field, "limit": _number(most), "found": _number(len(kept))})
    return kept


def checked_amount(value: object, field: str) -> Decimal:
    """A deal value as a Decimal from 0 to the limit with at most 2 decimals, or BoundsError."""
    problem = BoundsError(
        _("%(field)s: expected an amount from 0 to %(limit)s with at most 2 decimals.")
        % {"field": field, "limit": _number(MAX_DEAL_VALUE)})
    try:
        amount = Decimal(str(value).strip().replace(",", "").replace(" ", ""))
    except (InvalidOperation, ValueError):
        raise problem from None
    if not amount.is_finite() or not 0 <= amount <= MAX_DEAL_VALUE:
        raise problem
    if amount != amount.quantize(Decimal("0.01")):
        raise problem
    return amount


def checked_confidence(value: object, field: str) -> float:
    """A confidence from 0 to 1 (a finite number), or BoundsError."""
    try:
        number = float(str(value))
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or not 0 <= number <= 1:
        raise BoundsError(_("%(field)s: expected a percentage from 0 to 100.") % {"field": field})
    return number


def parsed_date(text: str) -> date | None:
    """A YYYY-MM-DD date, or None when the text is not one (2026-02-31 included)."""
    try:
        return parse_date(text.strip())
    except ValueError:  # well formed but impossible
        return None


def _number(value: int | Decimal) -> str:
    """A count or an amount grouped as the reader's language writes it (1,000 or 1.000)."""
    return format_count(value, get_language() or "en")
