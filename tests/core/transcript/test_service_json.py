"""JSON from speech services and meeting bots: turns by speaker, words joined, times kept.

The fixtures in formats/ are our own short call, written in each service's shape (field names,
nesting, milliseconds or seconds as strings, punctuation as separate items).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from displace.core.errors import InputError
from displace.core.transcript import read_conversation

FORMATS = Path(__file__).parent / "formats"
QUESTION = "How do you reconcile stock today?"


@pytest.mark.parametrize(("fixture", "speakers"), [
    ("transcribe-speakers.json", ["Speaker 1", "Speaker 2"]),
    ("transcribe-channels.json", ["Channel 1", "Channel 2"]),
    ("transcribe-segments.json", ["Speaker 1", "Speaker 2"]),
    ("connect.json", ["Agent", "Customer"]),
    ("deepgram-words.json", ["Speaker 1", "Speaker 2"]),
    ("deepgram-utterances.json", ["Speaker 1", "Speaker 2"]),
    ("assemblyai.json", ["A", "B"]),
    ("assemblyai-words.json", ["A", "B"]),
    ("revai.json", ["Speaker 1", "Speaker 2"]),
    ("recall.json", ["Linh Tran", "Mr. Tan"]),
    ("gong-affiliation.json", ["Linh Tran", "Binh Tan"]),
])
def test_it_reads_four_turns_of_two_speakers_with_their_words_and_times(
    fixture: str, speakers: list[str]
) -> None:
    conversation = read_conversation(FORMATS / fixture)
    assert conversation.input_format == "json"
    assert [t.speaker for t in conversation.turns] == [speakers[0], speakers[1]] * 2
    assert QUESTION in conversation.turns[0].text
    assert conversation.turns[3].text.startswith("We wrote off about forty thousand dollars")
    assert conversation.turns[1].start == pytest.approx(5.2, abs=0.01)


@pytest.mark.parametrize("fixture", ["transcribe-speakers.json", "deepgram-words.json",
                                     "revai.json"])
def test_punctuation_sent_as_its_own_item_sticks_to_its_word(fixture: str) -> None:
    turn = read_conversation(FORMATS / fixture).turns[0].text
    assert turn == "Thanks for taking the call, Mr. Tan. How do you reconcile stock today?"


def test_connect_s_agent_is_the_seller_and_its_customer_the_prospect() -> None:
    conversation = read_conversation(FORMATS / "connect.json")
    assert conversation.speakers == {"Agent": "seller", "Customer": "prospect"}
    assert conversation.role_sources == {"Agent": "format", "Customer": "format"}


def test_gong_s_affiliation_sets_the_roles_before_any_evidence() -> None:
    conversation = read_conversation(FORMATS / "gong-affiliation.json")
    assert conversation.speakers == {"Linh Tran": "seller", "Binh Tan": "prospect"}
    assert conversation.role_sources["Binh Tan"] == "format"


def test_the_caller_s_roles_still_win_over_the_file_s() -> None:
    conversation = read_conversation(FORMATS / "connect.json",
                                     role_hints={"Agent": "prospect", "Customer": "seller"})
    assert conversation.speakers == {"Agent": "prospect", "Customer": "seller"}


def test_a_service_document_with_a_broken_word_names_where() -> None:
    head, _, tail = (FORMATS / "transcribe-speakers.json").read_text(encoding="utf-8").rpartition(
        '"start_time": "0.400"')  # the word's own time, after the speaker segments
    text = head + '"start_time": "soon"' + tail
    with pytest.raises(InputError, match=r"results\.items\[0\]: time 'soon'"):
        read_conversation(text.encode(), name="call.json")
