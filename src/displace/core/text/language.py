"""Telling Vietnamese from English, per turn and per conversation.

Vietnamese is recognised by its letters (ă â đ ê ô ơ ư and tone marks) or, when typed without
diacritics, by its very frequent short words. Anything else with Latin letters is English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Literal

from displace.core.text.fold import fold, translate_each

__all__ = ["detect_language", "has_vietnamese_marks", "turn_language", "turn_languages"]

_VI_LETTERS = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ]"
)
# Frequent Vietnamese syllables that are rare as English words (compared folded).
_VI_WORDS = frozenset(
    [
        "khong",
        "co",
        "cua",
        "toi",
        "chung",
        "anh",
        "chi",
        "em",
        "la",
        "nhung",
        "duoc",
        "nay",
        "thi",
        "cho",
        "voi",
        "cac",
        "mot",
        "nhu",
        "ban",
        "ngan",
        "hang",
        "dich",
        "vu",
        "gi",
        "nao",
        "sao",
        "roi",
        "vay",
        "minh",
        "chua",
        "bao",
        "nhieu",
        "tot",
        "lam",
        "rat",
        "da",
        "se",
        "dang",
        "nhieu",
        "nam",
        "thang",
        "ngay",
        "tuan",
        "sau",
        "truoc",
        "ve",
        "khi",
        "neu",
        "thuc",
        "hien",
        "cong",
        "ty",
    ]
)
_EN_WORDS = frozenset(
    [
        "the",
        "and",
        "you",
        "your",
        "we",
        "our",
        "is",
        "are",
        "was",
        "were",
        "have",
        "has",
        "with",
        "for",
        "that",
        "this",
        "what",
        "how",
        "it",
        "of",
        "to",
        "in",
        "on",
        "be",
        "would",
        "could",
        "can",
        "will",
        "do",
        "does",
        "did",
        "not",
        "any",
        "there",
        "they",
        "their",
    ]
)
def _letters_table() -> dict[int, str]:
    # Folded letters stay, everything else becomes a space: split() then gives the words.
    table: dict[int, str] = {}
    for cp in range(0x20, 0x2500):
        ch = chr(cp)
        table[cp] = fold(ch) if ch.isalpha() else " "
    return {cp: out for cp, out in table.items() if out != chr(cp)}


_LETTERS = _letters_table()


def has_vietnamese_marks(text: str) -> bool:
    """Whether the text was typed with Vietnamese letters or tone marks."""
    return not text.isascii() and _VI_LETTERS.search(text) is not None


def _evidence(text: str, letters: str | None = None) -> Literal["vi", "en"] | None:
    # `letters`: the text through _LETTERS, when the caller has it already
    rough = len(text.split())
    if not rough:
        return None
    # Vietnamese letters decide most turns at once; the regex counts them without a
    # character-by-character translation, which is slow on non-ASCII text.
    vi_marks = 0 if text.isascii() else len(_VI_LETTERS.findall(text))
    if vi_marks >= max(1, rough // 6):
        return "vi"
    words = (letters if letters is not None else text.translate(_LETTERS)).split()
    if not words:
        return None
    if vi_marks >= max(1, len(words) // 6):
        return "vi"
    # distinct frequent words of each language: enough to decide, and counted in C
    vi = len(_VI_WORDS.intersection(words))
    en = len(_EN_WORDS.intersection(words))
    if vi == en:
        return None
    return "vi" if vi > en else "en"


def turn_language(text: str) -> Literal["vi", "en"]:
    """The language of one turn on its own: `vi` or `en` (English when nothing tells)."""
    return _evidence(text) or "en"


def turn_languages(texts: Sequence[str]) -> list[Literal["vi", "en"]]:
    """The language of each turn of a conversation.

    A turn too short to tell ("Cung binh thuong.") takes the language of the turn before it,
    or else of most turns: people rarely switch language for three words.
    """
    # ASCII turns have no Vietnamese letters to count, so all of them need their words:
    # translated together, which is much faster than turn by turn
    ascii_texts = [t for t in texts if t.isascii()]
    letters = dict(zip(ascii_texts, translate_each(ascii_texts, _LETTERS), strict=True))
    found = [_evidence(t, letters.get(t)) for t in texts]
    decided = [f for f in found if f is not None]
    majority: Literal["vi", "en"] = "vi" if decided.count("vi") > decided.count("en") else "en"
    out: list[Literal["vi", "en"]] = []
    for lang in found:
        out.append(lang or (out[-1] if out else majority))
    return out


def detect_language(turn_languages: Iterable[str]) -> Literal["vi", "en", "mixed"]:
    """The conversation's language from its turns': one language holding 85 % or more wins."""
    langs = list(turn_languages)
    if not langs:
        return "en"
    vi = langs.count("vi") / len(langs)
    if vi >= 0.85:
        return "vi"
    if vi <= 0.15:
        return "en"
    return "mixed"
