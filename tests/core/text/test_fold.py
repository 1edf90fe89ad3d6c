"""Folding and translating text one character for one, so offsets carry over."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from displace.core.text import fold, translate_each
from displace.core.text.fold import _TABLE

_SPACE_PUNCTUATION = {ord(c): " " for c in ".,!?;:"} | {ord("Đ"): "d", ord("đ"): "d"}


def test_folding_strips_vietnamese_diacritics_and_case() -> None:
    assert fold("Không có gì ĐÁNG kể") == "khong co gi dang ke"


def test_folding_ascii_text_lower_cases_it_as_the_table_would() -> None:
    text = "Rep: We can WAIVE the $250 fee, OK?"
    assert fold(text) == text.translate(_TABLE) == text.lower()


@given(st.text())
def test_folding_keeps_the_length_of_any_text(text: str) -> None:
    assert len(fold(text)) == len(text)


@given(st.lists(st.one_of(st.text(alphabet=st.characters(max_codepoint=127)), st.text())))
def test_translating_many_texts_equals_translating_each(texts: list[str]) -> None:
    assert translate_each(texts, _SPACE_PUNCTUATION) == [
        t.translate(_SPACE_PUNCTUATION) for t in texts
    ]


def test_ascii_and_other_texts_keep_their_order() -> None:
    texts = ["Hi, Lan.", "Chào anh, Đức.", "", "OK!"]
    assert translate_each(texts, _SPACE_PUNCTUATION) == ["Hi  Lan ", "Chào anh  dức ", "", "OK "]


def test_a_table_that_lengthens_ascii_text_is_refused() -> None:
    with pytest.raises(ValueError, match="maps each character to one"):
        translate_each(["a.b"], {ord("."): "..."})
