"""read_conversation as a whole: formats, errors, turns, and inputs nobody planned for."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from displace.core.errors import InputError
from displace.core.model import Conversation
from displace.core.transcript import FORMATS, detect_format, read_conversation


def test_an_unknown_format_lists_the_valid_ones() -> None:
    with pytest.raises(InputError, match="expected one of plain, inline, quoted, vtt, srt, json"):
        read_conversation("Rep: hi", input_format="docx")


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA: b\n", "", "vtt"),
        ("1\n00:00:01,000 --> 00:00:02,000\nA: b\n", "", "srt"),
        ('[{"speaker": "A", "text": "b"}]', "", "json"),
        ("Rep: hi\nClient: hello\n", ".txt", "plain"),
        ("[00:00:01] Rep: hi\n[00:00:03] Client: hello\n", "", "plain"),
        ("Rep: hi\n", ".json", "json"),
    ],
)
def test_it_detects_the_format_from_content_and_extension(
    text: str, suffix: str, expected: str
) -> None:
    assert detect_format(text, suffix) == expected


def test_the_format_is_told_from_the_first_lines_of_a_long_transcript() -> None:
    from displace.core.transcript.detect import SNIFF_LINES

    labelled = "".join(f"Rep: line {n}.\nClient: reply {n}.\n" for n in range(SNIFF_LINES))
    inline = "The call went well. Rep: Hi. Client: Hello there. Rep: Any news?\n" * (
        4 * SNIFF_LINES
    )
    assert detect_format(labelled + inline) == "plain"
    assert detect_format(inline + labelled) == "inline"


def test_turns_are_indexed_stripped_and_tagged_with_their_language() -> None:
    conv = read_conversation("Rep:   How are you?  \nKH: Tôi khỏe, cảm ơn anh.\n")
    assert [t.index for t in conv.turns] == [0, 1]
    assert [t.language for t in conv.turns] == ["en", "vi"]
    assert conv.turns[0].text == "How are you?"
    assert conv.language == "mixed"


def test_the_name_argument_names_the_source() -> None:
    conv = read_conversation("Rep: hi\nClient: hello\n", name="monday-call.txt")
    assert conv.source == "monday-call.txt"


def _check(conv: Conversation) -> None:
    assert conv.turns
    for index, turn in enumerate(conv.turns):
        assert turn.index == index
        assert turn.text and turn.text == turn.text.strip()


_labelled_lines = st.lists(
    st.tuples(
        st.sampled_from(["Rep", "KH", "Người bán", "Anna", "**Bob**", "Speaker 1", "Note"]),
        st.text(max_size=40),
    ),
    max_size=8,
).map(lambda rows: "\n".join(f"{label}: {words}" for label, words in rows))


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=300), _labelled_lines), st.sampled_from([None, *FORMATS]))
def test_any_text_gives_a_conversation_or_an_input_error(text: str, fmt: str | None) -> None:
    try:
        conv = read_conversation(text, input_format=fmt)
    except InputError:
        return
    _check(conv)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_conversation_or_an_input_error(data: bytes) -> None:
    try:
        conv = read_conversation(data)
    except InputError:
        return
    _check(conv)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "speaker",
                    "text",
                    "start",
                    "end",
                    "speakers",
                    "sentences",
                    "id",
                    "speakerId",
                    "name",
                    "callTranscripts",
                    "transcript",
                    # the speech services' and meeting bots' shapes (jsonwords.py)
                    "results",
                    "items",
                    "alternatives",
                    "content",
                    "type",
                    "start_time",
                    "speaker_label",
                    "speaker_labels",
                    "segments",
                    "channel_labels",
                    "channels",
                    "audio_segments",
                    "Participants",
                    "Transcript",
                    "ParticipantId",
                    "ParticipantRole",
                    "Content",
                    "BeginOffsetMillis",
                    "words",
                    "word",
                    "punctuated_word",
                    "utterances",
                    "monologues",
                    "elements",
                    "value",
                    "ts",
                    "participant",
                    "start_timestamp",
                    "relative",
                    "affiliation",
                    "parties",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(_json_values)
def test_any_json_gives_a_conversation_or_an_input_error(value: object) -> None:
    try:
        conv = read_conversation(json.dumps(value), input_format="json")
    except InputError:
        return
    _check(conv)
