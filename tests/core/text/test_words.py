"""Counting words: runs of letters, digits and underscores, in any script."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from displace.core.text import count_words, count_words_each


def test_words_are_runs_of_letters_and_digits() -> None:
    assert count_words("We'll cut 10% — from $2,500 to 2_250.") == 9
    assert count_words("Không có gì đáng kể.") == 5
    assert count_words(" … ") == 0


@given(st.lists(st.one_of(st.text(alphabet=st.characters(max_codepoint=127)), st.text())))
def test_counting_many_texts_equals_counting_each(texts: list[str]) -> None:
    assert count_words_each(texts) == [count_words(t) for t in texts]
