"""Turning bytes into text: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1258."""

from __future__ import annotations

import codecs
import re
import unicodedata

from displace.core.errors import InputError
from displace.core.limits import limit
from displace.core.text import normalise

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
        raise InputError(f"{name}: file is {len(data):,} bytes, over the {MAX_BYTES:,}-byte limit")
    text, encoding = _decode(data, name)
    if _CONTROL.search(text):
        raise InputError(f"{name}: looks like a binary file, not a text transcript")
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
                raise InputError(
                    f"{name}: starts with a {encoding} byte-order mark but byte "
                    f"{exc.start} is not valid {encoding}"
                ) from None
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
    raise InputError(
        f"{name}: not UTF-8, UTF-16 or Windows-1258 text "
        f"(invalid byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start})"
    )


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
