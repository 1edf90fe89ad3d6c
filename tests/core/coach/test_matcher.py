"""The phrase automata: text typed with diacritics matches letter for letter, text typed
without them matches folded, and offsets are those of the turn's text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from displace.core.coach.matcher import _first_characters, compile_pack
from displace.core.coach.packs import builtin_pack, compiled_packs
from displace.core.coach.rulepack import parse_pack


def _pack(language: str, behaviour: str, *phrases: str) -> str:
    """A rule pack of one rule that fires on any of `phrases`."""
    quoted = ", ".join(f'"{p}"' for p in phrases)
    return (
        f'language = "{language}"\n[[rule]]\nid = "x.test"\n'
        f'behaviour = "{behaviour}"\nall = [[{quoted}]]\n'
    )


def _phrases(text: str, accented: bool, pack_text: str) -> list[str]:
    compiled = compile_pack(parse_pack(pack_text, "test.toml"))
    hits = compiled.scan(text, accented)
    return sorted(text[start:end] for spans in hits.values() for start, end in spans)


def test_a_pack_of_lone_accented_words_matches_only_text_typed_with_diacritics() -> None:
    pack = _pack("vi", "badmouthing", "dở")
    assert _phrases("Dịch vụ bên đó dở quá.", True, pack) == ["dở"]
    assert _phrases("Dịch vụ bên đó dỡ quá.", True, pack) == []
    assert _phrases("dich vu ben do do qua", False, pack) == []


def test_text_with_diacritics_must_match_a_phrase_letter_for_letter() -> None:
    pack = _pack("vi", "dated-next-step", "cuộc họp")
    assert _phrases("Mình hẹn CUỘC HỌP, nhé.", True, pack) == ["CUỘC HỌP"]
    assert _phrases("Hợp đồng và cuộc hợp tác.", True, pack) == []
    assert _phrases("minh hen cuoc hop nhe", False, pack) == ["cuoc hop"]


def test_punctuation_between_words_still_separates_them() -> None:
    pack = _pack("en", "matchable-concession", "waive", "the fee*")
    found = _phrases("We'll waive—the fees, (waive) it.", False, pack)
    assert found == ["the fee", "waive", "waive"]


def test_the_shipped_pack_reads_phrases_typed_either_way_but_lone_accented_words() -> None:
    compiled = compile_pack(builtin_pack("vi"))
    text = "Bên chị thấy dịch vụ thế nào ạ?"
    accented = compiled.scan(text, True)
    unaccented = compiled.scan("Ben chi thay dich vu the nao a?", False)
    assert {text[s:e] for spans in accented.values() for s, e in spans} == {
        "Bên", "Bên chị", "chị thấy", "dịch vụ", "thế nào"
    }
    only_accented = {text[s:e] for pid in set(accented) - set(unaccented) for s, e in accented[pid]}
    assert only_accented == {"Bên"}  # "ben" alone could be "bên", "bến" or "bền"
    assert {pid: accented[pid] for pid in unaccented} == unaccented  # same offsets


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\b\d+(?:[.,]\d+)?", r"[\d]"),
        (r"[$€£]\s?\d|\bjan[a-z]*", r"[\$€£j]"),
        (r"\s?\d", r"[\s\d]"),
        (r"(?<!\w)x|y", "[xy]"),
        (r"(?i)abc", None),  # either case: not worked out
        (r"(?i:a)b", None),
        (r"[^a]b", None),
        (r".x", None),
        (r"(?:ab)*", None),  # can be empty
    ],
)
def test_the_first_characters_of_a_token_pattern_are_worked_out_or_left_alone(
    pattern: str, expected: str | None
) -> None:
    assert _first_characters(pattern) == expected


@pytest.mark.parametrize("language", ["en", "vi"])
@given(text=st.text(alphabet="0123456789 $€£.,:/%-amhjanuryseptgio", max_size=40))
def test_the_shipped_tokens_find_the_same_spans_with_the_look_ahead(
    language: str, text: str
) -> None:
    compiled = compiled_packs()[language]
    pack = compiled.pack
    assert compiled.tokens is not None and compiled.tokens.pattern.startswith("(?=[")
    names = set(compiled.token_ids)
    plain = re.compile("|".join(f"(?P<{n}>{p})" for n, p in pack.tokens.items() if n in names))
    found = [(m.lastgroup, m.span()) for m in compiled.tokens.finditer(text)]
    assert found == [(m.lastgroup, m.span()) for m in plain.finditer(text)]
