"""WebVTT (Zoom and Teams) and SRT transcripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from displace.core.errors import InputError
from displace.core.transcript import read_conversation

_ZOOM = """WEBVTT

1
00:00:01.000 --> 00:00:04.500
Minh Tran: Good morning Laura, thanks for joining.

2
00:00:04.600 --> 00:00:06.000
Minh Tran: Shall we start?

3
00:00:06.200 --> 00:00:09.000
Laura Diaz: Sure, go ahead.
"""

_TEAMS = """WEBVTT

NOTE exported by Microsoft Teams

6a0f2b9e-1/12-0
00:00:00.000 --> 00:00:03.250
<v Nguyễn Văn An>Chào chị, bên em cung cấp giải pháp lương.</v>

6a0f2b9e-1/20-0
00:01:02.000 --> 00:01:05.000
<v Trần Thị Bình>Bên chị đang dùng &amp; hài lòng.</v>
"""

_SRT = """1
00:00:01,000 --> 00:00:03,000
Rep: How do you handle renewals today?

2
00:00:03,500 --> 00:00:06,000
Prospect: Manually, in spreadsheets.
"""


def test_it_reads_a_zoom_vtt_and_merges_cues_of_one_speaker() -> None:
    conv = read_conversation(_ZOOM)
    assert conv.input_format == "vtt"
    assert [t.speaker for t in conv.turns] == ["Minh Tran", "Laura Diaz"]
    first = conv.turns[0]
    assert first.text == "Good morning Laura, thanks for joining. Shall we start?"
    assert (first.start, first.end) == (1.0, 6.0)
    assert first.line == 4


def test_it_reads_a_teams_vtt_with_voice_tags() -> None:
    conv = read_conversation(_TEAMS)
    assert [t.speaker for t in conv.turns] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert conv.turns[1].text == "Bên chị đang dùng & hài lòng."
    assert conv.turns[1].start == 62.0
    assert conv.language == "vi"


def test_it_reads_srt_with_labels_in_the_text(tmp_path: Path) -> None:
    path = tmp_path / "call.srt"
    path.write_text(_SRT, encoding="utf-8")
    conv = read_conversation(path)
    assert conv.input_format == "srt"
    assert conv.source == str(path)
    assert [(t.role, t.start) for t in conv.turns] == [("seller", 1.0), ("prospect", 3.5)]


def test_a_vtt_cue_without_text_is_skipped_with_a_warning() -> None:
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n"
            "00:00:03.000 --> 00:00:04.000\nRep: hi\n\n"
            "00:00:05.000 --> 00:00:06.000\nClient: yes\n")
    conversation = read_conversation(text, name="x.vtt")
    assert [t.text for t in conversation.turns] == ["hi", "yes"]
    assert any("line 3: a cue without text was skipped" in w for w in conversation.warnings)


def test_a_vtt_file_of_empty_cues_is_no_conversation() -> None:
    with pytest.raises(InputError, match="no conversation found"):
        read_conversation("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n", name="x.vtt")


@pytest.mark.parametrize("timing", [
    "00:01.000 --> 00:02.500",      # no hours
    "0:0:1.0 --> 0:0:2.5",          # one-digit fields
    "00:00:01 --> 00:00:02",        # no fraction
    "00:00:01.000 --> 00:00:02.500 align:start position:10%",  # cue settings
])
def test_vtt_timings_as_real_tools_write_them_are_read(timing: str) -> None:
    text = f"\ufeffWEBVTT\n\nNOTE written by a meeting tool\n\n1\n{timing}\nRep: hi\n\n" \
           "3\n00:00:05.000 --> 00:00:06.000\nClient: yes\n"
    conversation = read_conversation(text.encode(), name="x.vtt")
    assert [t.speaker for t in conversation.turns] == ["Rep", "Client"]
    assert conversation.turns[0].start == 1.0


def test_an_srt_cue_with_a_blank_line_inside_keeps_both_paragraphs() -> None:
    text = ("1\n00:00:01,000 --> 00:00:04,000\nRep: We can start with the audit.\n\n"
            "Then the weekly report.\n\n2\n00:00:05,000 --> 00:00:06,000\nClient: Fine.\n")
    conversation = read_conversation(text, name="call.srt")
    assert conversation.turns[0].text == "We can start with the audit. Then the weekly report."
    assert conversation.turns[1].speaker == "Client"


def test_a_speaker_with_a_title_in_a_zoom_cue_keeps_the_whole_name() -> None:
    text = ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nDr. Anh Tran: Hello.\n\n"
            "2\n00:00:03.000 --> 00:00:04.000\nMs. K. Le: Hi, doctor.\n\n"
            "3\n00:00:05.000 --> 00:00:06.000\nDr. Anh Tran: Shall we start?\n")
    speakers = [t.speaker for t in read_conversation(text, name="zoom.vtt").turns]
    assert speakers == ["Dr. Anh Tran", "Ms. K. Le", "Dr. Anh Tran"]


def test_a_bad_cue_time_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"call.srt, line 2: '00:00:xx,000'"):
        read_conversation("1\n00:00:xx,000 --> 00:00:02,000\nRep: hi\n", name="call.srt")


def test_a_forced_vtt_without_its_header_is_an_input_error() -> None:
    with pytest.raises(InputError, match="must start with 'WEBVTT'"):
        read_conversation(_SRT, input_format="vtt")


def test_a_block_without_a_timing_is_an_input_error() -> None:
    with pytest.raises(InputError, match="expected a cue timing"):
        read_conversation("WEBVTT\n\nRep: hello there\n", name="c.vtt")
