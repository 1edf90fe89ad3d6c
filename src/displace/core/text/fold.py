"""Normalising and folding text so that patterns match however it was typed.

`fold` lower-cases and strips diacritics *one character for one character*, so an offset in the
folded text is the same offset in the normalised text: a match found in folded text can be
quoted from the original. Vietnamese typed without diacritics ("khong co gi dang ke") then
matches patterns written with them ("không có gì đáng kể").
"""

from __future__ import annotations

import unicodedata

__all__ = ["fold", "normalise"]


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
    return text.translate(_TABLE)
