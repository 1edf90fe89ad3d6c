"""Numbers as a reader of each language writes them: 1,234.5 or 1.234,5; 60% or 60 %; 2.5 MB.

The web pages, the reports and the core's messages all format through these, so that a number
reads the same everywhere in one language.
"""

from __future__ import annotations

from decimal import Decimal

__all__ = ["format_count", "format_decimal", "format_percent", "format_size", "format_sizes"]

# Decimal units, as the settings write their limits (2,000,000 bytes is 2 MB).
_KB = 1000
_MB = 1000 * 1000


def _marks(language: str) -> tuple[str, str]:
    """(thousands separator, decimal mark) of `language`; English's for anything but vi."""
    return (".", ",") if language[:2] == "vi" else (",", ".")


def format_count(number: int | Decimal, language: str) -> str:
    """A whole number grouped as the reader writes it: 1,000,000 or 1.000.000."""
    return f"{int(number):,}".replace(",", _marks(language)[0])


def format_decimal(number: float, language: str, places: int = 1) -> str:
    """A number with up to `places` decimals, trailing zeros dropped: 1.5 or 1,5; 1,234.5."""
    rounded = round(float(number), places)
    whole, _, fraction = f"{abs(rounded):.{places}f}".partition(".")
    fraction = fraction.rstrip("0")
    thousands, decimal_mark = _marks(language)
    text = f"{int(whole):,}".replace(",", thousands)
    if fraction:
        text += decimal_mark + fraction
    return f"-{text}" if rounded < 0 else text


def format_percent(share: float | None, language: str) -> str:
    """A 0..1 share as a whole percentage (60% in English, 60 % in Vietnamese), or an en dash
    when unknown."""
    if share is None:
        return "–"
    whole = round(share * 100)
    return f"{whole} %" if language[:2] == "vi" else f"{whole}%"


def format_size(size: int, language: str, places: int = 1) -> str:
    """A size in bytes in words: 512 bytes, 40 KB, 2.5 MB (512 byte, 40 KB, 2,5 MB)."""
    if size < _KB:
        unit = "byte" if language[:2] == "vi" or size == 1 else "bytes"
        return f"{format_count(size, language)} {unit}"
    if size < _MB:
        return f"{format_decimal(size / _KB, language, places)} KB"
    return f"{format_decimal(size / _MB, language, places)} MB"


def format_sizes(size: int, limit: int, language: str) -> tuple[str, str]:
    """A size and the limit it is compared with, precise enough to tell them apart (2.1 MB
    and 2 MB; 2.000001 MB rather than 2 MB twice)."""
    shown = format_size(size, language), format_size(limit, language)
    for places in range(2, 7):  # six places of MB are single bytes: they differ by then
        if size == limit or shown[0] != shown[1]:
            break
        shown = format_size(size, language, places), format_size(limit, language, places)
    return shown
