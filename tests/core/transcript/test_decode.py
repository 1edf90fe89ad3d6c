"""Encodings: UTF-8 with or without BOM, UTF-16 with BOM, Windows-1258, NFC."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from displace.core.errors import InputError
from displace.core.transcript import MAX_BYTES, read_conversation

_DIALOGUE = "Người bán: Anh có gặp vấn đề gì không?\nKhách hàng: Không có gì đáng kể.\n"


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters plus combining tone marks."""
    out = b""
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        out += (base + "".join(c for c in decomposed if c in _TONES)).encode("cp1258")
    return out


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (_DIALOGUE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + _DIALOGUE.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + _DIALOGUE.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + _DIALOGUE.encode("utf-16-be"), "utf-16-be"),
        (_cp1258(_DIALOGUE), "windows-1258"),
    ],
)
def test_it_decodes_each_supported_encoding(data: bytes, encoding: str) -> None:
    conv = read_conversation(data)
    assert conv.encoding == encoding
    assert conv.turns[1].text == "Không có gì đáng kể."
    assert [t.role for t in conv.turns] == ["seller", "prospect"]


def test_decomposed_diacritics_become_nfc() -> None:
    conv = read_conversation(unicodedata.normalize("NFD", _DIALOGUE))
    assert conv.turns[0].speaker == "Người bán"
    assert unicodedata.is_normalized("NFC", conv.turns[0].text)


def test_bytes_that_are_not_vietnamese_or_utf8_are_refused() -> None:
    with pytest.raises(InputError, match="not UTF-8, UTF-16 or Windows-1258"):
        read_conversation("Rep: déjà vu, señor ÿ\n".encode("latin-1") + b"\x81\x8d")


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"Rep: hi\x00\x01\x02")
    with pytest.raises(InputError, match="looks like a binary file"):
        read_conversation(path)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        read_conversation(tmp_path / "nope.txt")


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"Rep: hi\n" * (MAX_BYTES // 8 + 1))
    with pytest.raises(InputError, match="over the"):
        read_conversation(path)


def test_a_str_is_text_never_a_path(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_text(_DIALOGUE, encoding="utf-8")
    with pytest.raises(InputError, match="no conversation found"):
        read_conversation(str(path))
