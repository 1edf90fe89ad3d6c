"""The reader's errors: English in the command line's words, the reader's language on a page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from displace.core.errors import InputError
from displace.core.report.labels import _load_tables
from displace.core.transcript import read_conversation
from displace.core.transcript.decode import MAX_BYTES, decode
from displace.core.transcript.detect import FORMATS

SOURCE = Path(__file__).resolve().parents[3] / "src" / "displace" / "core" / "transcript"
RAISED = re.compile(r"""(?:unreadable\(|Message\("reader",\s*)f?"([\w.{}]+)\"""")


def test_every_message_the_reader_raises_is_in_its_table_in_both_languages() -> None:
    keys = {key for file in SOURCE.glob("*.py") for key in RAISED.findall(file.read_text())}
    assert {"no_conversation", "file.too_large", "json.malformed", "tried.{fmt}"} <= keys
    tables = _load_tables("reader")
    for key in keys:
        for one in {key.replace("{fmt}", f) for f in ("plain", "inline", "quoted")}:
            assert one in tables["en"] and one in tables["vi"], one
    for fmt in FORMATS:  # every format has its name in both languages
        assert f"format_name.{fmt}" in tables["en"] and f"format_name.{fmt}" in tables["vi"]


def test_no_conversation_tells_the_command_line_its_option_and_a_page_its_form() -> None:
    with pytest.raises(InputError) as caught:
        read_conversation("Ghi chú: gọi lại sau.\nKhông có gì thêm.", name="notes.txt")
    english, vietnamese = str(caught.value), caught.value.in_language("vi")
    assert english.startswith("notes.txt: no conversation found (read as plain).")
    assert "--input-format" in english
    assert vietnamese.startswith("notes.txt: không tìm thấy cuộc trò chuyện nào (đọc theo "
                                 "định dạng văn bản mỗi lượt lời một dòng).")
    assert "plain" not in vietnamese  # the format's id, no Vietnamese word
    assert "Đã tìm nhãn người nói ở đầu dòng" in vietnamese
    assert "--input-format" not in vietnamese
    assert "--input-format" not in caught.value.in_language("en")


def test_a_file_over_the_limit_is_measured_in_megabytes_not_bytes() -> None:
    with pytest.raises(InputError) as caught:
        decode(b"a" * 6_000_000, "big.txt")
    assert MAX_BYTES == 5 * 1024 * 1024
    assert str(caught.value) == "big.txt: file is 6 MB, over the 5.2 MB limit"
    assert caught.value.in_language("vi") == ("big.txt: tệp có dung lượng 6 MB, vượt giới hạn "
                                              "5,2 MB")


def test_a_place_in_a_file_is_named_in_the_readers_language() -> None:
    with pytest.raises(InputError) as caught:
        read_conversation("WEBVTT\n\nnot a timing\nHello", name="call.vtt", input_format="vtt")
    assert str(caught.value).startswith("call.vtt, line 3: expected a cue timing")
    assert caught.value.in_language("vi").startswith("call.vtt, dòng 3: cần một mốc thời gian")


def test_an_unknown_format_is_refused_in_vietnamese_too() -> None:
    with pytest.raises(InputError) as caught:
        read_conversation("A: hi\nB: hello", input_format="docx-ish", name="t")
    assert "expected one of plain, inline, quoted, vtt, srt, json" in str(caught.value)
    assert "không biết định dạng 'docx-ish'" in caught.value.in_language("vi")
