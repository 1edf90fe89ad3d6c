"""The Vietnamese catalogue is complete and compiled; language and money follow the reader."""

from __future__ import annotations

import ast
import gettext
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from displace.web.deals.models import Deal
from displace.web.formatting import format_money, format_percent

LOCALE = Path(__file__).resolve().parents[2] / "src" / "displace" / "web" / "locale"
PO = LOCALE / "vi" / "LC_MESSAGES" / "django.po"
MO = LOCALE / "vi" / "LC_MESSAGES" / "django.mo"


def _po_entries() -> dict[str, str]:
    # A small .po reader: enough for the catalogue we write (no plurals, no contexts).
    entries: dict[str, str] = {}
    pattern = r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)'
    for msgid, msgstr in re.findall(pattern, PO.read_text(encoding="utf-8"), re.M):
        def text(block: str) -> str:
            return "".join(ast.literal_eval(line) for line in block.splitlines())
        entries[text(msgid)] = text(msgstr)
    return entries


def test_it_translates_every_message_into_vietnamese() -> None:
    untranslated = [k for k, v in _po_entries().items() if k and not v]
    assert untranslated == []


def test_it_translates_every_plural_message_into_vietnamese() -> None:
    text = PO.read_text(encoding="utf-8")
    plurals = re.findall(r'^msgid_plural ', text, re.M)
    empty = re.findall(r'^msgid_plural (".*")\nmsgstr\[0\] ""\n(?!")', text, re.M)
    assert plurals, "the catalogue has plural messages (the digest's counts)"
    assert empty == []


def test_it_ships_a_compiled_catalogue_that_matches_the_po_file() -> None:
    with MO.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    for msgid, msgstr in _po_entries().items():
        if msgid:
            assert compiled.gettext(msgid) == msgstr, msgid


def test_it_remembers_the_language_a_person_picks(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    client = login("alice")
    client.post(reverse("language"), {"language": "vi", "next": "/"})
    client.cookies.clear()  # the choice lives on the profile, not only in a cookie
    client.force_login(alices_deal.owner)
    page = client.get(reverse("pipeline")).content.decode()
    assert "Danh sách thương vụ" in page
    assert 'lang="vi"' in page


def test_it_shows_the_deal_page_in_english_by_default(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    page = login("alice").get(reverse("deal", args=[alices_deal.pk])).content.decode()
    assert "Gaps and their evidence" in page


@pytest.mark.parametrize(
    ("amount", "currency", "language", "expected"),
    [
        (Decimal("1850000000"), "VND", "vi", "1.850.000.000 ₫"),
        (Decimal("1850000000.40"), "VND", "en", "1,850,000,000 ₫"),
        (Decimal("42000000"), "USD", "en", "$42,000,000"),
        (Decimal("12500.5"), "USD", "en", "$12,500.50"),
        (Decimal("12500.5"), "USD", "vi", "12.500,50 $"),
    ],
)
def test_it_formats_money_for_the_reader(
    amount: Decimal, currency: str, language: str, expected: str
) -> None:
    assert format_money(amount, currency, language) == expected


def test_it_shows_an_unknown_probability_as_a_dash() -> None:
    assert format_percent(None, "en") == "–"
    assert format_percent(0.123, "en") == "12%"


def test_it_shows_an_english_deals_reasons_in_vietnamese_to_a_vietnamese_reader(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    client = login("alice")
    english = client.get(reverse("deal", args=[alices_deal.pk])).content.decode()
    client.post(reverse("language"), {"language": "vi", "next": "/"})
    vietnamese = client.get(reverse("deal", args=[alices_deal.pk])).content.decode()
    reasons_en = alices_deal.assessment["verdict_reasons"]
    reasons_vi = alices_deal.assessment["translations"]["vi"]["verdict_reasons"]
    assert reasons_en and reasons_vi and reasons_en != reasons_vi
    assert escape(reasons_en[0]) in english
    assert escape(reasons_vi[0]) in vietnamese
    assert escape(reasons_en[0]) not in vietnamese


def test_it_names_roles_in_the_readers_language() -> None:
    from django.utils import translation

    from displace.web.deals.templatetags.deal_format import role_label

    with translation.override("vi"):
        assert role_label("seller") == "người bán"
        assert role_label("manager") == "quản lý"
    with translation.override("en"):
        assert role_label("incumbent") == "incumbent supplier"
    assert role_label("unknown-code") == "unknown-code"
