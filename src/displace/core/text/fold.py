"""Normalising and folding text so that patterns match however it was typed.

`fold` lower-cases and strips diacritics *one character for one character*, so an offset in the
folded text is the same offset in the normalised text: a match found in folded text can be
quoted from the original. Vietnamese typed without diacritics ("khong co gi dang ke") then
matches patterns written with them ("không có gì đáng kể").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

__all__ = ["fold", "normalise", "translate_each"]


def normalise(text: str) -> str:
    """NFC-normalise, unify line ends and drop a byte-order mark."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return unicodedata.normalize("NFC", text)


def _fold_char(ch: str) -> str:
    low = ch.lower()
    if len(low) != 1:
        low = ch
    if low in "đð":
        return "d"
    base = unicodedata.normalize("NFD", low)[0]
    # Keep typographic apostrophes and quotes comparable with ASCII ones.
    return {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "}.get(
        base, base
    )


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    ranges = [(0x00, 0x250), (0x1E00, 0x1F00), (0x2018, 0x201E)]
    for lo, hi in ranges:
        for cp in range(lo, hi):
            ch = chr(cp)
            folded = _fold_char(ch)
            if folded != ch:
                table[cp] = folded
    return table


_TABLE = _build_table()


def fold(text: str) -> str:
    """Lower-case and strip diacritics; the result has exactly the length of `text`."""
    if text.isascii():  # nothing to strip: lower() is the same, and much faster than a table
        return text.lower()
    return text.translate(_TABLE)


def translate_each(texts: Sequence[str], table: Mapping[int, str]) -> list[str]:
    """Each text through `str.translate(table)`, for a table that maps a character to one.

    CPython translates ASCII text quickly only within one call (it caches the table's answers
    per call), so the ASCII texts are translated joined and cut apart again; the others one by
    one, which costs the same per character either way.
    """
    out = list(texts)
    ascii_indexes = [i for i, text in enumerate(texts) if text.isascii()]
    joined = "".join(texts[i] for i in ascii_indexes).translate(table)
    offset = 0
    for i in ascii_indexes:
        end = offset + len(texts[i])
        out[i] = joined[offset:end]
        offset = end
    if offset != len(joined):
        raise ValueError("translate_each needs a table that maps each character to one")
    for i, text in enumerate(texts):
        if not text.isascii():
            out[i] = text.translate(table)
    return out
