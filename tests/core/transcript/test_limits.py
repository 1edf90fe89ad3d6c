"""The reader's limits: numbers, times, nesting, names and files that are not files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from displace.core.errors import InputError
from displace.core.transcript import read_conversation


def _json(start: str) -> bytes:
    return ('[{"speaker": "Rep", "text": "Hi.", "start": ' + start + '},'
            ' {"speaker": "Client", "text": "Hello."}]').encode()


@pytest.mark.parametrize(("start", "message"), [
    ("9" * 5000, "a number of 5,000 digits"),
    ("9" * 4000, "a number of 4,000 digits"),
    ("NaN", "NaN is not a number"),
    ("1e400", "is not a number of seconds"),
    ("4000000", "is not a number of seconds"),
    ('"' + "9" * 3000 + ':00:00"', "at most 999 hours"),
])
def test_it_refuses_a_json_number_out_of_range_naming_the_file(start: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        read_conversation(_json(start), name="call.json")
    assert str(caught.value).startswith("call.json")
    assert len(str(caught.value)) < 300


def test_it_reads_a_json_time_within_the_limit() -> None:
    conversation = read_conversation(_json("3596400"), name="call.json")
    assert conversation.turns[0].start == 3596400.0


def test_it_refuses_json_nested_deeper_than_a_transcript_can_be() -> None:
    deep = "[" * 100 + "]" * 100
    with pytest.raises(InputError, match="nested more than 64 levels"):
        read_conversation(deep.encode(), name="deep.json")


def test_it_refuses_a_vtt_cue_whose_hour_has_two_thousand_digits() -> None:
    text = "WEBVTT\n\n" + "9" * 2000 + ":00:01.000 --> 00:00:02.000\nRep: hi\n"
    with pytest.raises(InputError, match=r"call\.vtt, line 3: .*hours have at most 3 digits"):
        read_conversation(text.encode(), name="call.vtt")


def test_it_reads_a_vtt_cue_of_a_three_digit_hour() -> None:
    text = "WEBVTT\n\n100:00:01.000 --> 100:00:02.000\nRep: hi\n"
    assert read_conversation(text.encode(), name="call.vtt").turns[0].start == 360001.0


def test_it_refuses_a_speaker_name_longer_than_the_limit() -> None:
    text = '[{"speaker": "' + "A" * 101 + '", "text": "Hi."}]'
    with pytest.raises(InputError, match="a speaker's name of 101 characters"):
        read_conversation(text.encode(), name="call.json")


def test_it_refuses_a_device_instead_of_reading_it_for_ever() -> None:
    with pytest.raises(InputError, match="not a regular file"):
        read_conversation(Path("/dev/zero"))


def test_it_refuses_a_fifo_instead_of_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "call.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_conversation(fifo)
