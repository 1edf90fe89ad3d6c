"""Sentences of a turn and their question class."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from displace.core.coach.packs import builtin_pack
from displace.core.coach.sentences import _END, split_sentences

# The sentence end as it reads most plainly; `_END` is written for speed and must agree with it.
_PLAIN_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s|$)|\n+")


@given(st.text(alphabet="ab3 .!?…\n\t\"”’')]", max_size=60))
def test_the_fast_sentence_end_finds_what_the_plain_one_finds(text: str) -> None:
    assert [m.span() for m in _END.finditer(text)] == [m.span() for m in _PLAIN_END.finditer(text)]


def _pieces(text: str, lang: str = "en", punctuated: bool = True) -> list[tuple[str, bool, bool]]:
    words = builtin_pack(lang).questions
    return [
        (text[s.start : s.end].strip(), s.question, s.open)
        for s in split_sentences(text, words, punctuated)
    ]


def test_a_turn_splits_at_sentence_ends_but_not_inside_numbers() -> None:
    assert _pieces("We cut 3.5% off. What does that save you? Is it enough?") == [
        ("We cut 3.5% off.", False, False),
        ("What does that save you?", True, True),
        ("Is it enough?", True, False),
    ]


def test_closing_quotes_and_line_breaks_end_sentences_too() -> None:
    assert [p for p, _, _ in _pieces('He said "fine." Then left\nNext line')] == [
        'He said "fine."', "Then left", "Next line"
    ]


def test_without_punctuation_question_words_tell_a_question() -> None:
    assert _pieces("anh thấy dịch vụ bên đó thế nào", "vi", punctuated=False) == [
        ("anh thấy dịch vụ bên đó thế nào", True, True)
    ]
    assert _pieces("bên em giảm phí cho anh", "vi", punctuated=False) == [
        ("bên em giảm phí cho anh", False, False)
    ]
