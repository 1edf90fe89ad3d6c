"""Money and percentages as a reader of each language expects them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

__all__ = ["format_count", "format_money", "format_percent"]


def _grouped(whole: int, separator: str) -> str:
    return f"{whole:,}".replace(",", separator)


def format_count(number: int | Decimal, language: str) -> str:
    """A whole number grouped as the reader writes it: 1,000,000 or 1.000.000."""
    return _grouped(int(number), "." if language == "vi" else ",")


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


def format_percent(share: float | None, language: str) -> str:
    """A 0..1 share as a whole percentage, or an en dash when unknown."""
    if share is None:
        return "–"
    return f"{round(share * 100)} %" if language == "vi" else f"{round(share * 100)}%"
