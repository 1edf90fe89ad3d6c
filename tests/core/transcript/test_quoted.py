"""Dialogue in quotation marks inside prose: paragraphs as turns, narration kept apart."""

from __future__ import annotations

import pytest

from displace.core.errors import InputError
from displace.core.transcript import detect_format, read_conversation

HANDOUT = """A discovery call, as a training handout tells it

Maria had driven forty minutes to see the owner. "We have been in this town since 1961 and we
have nine branches," she said.

"That's nice," Tom said. "We've banked with Harbor Federal for six years."

"And how is Harbor Federal treating you?"

"Generally fine. Approvals drag a bit sometimes."

Maria nodded and moved on. "If we could lower your rate by half a point, is there any reason
we couldn't work together?"
"""

UNNAMED = """Trích từ một bài viết về bán hàng

“Bên em có mười hai chi nhánh và hơn hai mươi năm kinh nghiệm ạ.”

“Bên anh làm với Ngân hàng Phương Bắc sáu năm rồi.”

“Dạo này anh thấy dịch vụ bên đó thế nào ạ?”

“Cũng ổn. Thỉnh thoảng giải ngân hơi chậm.”
"""


def test_it_detects_prose_with_quoted_dialogue_and_no_labels() -> None:
    assert detect_format(HANDOUT) == "quoted"
    assert detect_format(UNNAMED) == "quoted"


def test_each_paragraph_of_speech_is_a_turn_and_the_speakers_alternate() -> None:
    conversation = read_conversation(HANDOUT)
    assert [t.speaker for t in conversation.turns] == ["Maria", "Tom", "Maria", "Tom", "Maria"]
    assert conversation.turns[1].text == (
        "That's nice. We've banked with Harbor Federal for six years.")
    assert conversation.speakers == {"Maria": "seller", "Tom": "prospect"}


def test_the_narration_between_the_quotes_is_kept_apart() -> None:
    conversation = read_conversation(HANDOUT)
    narration = " ".join(n.text for n in conversation.narration)
    assert "Maria had driven forty minutes" in narration
    assert "Maria nodded and moved on." in narration
    assert all("forty minutes" not in t.text for t in conversation.turns)


def test_without_names_the_speakers_are_numbered_and_roles_come_from_evidence() -> None:
    conversation = read_conversation(UNNAMED)
    assert [t.speaker for t in conversation.turns] == ["Speaker 1", "Speaker 2"] * 2
    assert conversation.speakers["Speaker 1"] == "seller"
    assert "alternate between two speakers" in " ".join(conversation.warnings)


def test_the_flags_set_the_roles_of_numbered_speakers() -> None:
    conversation = read_conversation(UNNAMED, role_hints={"Speaker 2": "seller",
                                                          "Speaker 1": "prospect"})
    assert conversation.speakers == {"Speaker 1": "prospect", "Speaker 2": "seller"}


def test_a_labelled_transcript_that_quotes_someone_stays_labelled() -> None:
    text = ('Rep: He told me "we never hear from them" last week.\n'
            'Client: Yes, and "they are slow with approvals" too.\n'
            'Rep: So "what would good look like" for you?\n')
    assert detect_format(text) == "plain"
    assert [t.speaker for t in read_conversation(text).turns] == ["Rep", "Client", "Rep"]


def test_scare_quotes_in_prose_are_not_speech() -> None:
    text = 'Our "partner" sent the "report" late.\nThe "fix" never came.\nWe moved on.\n'
    assert detect_format(text) == "plain"
    with pytest.raises(InputError, match="What works: one turn per line"):
        read_conversation(text)


def test_the_error_for_text_without_turns_says_what_was_tried_and_what_works() -> None:
    with pytest.raises(InputError) as caught:
        read_conversation("just some notes\nno dialogue here at all\n", name="notes.txt")
    message = str(caught.value)
    assert message.startswith("notes.txt: no conversation found (read as plain).")
    assert "Looked for speaker labels at the start of lines" in message
    assert "dialogue in quotation marks" in message and "--input-format" in message
