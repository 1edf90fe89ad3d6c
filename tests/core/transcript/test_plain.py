"""Plain text with speaker labels, one turn per line or paragraph."""

from __future__ import annotations

import pytest

from displace.core.errors import InputError
from displace.core.transcript import read_conversation


def test_it_reads_one_turn_per_line_with_known_labels() -> None:
    conv = read_conversation("Rep: Hi Anna, thanks for your time.\nCustomer: Happy to chat.\n")
    assert conv.input_format == "plain"
    assert [(t.speaker, t.role, t.text) for t in conv.turns] == [
        ("Rep", "seller", "Hi Anna, thanks for your time."),
        ("Customer", "prospect", "Happy to chat."),
    ]
    assert [t.line for t in conv.turns] == [1, 2]
    assert conv.role_sources == {"Rep": "table", "Customer": "table"}


def test_it_reads_markdown_bold_labels_and_dashes() -> None:
    text = (
        "– **Telesales**: Chào anh, em gọi từ công ty Minh Phát ạ.\n"
        "– **Khách hàng**: Ừ, em cứ nói.\n"
        "**Brian:** Is that the quote?\n"
        "**Brian:** Yes it is.\n"
    )
    conv = read_conversation(text)
    assert [t.speaker for t in conv.turns] == ["Telesales", "Khách hàng", "Brian"]
    assert conv.turns[0].text == "Chào anh, em gọi từ công ty Minh Phát ạ."
    assert conv.turns[2].text == "Is that the quote? Yes it is."


def test_a_label_on_its_own_line_takes_the_text_below() -> None:
    text = (
        "Speaker 1:\nGood morning, how is the\nnew system working?\n\n"
        "Speaker 2:\nFine, mostly.\n\nSpeaker 1:\nOnly mostly?\n"
    )
    conv = read_conversation(text)
    assert [t.text for t in conv.turns] == [
        "Good morning, how is the new system working?",
        "Fine, mostly.",
        "Only mostly?",
    ]
    assert conv.turns[1].line == 5


def test_timestamps_before_or_after_the_label_become_start_times() -> None:
    text = "[00:01:15] Rep: Hello.\nKH [00:01:20]: Chào anh.\n00:02:03 Rep: Bye.\n"
    conv = read_conversation(text)
    assert [t.start for t in conv.turns] == [75.0, 80.0, 123.0]
    assert conv.turns[1].text == "Chào anh."


def test_sentences_with_colons_are_not_labels() -> None:
    text = (
        "Rep: We met at 10:30 last week.\n"
        "Customer: Note: the budget is fixed.\n"
        "Rep: The plan is simple: we start small.\n"
    )
    conv = read_conversation(text)
    assert [t.speaker for t in conv.turns] == ["Rep", "Customer", "Rep"]
    assert conv.turns[2].text == "The plan is simple: we start small."


def test_an_unlabelled_line_continues_the_previous_turn() -> None:
    conv = read_conversation("Rep: First part\nsecond part.\nClient: Ok.\n")
    assert conv.turns[0].text == "First part second part."


def test_text_before_the_first_label_is_narration() -> None:
    conv = read_conversation("Call with Acme, Monday\n\nRep: Hi.\nClient: Hello.\n")
    assert len(conv.turns) == 2
    assert conv.narration[0].text == "Call with Acme, Monday"
    assert conv.narration[0].after_turn is None


def test_text_without_any_speaker_is_an_empty_conversation() -> None:
    with pytest.raises(InputError, match="no conversation found"):
        read_conversation("Just a paragraph of prose.\nAnother line: nothing more.\n")


def test_two_names_each_speaking_once_are_still_a_dialogue() -> None:
    conv = read_conversation("Brian: Can we talk pricing?\nAnna: Sure.\n")
    assert [t.speaker for t in conv.turns] == ["Brian", "Anna"]


