"""Reading a CRM cell's value: header and stage names, amounts, currencies and dates.

Amounts. Spaces, apostrophes, dots and commas can all group thousands; the decimal mark is a
dot or a comma. A number with both a dot and a comma takes the later one as its decimal mark
("1,234,567.89", "1.234.567,89"); a mark that appears twice or more groups thousands
("1.234.567", "1,234,567"); a single mark followed by one or two digits is the decimal mark
("1200,5", "99.95"). A single mark followed by exactly three digits ("1.200", "1,200") is
read as a thousands separator: both the Vietnamese and the English way of writing one
thousand two hundred, while money is never written with three decimals; but when the column
uses that mark for decimals elsewhere (map_rows looks at every cell of it: "1,234.50"), the
value is refused as ambiguous rather than read a thousand times too large or too small.
Groups after the first must have three digits ("12,34,567" is refused), and an integer part
of 0 before three digits ("0.125") is refused as ambiguous.

Dates. ISO (2026-03-31, with a time or not), day.month.year with dots, and day/month/year or
month/day/year with slashes or hyphens: a number over 12 decides which is the day; when both
are 12 or under ("03/04/2026") the date is ambiguous unless the column decides it (another
of its dates has a day over 12), otherwise it is refused and says so. English month names
("Mar 31, 2026", "31 March 2026") are read too.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from displace.core.crm.messages import CrmError
from displace.core.text import fold

__all__ = [
    "amount_decimal_mark",
    "date_day_first",
    "fold_name",
    "normalise_currency",
    "parse_amount",
    "parse_date",
    "split_currency",
]

_DROP = str.maketrans("", "", " \t\r\n\u00a0\u202f\u2009_-")


def fold_name(text: str) -> str:
    """A header or stage name as compared: no case, diacritics, spaces, hyphens or underscores."""
    return fold(unicodedata.normalize("NFC", text)).translate(_DROP)


# Symbols and codes a CRM writes beside an amount, folded (fold_name) -> ISO code.
_CURRENCY_WORDS = {
    "vnd": "VND", "₫": "VND", "đ": "VND", "d": "VND", "dong": "VND", "vnđ": "VND",
    "usd": "USD", "$": "USD", "us$": "USD", "usd$": "USD",
    "€": "EUR", "£": "GBP", "¥": "JPY", "₩": "KRW", "฿": "THB", "s$": "SGD",
}
_SYMBOLS = "$₫€£¥₩฿"
_LEADING = re.compile(r"^([A-Za-z]{1,3}\$|[A-Za-z]{3}(?=[\s\d.,+-])|[" + _SYMBOLS + r"])\s*")
_TRAILING = re.compile(r"\s*([" + _SYMBOLS + r"]|[^\W\d_]{1,5}\.?)$")
_KNOWN = frozenset(_CURRENCY_WORDS.values())


def normalise_currency(text: str) -> str:
    """A currency as written ("vnd", "₫", "US$", "usd") as its ISO code; "" for an empty cell.

    An unknown word comes back upper-cased, for the caller to refuse by name.
    """
    stripped = text.strip()
    if not stripped:
        return ""
    return _CURRENCY_WORDS.get(fold(stripped).replace(" ", ""), stripped.upper())


def split_currency(text: str) -> tuple[str, str]:
    """The number part of an amount and the currency written beside it ("" when none)."""
    number = text.strip()
    sign = ""
    if number[:1] in ("+", "-"):
        sign, number = number[0], number[1:].lstrip()
    currency = ""
    leading = _LEADING.match(number)
    if leading:
        currency = normalise_currency(leading.group(1))
        number = number[leading.end():]
    trailing = _TRAILING.search(number)
    if trailing and not re.fullmatch(r"[eE]", trailing.group(1)):
        currency = currency or normalise_currency(trailing.group(1).rstrip("."))
        number = number[: trailing.start()]
    return sign + number.strip(), currency


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_PLAIN = re.compile(r"[+-]?\d+")
_SCIENTIFIC = re.compile(r"[+-]?\d+(\.\d+)?[eE][+-]?\d{1,2}")
_MAX_CHARS = 60


def parse_amount(text: str, *, decimal_mark: str | None = None, language: str = "en") -> Decimal:
    """An amount as a CRM or a spreadsheet writes it, in either language's style.

    `decimal_mark` ("." or ",") is the column's, when known; the rules are in the module's
    docstring. CrmError (an InputError) if the text is not an amount or is ambiguous.
    """
    number, currency = split_currency(text)
    if currency and currency not in _KNOWN and not re.fullmatch("[A-Z]{3}", currency):
        raise CrmError("value.amount_invalid", language, value=text.strip())
    if not number or len(number) > _MAX_CHARS:
        raise CrmError("value.amount_invalid", language, value=text.strip())
    negative = number.startswith("(") and number.endswith(")")
    if negative:
        number = "-" + number[1:-1].strip()
    if not _spaced_groups_ok(number):
        raise CrmError("value.amount_invalid", language, value=text.strip())
    compact = _SPACES.sub("", number)
    if _SCIENTIFIC.fullmatch(compact):  # Excel writes large numbers so when a column is narrow
        value = Decimal(compact)
        whole = abs(value) < 10**20 and value == value.to_integral_value()
        return value.quantize(Decimal(1)) if whole else value
    sign = ""
    if compact[:1] in "+-":
        sign, compact = compact[0].replace("+", ""), compact[1:]
    digits = _digits(compact, decimal_mark)
    if digits is None:
        raise CrmError("value.amount_invalid", language, value=text.strip())
    if digits == "":
        raise CrmError("value.amount_ambiguous", language, value=text.strip())
    try:
        return Decimal(sign + digits)
    except InvalidOperation:  # pragma: no cover - _digits only returns digits and one dot
        raise CrmError("value.amount_invalid", language, value=text.strip()) from None


def _spaced_groups_ok(number: str) -> bool:
    """Whether groups split by spaces or apostrophes ("1 234 567,5") are thousands."""
    parts = _SPACES.split(number)
    if len(parts) == 1:
        return True
    return (
        re.fullmatch(r"[+-]?\d{1,3}", parts[0]) is not None
        and all(re.fullmatch(r"\d{3}", part) for part in parts[1:-1])
        and re.match(r"\d{3}(?!\d)", parts[-1]) is not None
    )


def _digits(compact: str, decimal_mark: str | None) -> str | None:
    """`compact` as plain digits with an optional ".", None if invalid, "" if ambiguous."""
    if _PLAIN.fullmatch(compact):
        return compact
    if not re.fullmatch(r"[\d.,]+", compact) or not compact[0].isdigit():
        return None
    dots, commas = compact.count("."), compact.count(",")
    if dots and commas:
        mark = "." if compact.rfind(".") > compact.rfind(",") else ","
        if compact.count(mark) > 1:
            return None
        group = "," if mark == "." else "."
    else:
        sep = "." if dots else ","
        other = "," if sep == "." else "."
        tail = compact.rsplit(sep, 1)[1]
        if (dots or commas) > 1:
            mark, group = other, sep
        elif len(tail) == 3:
            # Thousands, unless the column uses this mark for decimals elsewhere: then it
            # could be either, and a value a thousand times too small is worse than an error.
            if compact.split(sep, 1)[0] == "0" or decimal_mark == sep:
                return ""
            mark, group = other, sep
        else:
            mark, group = sep, other
    whole, _, fraction = compact.partition(mark)
    if not fraction and mark in compact:
        return None
    groups = whole.split(group)
    if len(groups) > 1 and (
        not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])
    ):
        return None
    if not all(g.isdigit() for g in groups) or (fraction and not fraction.isdigit()):
        return None
    return "".join(groups) + ("." + fraction if fraction else "")


def amount_decimal_mark(cells: list[str]) -> str | None:
    """The decimal mark a column of amounts shows ("." or ","), None if it shows none or both."""
    seen: set[str] = set()
    for cell in cells:
        number = _SPACES.sub("", split_currency(cell)[0])
        dot, comma = number.rfind("."), number.rfind(",")
        if dot >= 0 and comma >= 0:
            seen.add("." if dot > comma else ",")
        elif (dot >= 0) != (comma >= 0):
            sep = "." if dot >= 0 else ","
            if number.count(sep) == 1 and 1 <= len(number.rsplit(sep, 1)[1]) <= 2:
                seen.add(sep)
        if len(seen) > 1:
            return None
    return seen.pop() if seen else None


_MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?")
_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T,].*)?")
_MONTH_FIRST = re.compile(r"([A-Za-z]+)\.? (\d{1,2}),? (\d{4})(?: .*)?")
_DAY_FIRST = re.compile(r"(\d{1,2})[ -]([A-Za-z]+)\.?[ ,-]*(\d{4})(?: .*)?")
_SERIAL = re.compile(r"\d{5}(\.\d+)?")


def parse_date(text: str, *, day_first: bool | None = None, language: str = "en") -> date:
    """A date as a CRM or a spreadsheet writes it (see the module's docstring).

    `day_first` is the column's order when known. CrmError if it is not a date or it is
    ambiguous (the message says which two dates it could be).
    """
    value = text.strip()
    found = _ISO.fullmatch(value)
    if found:
        return _date(int(found[1]), int(found[2]), int(found[3]), text, language)
    found = _NUMERIC.fullmatch(value)
    if found:
        first, second, year = int(found[1]), int(found[3]), _year(found[4])
        if found[2] == ".":
            return _date(year, second, first, text, language)
        order = _order(first, second, day_first)
        if order is None:
            raise CrmError("value.date_ambiguous", language, value=value,
                           day_first=_day_month(year, second, first),
                           month_first=_day_month(year, first, second))
        day, month = (first, second) if order else (second, first)
        return _date(year, month, day, text, language)
    for pattern, (mi, di) in ((_MONTH_FIRST, (1, 2)), (_DAY_FIRST, (2, 1))):
        found = pattern.fullmatch(value)
        if found and found[mi].lower() in _MONTHS:
            return _date(int(found[3]), _MONTHS[found[mi].lower()], int(found[di]), text,
                         language)
    key = "value.date_serial" if _SERIAL.fullmatch(value) else "value.date_invalid"
    raise CrmError(key, language, value=value)


def date_day_first(cells: list[str]) -> bool | None:
    """Whether a column's slashed dates put the day first, when one of them shows it."""
    seen: set[bool] = set()
    for cell in cells:
        found = _NUMERIC.fullmatch(cell.strip())
        if found and found[2] != ".":
            first, second = int(found[1]), int(found[3])
            if first > 12 >= second:
                seen.add(True)
            elif second > 12 >= first:
                seen.add(False)
            if len(seen) > 1:
                return None
    return seen.pop() if seen else None


def _order(first: int, second: int, day_first: bool | None) -> bool | None:
    """True: day first; False: month first; None: cannot tell."""
    if first > 12 or second > 12:
        return first > 12
    if first == second:
        return True
    return day_first


def _year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


def _day_month(year: int, month: int, day: int) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return "-"


def _date(year: int, month: int, day: int, text: str, language: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CrmError("value.date_invalid", language, value=text.strip()) from None
