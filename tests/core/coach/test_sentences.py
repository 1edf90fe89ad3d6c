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


def test_the_polite_a_is_not_the_question_particle_a_without_punctuation() -> None:
    assert _pieces("Bên em có mười hai kho trên cả nước ạ", "vi", punctuated=False) == [
        ("Bên em có mười hai kho trên cả nước ạ", False, False)
    ]
    assert _pieces("Chị đi công tác về rồi à", "vi", punctuated=False) == [
        ("Chị đi công tác về rồi à", True, False)
    ]


def test_a_question_word_before_a_polite_ending_still_makes_an_open_question() -> None:
    assert _pieces("Anh dùng ngân hàng nào ạ", "vi", punctuated=False) == [
        ("Anh dùng ngân hàng nào ạ", True, True)
    ]
    assert _pieces("Anh có dùng dịch vụ đó không chị ạ", "vi", punctuated=False) == [
        ("Anh có dùng dịch vụ đó không chị ạ", True, False)
    ]


def test_text_typed_without_diacritics_keeps_the_folded_reading() -> None:
    # "a" may be the particle "à" or the polite "ạ": the folded reading takes it as a question
    assert _pieces("anh dung ngan hang nao a", "vi", punctuated=False) == [
        ("anh dung ngan hang nao a", True, False)
    ]


def test_without_punctuation_what_we_need_is_a_statement_not_a_question() -> None:
    assert _pieces("what we really need is someone who plans ahead", punctuated=False) == [
        ("what we really need is someone who plans ahead", False, False)
    ]
    assert _pieces("what do you need from them", punctuated=False) == [
        ("what do you need from them", True, True)
    ]


def test_without_punctuation_a_negation_makes_a_final_nao_mean_any() -> None:
    assert _pieces("Bên em chưa mất khách hàng lớn nào", "vi", punctuated=False) == [
        ("Bên em chưa mất khách hàng lớn nào", False, False)
    ]
    assert _pieces("Anh đang dùng ngân hàng nào", "vi", punctuated=False) == [
        ("Anh đang dùng ngân hàng nào", True, True)
    ]
