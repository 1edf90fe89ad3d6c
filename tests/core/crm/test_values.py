"""Amounts, currencies and dates as CRMs and spreadsheets write them, in both styles."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from displace.core.crm import CrmError, normalise_currency, parse_amount, parse_date
from displace.core.crm.values import amount_decimal_mark, date_day_first, fold_name, split_currency
from displace.core.errors import InputError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234,567.89", "1234567.89"),
        ("1.234.567,89", "1234567.89"),
        ("1 234 567", "1234567"),
        ("1\u00a0234\u00a0567,5", "1234567.5"),
        ("1\u202f234", "1234"),
        ("12.500.000 ₫", "12500000"),
        ("12.500.000đ", "12500000"),
        ("12.500.000 VND", "12500000"),
        ("VND 2,500,000,000", "2500000000"),
        ("$1,200", "1200"),
        ("US$ 1,200.50", "1200.50"),
        ("USD 150,000.00", "150000.00"),
        ("1.200", "1200"),
        ("1,200", "1200"),
        ("1200,5", "1200.5"),
        ("99.95", "99.95"),
        ("120000", "120000"),
        ("+5", "5"),
        ("-1,200", "-1200"),
        ("(1,200)", "-1200"),
        ("1'234'567.50", "1234567.50"),
        ("1.2E+07", "12000000"),
        ("0,5", "0.5"),
    ],
)
def test_it_reads_amounts_in_either_language_s_style(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    ["", "abc", "12,34,567", "1.234.56", "1,2,3", "1.234,567.8", "12k", "12 triệu", "1..2",
     "1.200.", ".5", "1.000,000,00", "€", "1 2345", "--5", "1e999"],
)
def test_it_refuses_what_is_not_an_amount(text: str) -> None:
    with pytest.raises(InputError, match="not an amount"):
        parse_amount(text)


@pytest.mark.parametrize("text", ["0.125", "0,125"])
def test_it_refuses_an_amount_it_cannot_read_one_way(text: str) -> None:
    with pytest.raises(CrmError, match="ambiguous"):
        parse_amount(text)


def test_a_column_that_uses_the_mark_for_decimals_makes_a_single_separator_ambiguous() -> None:
    for text, mark in (("1.200", "."), ("1,200", ",")):
        with pytest.raises(CrmError, match="ambiguous"):
            parse_amount(text, decimal_mark=mark)
    assert parse_amount("1.200", decimal_mark=",") == Decimal("1200")
    assert parse_amount("1,200", decimal_mark=".") == Decimal("1200")
    assert parse_amount("1.234.567", decimal_mark=".") == Decimal("1234567")
    assert parse_amount("1,5", decimal_mark=".") == Decimal("1.5")
    assert amount_decimal_mark(["1.200", "3.500,75", ""]) == ","
    assert amount_decimal_mark(["1,200", "99.95"]) == "."
    assert amount_decimal_mark(["1,200.50", "1.200,50"]) is None
    assert amount_decimal_mark(["1.200", "1,200"]) is None


def test_it_says_in_vietnamese_what_is_wrong_with_an_amount() -> None:
    with pytest.raises(CrmError) as caught:
        parse_amount("mười triệu", language="vi")
    assert "không phải số tiền" in str(caught.value)
    assert "not an amount" in caught.value.in_language("en")


def test_it_reads_the_currency_written_beside_an_amount() -> None:
    assert split_currency("12.500.000 ₫") == ("12.500.000", "VND")
    assert split_currency("$1,200") == ("1,200", "USD")
    assert split_currency("-$1,200") == ("-1,200", "USD")
    assert split_currency("USD 150,000.00") == ("150,000.00", "USD")
    assert split_currency("€5") == ("5", "EUR")
    assert split_currency("1200") == ("1200", "")
    assert normalise_currency(" vnd ") == "VND"
    assert normalise_currency("VNĐ") == "VND"
    assert normalise_currency("đồng") == "VND"
    assert normalise_currency("US$") == "USD"
    assert normalise_currency("eur") == "EUR"
    assert normalise_currency("") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-31", date(2026, 3, 31)),
        ("2026-03-31 00:00", date(2026, 3, 31)),
        ("2026-03-31T10:30:00Z", date(2026, 3, 31)),
        ("2026/3/31", date(2026, 3, 31)),
        ("03/31/2026", date(2026, 3, 31)),
        ("3/31/2026 10:00 AM", date(2026, 3, 31)),
        ("31/03/2026", date(2026, 3, 31)),
        ("31-03-2026", date(2026, 3, 31)),
        ("31.03.2026", date(2026, 3, 31)),
        ("01.02.2026", date(2026, 2, 1)),
        ("31/03/26", date(2026, 3, 31)),
        ("05/05/2026", date(2026, 5, 5)),
        ("Mar 31, 2026", date(2026, 3, 31)),
        ("31 March 2026", date(2026, 3, 31)),
        ("31-Mar-2026", date(2026, 3, 31)),
    ],
)
def test_it_reads_dates_as_crms_and_spreadsheets_write_them(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_it_refuses_a_date_that_could_be_two_and_names_both() -> None:
    with pytest.raises(CrmError, match="ambiguous") as caught:
        parse_date("03/04/2026")
    assert "2026-04-03" in str(caught.value) and "2026-03-04" in str(caught.value)
    assert parse_date("03/04/2026", day_first=True) == date(2026, 4, 3)
    assert parse_date("03/04/2026", day_first=False) == date(2026, 3, 4)


def test_a_column_s_other_dates_decide_the_order() -> None:
    assert date_day_first(["31/03/2026", "03/04/2026"]) is True
    assert date_day_first(["03/31/2026", "03/04/2026"]) is False
    assert date_day_first(["03/04/2026", "2026-01-01"]) is None
    assert date_day_first(["31/03/2026", "03/31/2026"]) is None


@pytest.mark.parametrize("text", ["", "soon", "2026-02-30", "13/13/2026", "31.13.2026",
                                  "Foo 3, 2026", "2026-13-01"])
def test_it_refuses_what_is_not_a_date(text: str) -> None:
    with pytest.raises(CrmError, match="not a date"):
        parse_date(text)


def test_it_recognises_an_excel_date_number() -> None:
    with pytest.raises(CrmError, match="Excel date number"):
        parse_date("46112")


def test_it_compares_names_without_case_spaces_hyphens_or_diacritics() -> None:
    assert fold_name("Closed Won") == fold_name("closedwon") == fold_name("CLOSED_WON")
    assert fold_name("Decision Maker Bought-In") == "decisionmakerboughtin"
    assert fold_name("Giai đoạn") == fold_name("giai doan")
