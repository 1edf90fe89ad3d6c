"""JSON transcripts: plain lists and the Gong-style shapes."""

from __future__ import annotations

import json

import pytest

from displace.core.errors import InputError
from displace.core.transcript import read_conversation


def test_it_reads_a_list_of_speaker_text_objects() -> None:
    items = [
        {"speaker": "Agent", "text": "Hi, this is Ana from Helios.", "start": 0, "end": 2.5},
        {"speaker": "Agent", "text": "Is now a good time?", "start": 2.5, "end": 4},
        {"speaker": "Customer", "text": "Yes.", "start": 4.2, "end": 4.8},
    ]
    conv = read_conversation(json.dumps(items))
    assert conv.input_format == "json"
    assert [(t.speaker, t.role, t.start, t.end) for t in conv.turns] == [
        ("Agent", "seller", 0.0, 4.0),
        ("Customer", "prospect", 4.2, 4.8),
    ]


def test_it_reads_gong_speakers_and_sentences_in_milliseconds() -> None:
    doc = {
        "speakers": [{"id": "s1", "name": "Khánh"}, {"id": "s2", "name": "Phương"}],
        "sentences": [
            {"speakerId": "s1", "start": 1000, "end": 2500, "text": "Bên chị dùng ngân hàng nào?"},
            {"speakerId": "s2", "start": 2600, "end": 4000, "text": "Vietcombank, năm năm rồi."},
        ],
    }
    conv = read_conversation(json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    assert [t.speaker for t in conv.turns] == ["Khánh", "Phương"]
    assert (conv.turns[0].start, conv.turns[0].end) == (1.0, 2.5)


def test_it_reads_gong_call_transcripts_monologues() -> None:
    doc = {
        "callTranscripts": [
            {
                "callId": "42",
                "transcript": [
                    {"speakerId": "7", "sentences": [{"start": 0, "end": 900, "text": "Hello."}]},
                    {"speakerId": "8", "sentences": [{"start": 1000, "end": 1500, "text": "Hi."}]},
                ],
            }
        ]
    }
    conv = read_conversation(json.dumps(doc))
    assert [(t.speaker, t.end) for t in conv.turns] == [("Speaker 7", 0.9), ("Speaker 8", 1.5)]


def test_malformed_json_names_the_line_and_column() -> None:
    with pytest.raises(InputError, match=r"call.json: malformed JSON at line 2, column \d+"):
        read_conversation('[\n{"speaker": "Rep" "text": "x"}]', name="call.json")


def test_an_item_without_text_is_an_input_error() -> None:
    with pytest.raises(InputError, match="item 1 has no 'text'"):
        read_conversation('[{"speaker": "A", "text": "x"}, {"speaker": "B"}]')


def test_a_bad_time_is_an_input_error() -> None:
    with pytest.raises(InputError, match="time"):
        read_conversation('[{"speaker": "A", "text": "x", "start": "soon"}]')


def test_json_of_another_shape_is_an_input_error() -> None:
    with pytest.raises(InputError, match="expected a JSON list"):
        read_conversation('{"hello": 1}')
