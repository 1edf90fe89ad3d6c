"""Turning bytes into text: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1258."""

from __future__ import annotations

import codecs
import re
import unicodedata

from displace.core.limits import limit
from displace.core.messages import Size
from displace.core.text import normalise
from displace.core.transcript.messages import unreadable

__all__ = ["MAX_BYTES", "decode"]

MAX_BYTES = limit("transcript.bytes")  # a day-long call transcript is well under 1 MB

# Combining marks Vietnamese uses: tones (grave, acute, tilde, hook, dot below) and the
# circumflex, breve and horn of â ă ê ô ơ ư.
_VI_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")
_PUNCTUATION = frozenset("\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00a0\u20ab")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The NFC text of `data` and the encoding it was read with; InputError if it is not text."""
    if len(data) > MAX_BYTES:
        raise unreadable("file.too_large", name=name, size=Size(len(data)), limit=Size(MAX_BYTES))
    text, encoding = _decode(data, name)
    if _CONTROL.search(text):
        raise unreadable("file.binary", name=name)
    return normalise(text), encoding


def _decode(data: bytes, name: str) -> tuple[str, str]:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding.removesuffix("-sig")), encoding
            except UnicodeDecodeError as exc:
                raise unreadable("file.bad_bom", name=name, encoding=encoding,
                                 offset=exc.start) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        text = ""
    if text and _plausibly_vietnamese(text):
        return text, "windows-1258"
    raise unreadable("file.undecodable", name=name, byte=f"{data[utf8_error.start]:02x}",
                     offset=utf8_error.start)


def _plausibly_vietnamese(text: str) -> bool:
    # Random or Latin-1 bytes also decode as cp1258; real Vietnamese has its own letters and
    # tone marks among most of its non-ASCII characters.
    non_ascii = [ch for ch in text if ord(ch) > 127 and ch not in _PUNCTUATION]
    if not non_ascii:
        return False
    vietnamese = sum(1 for ch in non_ascii if _is_vietnamese_letter(ch))
    return vietnamese >= 0.9 * len(non_ascii)


def _is_vietnamese_letter(ch: str) -> bool:
    if ch in "đĐ" or ch in _VI_MARKS:
        return True
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], set(decomposed[1:])
    return base.isascii() and base.isalpha() and bool(marks) and marks <= _VI_MARKS
