"""Money, numbers, percentages, sizes, dates and times as a reader of each language expects
them, the same on every page, e-mail and chart; and a core error in the reader's language.

Numbers come from the core (`displace.core.text.numbers`), which writes its own reports and
messages with the same functions. Dates and times are shown in the workspace's time zone
(DISPLACE_TIME_ZONE) in one format per language; Django's `date` filter reads the same formats
(displace.web.formats), so `{{ d|date:"SHORT_DATE_FORMAT" }}` agrees with `format_date`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import dateformat, timezone
from django.utils.translation import get_language

from displace.core.errors import DisplaceError
from displace.core.text.numbers import (
    format_count,
    format_decimal,
    format_percent,
    format_size,
    format_sizes,
)

__all__ = [
    "DATETIME_FORMATS",
    "DATE_FORMATS",
    "TIME_FORMAT",
    "error_text",
    "format_count",
    "format_date",
    "format_datetime",
    "format_decimal",
    "format_money",
    "format_percent",
    "format_size",
    "format_sizes",
    "reader_language",
]

# Day before month in both (the team works in Vietnam); a 24-hour clock, never a.m./p.m.
DATE_FORMATS = {"en": "j M Y", "vi": "d/m/Y"}  # 5 Jan 2027 · 05/01/2027
DATETIME_FORMATS = {"en": "j M Y, H:i", "vi": "d/m/Y H:i"}  # 5 Jan 2027, 16:05 · 05/01/2027 16:05
TIME_FORMAT = "H:i"


def reader_language() -> str:
    """The active language as the core's tables name it: vi, or en for anything else."""
    return "vi" if (get_language() or "en")[:2] == "vi" else "en"


def error_text(exc: DisplaceError) -> str:
    """A core error's message in the reader's language (its English on the command line)."""
    return exc.in_language(reader_language())


def format_date(value: date | datetime | None, language: str) -> str:
    """A day as the reader writes it (5 Jan 2027, 05/01/2027); a moment's day in the
    workspace's time zone; empty when unknown."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, DATE_FORMATS.get(language[:2], DATE_FORMATS["en"]))


def format_datetime(value: datetime | None, language: str) -> str:
    """A moment in the workspace's time zone: 5 Jan 2027, 16:05 or 05/01/2027 16:05."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, DATETIME_FORMATS.get(language[:2], DATETIME_FORMATS["en"]))


def _grouped(whole: int, separator: str) -> str:
    return f"{whole:,}".replace(",", separator)


def format_money(amount: Decimal | float | int | None, currency: str, language: str) -> str:
    """VND without decimals (1.500.000.000 ₫), USD with $ ($12,500 or 12.500 $)."""
    if amount is None:
        return ""
    value = Decimal(str(amount))
    thousands, decimal_mark = (".", ",") if language == "vi" else (",", ".")
    if currency == "VND":
        whole = int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        return f"{_grouped(whole, thousands)} ₫"
    cents = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole = int(cents)
    text = _grouped(whole, thousands)
    fraction = int((cents - whole) * 100)
    if fraction:
        text += f"{decimal_mark}{fraction:02d}"
    return f"{text} $" if language == "vi" else f"${text}"