def test_text_typed_without_diacritics_keeps_its_labels_and_language() -> None:
    conv = read_conversation(
        "Nguoi ban: Anh co gap van de gi voi ngan hang hien tai khong?\n"
        "Khach hang: Khong co gi dang ke.\n"
    )
    assert [t.role for t in conv.turns] == ["seller", "prospect"]
    assert conv.turns[1].text == "Khong co gi dang ke."
    assert conv.language == "vi"


def test_a_note_in_brackets_on_its_own_line_is_narration_not_speech() -> None:
    conv = read_conversation(
        "Rep: How did last winter go?\n"
        "Client: We ran short of cash twice.\n"
        "*(She takes another call)*\n"
        "[inaudible]\n"
        "Client: Sorry, where were we?\n",
        input_format="plain",
    )
    assert [t.text for t in conv.turns] == [
        "How did last winter go?", "We ran short of cash twice.", "Sorry, where were we?"
    ]
    assert [(n.text, n.after_turn) for n in conv.narration] == [
        ("She takes another call", 1), ("inaudible", 1)
    ]


def test_a_line_that_only_starts_with_a_bracket_is_still_speech() -> None:
    conv = read_conversation(
        "Rep: How did last winter go?\nClient: Badly.\n(laughs) We ran short twice.\n",
        input_format="plain",
    )
    assert conv.turns[1].text == "Badly. (laughs) We ran short twice."


def test_italic_markup_around_a_line_is_removed() -> None:
    conv = read_conversation("*Notes by Trang*\nRep: Hello.\nClient: Hi.\n", input_format="plain")
    assert [n.text for n in conv.narration] == ["Notes by Trang"]


@pytest.mark.parametrize("labels", [
    ("Ms. K.", "Dr. Nam"),
    ("Kyle M.", "Mr. Eze"),
    ("KS. Tuấn (Bắc Sun)", "Chị Lan (KH)"),
    ("Engr. Lim", "Pn. Aishah"),
    ("chidi.okonkwo", "funmi_admin"),
    ("spk_0", "spk_1"),
    ("tuan.nguyen89", "lan@acme.vn"),
    ("speaker 1", "speaker 2"),
    ("Sales - Hoa", "Chị Hằng - GĐ chi nhánh"),
    ("chị Thoa", "anh Duy"),
    ("Brad Keller | Redline", "Anita Ruiz"),
    ("Hr. Vogt", "Owen"),
])
def test_labels_as_people_and_tools_write_them_are_labels(labels: tuple[str, str]) -> None:
    first, second = labels
    text = "\n".join([f"{first}: Thanks for your time today.", f"{second}: Sure, go ahead.",
                      f"{first}: How do you handle payroll now?", f"{second}: By hand, mostly."])
    conversation = read_conversation(text, input_format="plain")
    assert [t.speaker for t in conversation.turns] == [first, second, first, second]


@pytest.mark.parametrize("line", [
    "Fine. Thanks: that was it.",
    "so the thing is: we never hear from them.",
    "U.S. Bank: nothing special.",
])
def test_a_sentence_before_a_colon_is_still_not_a_label(line: str) -> None:
    text = f"Rep: Hello.\nClient: Hi.\n{line}\n{line}\nRep: Right."
    turns = read_conversation(text, input_format="plain").turns
    assert [t.speaker for t in turns] == ["Rep", "Client", "Rep"]


def test_a_person_who_speaks_once_beside_a_cast_is_a_speaker_too() -> None:
    text = ("Tuấn: Chào chị Hạnh.\nChị Hạnh: Chào em.\nTuấn: Kho bên chị để ở đâu ạ?\n"
            "Chị Hạnh: Lộc ơi, em nói anh ấy nghe.\nLộc: Dạ, kho ở Bình Dương anh.\n"
            "Tuấn: Dạ cảm ơn.\nChị Hạnh: Vậy nhé.\n")
    speakers = [t.speaker for t in read_conversation(text, input_format="plain").turns]
    assert speakers == ["Tuấn", "Chị Hạnh", "Tuấn", "Chị Hạnh", "Lộc", "Tuấn", "Chị Hạnh"]
