"""Inline dialogue inside paragraphs, with narration running on after turns."""

from __future__ import annotations

from displace.core.transcript import read_conversation

_STORY_VI = (
    "Chị Lan là trưởng phòng mua hàng của công ty Hoà Bình. Cuộc gọi diễn ra như sau: "
    "Nhân viên kinh doanh: Chào chị Lan, em là Minh. Chị có vài phút không? "
    "Khách hàng: Được, em nói đi Minh à. Nhân viên kinh doanh: Bên chị đang dùng phần mềm "
    "kế toán nào ạ? Khách hàng: Chúng tôi dùng MISA đã ba năm. Minh ghi lại thông tin và "
    "hẹn gọi lại. Vài ngày sau, Minh gửi báo giá qua email.\n"
    "  2. Nhân viên kinh doanh: Chị đã xem báo giá chưa ạ? Khách hàng: Tôi xem rồi, để tôi "
    "bàn với\n"
    "  3. giám đốc đã.\n"
)

_STORY_EN = (
    "Dana runs operations at Northwind. Sam: Hi Dana, thanks for taking the call. How are "
    "things? Dana: Busy, Sam. Our current supplier keeps missing delivery dates. Sam: How "
    "often does that happen? Dana: Twice a month. Sam took notes and promised a proposal. "
    "The next day, Sam emailed a draft. Sam: Did you get my draft? Dana: I did, thanks.\n"
)


def test_it_splits_turns_inside_a_paragraph() -> None:
    conv = read_conversation(_STORY_VI)
    assert conv.input_format == "inline"
    assert [t.role for t in conv.turns[:4]] == ["seller", "prospect", "seller", "prospect"]
    assert conv.turns[0].text == "Chào chị Lan, em là Minh. Chị có vài phút không?"


def test_narration_after_a_turn_is_cut_and_reported() -> None:
    conv = read_conversation(_STORY_VI)
    answer = conv.turns[3]
    assert answer.text == "Chúng tôi dùng MISA đã ba năm."
    span = next(n for n in conv.narration if n.after_turn == 3)
    assert span.text.startswith("Minh ghi lại")
    assert "Vài ngày sau" in span.text


def test_pages_are_joined_and_their_numbers_dropped() -> None:
    conv = read_conversation(_STORY_VI)
    assert conv.turns[-1].text == "Tôi xem rồi, để tôi bàn với giám đốc đã."
    assert conv.turns[-1].line == 2


def test_text_before_the_first_label_is_reported_as_narration() -> None:
    conv = read_conversation(_STORY_VI)
    assert conv.narration[0].after_turn is None
    assert conv.narration[0].text.startswith("Chị Lan là trưởng phòng")


def test_recurring_names_are_labels_and_third_person_mentions_are_narration() -> None:
    conv = read_conversation(_STORY_EN)
    assert conv.input_format == "inline"
    assert [t.speaker for t in conv.turns] == ["Sam", "Dana", "Sam", "Dana", "Sam", "Dana"]
    assert conv.turns[3].text == "Twice a month."
    assert any(n.text.startswith("Sam took notes") for n in conv.narration)


def test_names_guess_roles_by_evidence_with_a_warning() -> None:
    conv = read_conversation(_STORY_EN)
    assert conv.speakers == {"Sam": "seller", "Dana": "prospect"}
    assert conv.role_sources == {"Sam": "evidence", "Dana": "evidence"}
    assert any("--seller" in w for w in conv.warnings)


def test_a_heading_in_capitals_ends_a_turn() -> None:
    text = (
        "Khách hàng: Tôi sẽ suy nghĩ thêm. Người bán: Vâng, cảm ơn anh. "
        "NHỮNG BÀI HỌC RÚT RA Người bán đã không hỏi thêm. Khách hàng: Chào anh.\n"
    )
    conv = read_conversation(text, input_format="inline")
    assert conv.turns[1].text == "Vâng, cảm ơn anh."
    assert conv.narration[0].text.startswith("NHỮNG BÀI HỌC")


def test_a_paragraph_of_narration_between_turns_is_narration() -> None:
    conv = read_conversation(
        "Rep: Hello there, how are you.\n\n"
        "Then he paused and looked out of the window.\n\n"
        "Client: Fine thanks, and you.\n\nRep: Good.\n",
        input_format="inline",
    )
    assert [(t.speaker, t.text) for t in conv.turns] == [
        ("Rep", "Hello there, how are you."),
        ("Client", "Fine thanks, and you."),
        ("Rep", "Good."),
    ]
    assert [(n.text, n.after_turn) for n in conv.narration] == [
        ("Then he paused and looked out of the window.", 0)
    ]
