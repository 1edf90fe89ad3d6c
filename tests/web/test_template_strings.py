"""Every word a template shows is marked for translation: a word of English left in a template
would reach the Vietnamese interface as it is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "displace" / "web" / "templates"

# Names and codes that read the same in both languages.
SAME_IN_BOTH = {"Displace", "VND", "USD", "API", "CSV", "TOML", "JSON", "HubSpot", "Salesforce",
                "Pipedrive", "api", "docs", "YYYY-MM", "YYYY-MM-DD"}

_BLOCKS = re.compile(r"{%\s*(blocktranslate|blocktrans|comment)\b.*?{%\s*end\1\s*%}", re.S)
_DJANGO = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
_CODE = re.compile(r"<(script|style)\b.*?</\1>|<!--.*?-->", re.S | re.I)
_SHOWN_ATTRIBUTES = re.compile(r'\b(aria-label|placeholder|title|alt)\s*=\s*"([^"]*)"')
_TAG = re.compile(r"<[^>]*>", re.S)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


def unmarked_words(source: str) -> list[str]:
    """The words of `source` (a template) shown to a reader without going through gettext."""
    text = _BLOCKS.sub(" ", _CODE.sub(" ", source))
    text = _DJANGO.sub(" ", text)
    shown = [value for _, value in _SHOWN_ATTRIBUTES.findall(text)]
    shown.append(_TAG.sub(" ", text))
    return [w for part in shown for w in _WORD.findall(part) if w not in SAME_IN_BOTH]


def test_it_finds_an_unmarked_word_in_text_and_in_a_shown_attribute() -> None:
    assert unmarked_words("<p>Save the deal</p>") == ["Save", "the", "deal"]
    assert unmarked_words('<input placeholder="Search deals">') == ["Search", "deals"]


def test_it_passes_marked_words_names_and_code() -> None:
    source = ('{% load i18n %}<p>{% translate "Save" %} Displace</p>'
              '{% blocktranslate with n=1 %}{{ n }} deals{% endblocktranslate %}'
              '<a href="/deals/{{ deal.pk }}/" class="button primary">{{ deal.title }}</a>'
              '<script src="x.js">var later = 1;</script>{# a note #}'
              '{% comment %}Written for developers{% endcomment %}')
    assert unmarked_words(source) == []


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")),
                         ids=lambda p: p.relative_to(TEMPLATES).as_posix())
def test_every_word_of_each_template_is_marked_for_translation(path: Path) -> None:
    assert unmarked_words(path.read_text(encoding="utf-8")) == []


_TRANSLATE_LITERAL = re.compile(r"""\{%\s*translate\s+(["'])(.*?)\1""")


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")),
                         ids=lambda p: p.relative_to(TEMPLATES).as_posix())
def test_every_translated_literal_with_a_percent_sign_reaches_its_vietnamese(path: Path) -> None:
    # {% translate "95 % interval" %} looks up "95 %% interval": an entry written with one %
    # is never found, and the page stays in English.
    from django.template import Context, Template
    from django.utils import translation

    for quote, literal in _TRANSLATE_LITERAL.findall(path.read_text(encoding="utf-8")):
        if "%" in literal:
            with translation.override("vi"):
                shown = Template(f"{{% load i18n %}}{{% translate {quote}{literal}{quote} %}}"
                                 ).render(Context())
            assert shown != literal, f"{path.name}: {literal!r} has no Vietnamese"
