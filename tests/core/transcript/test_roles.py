"""Roles from hints, the shipped table, and evidence."""

from __future__ import annotations

import pytest

from displace.core.errors import InputError
from displace.core.transcript import read_conversation, table_role
from displace.core.transcript.evidence import seller_scores
from displace.core.transcript.roles import names_a_role


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Người bán", "seller"),
        ("nguoi ban", "seller"),
        ("NHÂN VIÊN KINH DOANH", "seller"),
        ("Telesales", "seller"),
        ("Account Executive", "seller"),
        ("KH", "prospect"),
        ("Khách hàng tiềm năng của Bill", "prospect"),
        ("Customer 2", "prospect"),
        ("Ngân hàng hiện tại", "incumbent"),
        ("Current supplier", "incumbent"),
    ],
)
def test_the_table_knows_common_labels_in_both_languages(label: str, role: str) -> None:
    assert table_role(label) == role


@pytest.mark.parametrize("label", ["Brian", "Khách sạn", "Repair", "Customer service desk"])
def test_the_table_does_not_guess_other_labels(label: str) -> None:
    assert table_role(label) is None


def test_a_hint_overrides_the_table_case_insensitively() -> None:
    conv = read_conversation(
        "Agent: We can offer a discount.\nCustomer: Ok.\n",
        role_hints={"agent": "incumbent", "CUSTOMER": "prospect"},
    )
    assert conv.speakers == {"Agent": "incumbent", "Customer": "prospect"}
    assert conv.role_sources == {"Agent": "hint", "Customer": "hint"}


def test_a_hint_for_a_missing_speaker_is_a_warning() -> None:
    conv = read_conversation("Rep: Hi.\nClient: Hi.\n", role_hints={"Bob": "seller"})
    assert any("no speaker is labelled 'Bob'" in w for w in conv.warnings)


def test_a_hint_with_an_unknown_role_is_an_input_error() -> None:
    with pytest.raises(InputError, match="must be one of"):
        read_conversation("Rep: Hi.\nClient: Hi.\n", role_hints={"Rep": "boss"})  # type: ignore[dict-item]


def test_evidence_picks_the_speaker_who_asks_and_offers() -> None:
    conv = read_conversation(
        "Brian: Chúng tôi có thể cung cấp hạn mức cao hơn. Anh đang dùng ngân hàng nào?\n"
        "Hoa: Vietinbank.\n"
        "Brian: Phí hiện tại thế nào?\n"
        "Hoa: Bình thường.\n"
    )
    assert conv.speakers == {"Brian": "seller", "Hoa": "prospect"}
    assert conv.role_sources == {"Brian": "evidence", "Hoa": "evidence"}
    assert sum("--seller LABEL / --prospect LABEL" in w for w in conv.warnings) == 2


@pytest.mark.parametrize(
    ("text", "seller", "prospect"),
    [
        (
            "Speaker 1: morning Sam so which carrier are you using at the moment\n"
            "Speaker 2: we've used Brightway Freight for a while\n"
            "Speaker 1: okay and how often do they review late loads with you\n"
            "Speaker 2: not really ever\n",
            "Speaker 1", "Speaker 2",
        ),
        (
            "Người 1: dạ hiện chị đang dùng ngân hàng nào ạ\n"
            "Người 2: bên chị dùng Đông Dương lâu rồi\n"
            "Người 1: lần gần nhất họ rà soát hạn mức với chị là khi nào ạ\n"
            "Người 2: lâu lắm rồi em\n",
            "Người 1", "Người 2",
        ),
    ],
    ids=["en", "vi"],
)
def test_evidence_reads_questions_without_question_marks(
    text: str, seller: str, prospect: str
) -> None:
    assert read_conversation(text).speakers == {seller: "seller", prospect: "prospect"}


def test_statements_without_question_marks_are_not_read_as_questions() -> None:
    scores = seller_scores({
        "Speaker 2": ["we've been with them for years and we know what we need",
                      "that is how it works for us"],
    })
    assert scores == {"Speaker 2": 0.0}


def test_a_pitch_to_firms_like_yours_counts_as_selling() -> None:
    scores = seller_scores({
        "A": ["We look after forty clients like you in the region."],
        "B": ["We look after forty clients in the region."],
    })
    assert scores["A"] > scores["B"] == 0.0


def test_a_speaker_nobody_can_place_is_other_with_advice() -> None:
    conv = read_conversation("Rep: Hi.\nClient: Hi.\nMai: Xin chào.\nMai: Tôi nghe.\n")
    assert conv.speakers["Mai"] == "other"
    assert conv.role_sources["Mai"] == "unknown"
    assert any("--incumbent 'Mai'" in w for w in conv.warnings)


def test_a_conversation_without_a_seller_says_so_once() -> None:
    from displace import analyze_conversation

    report = analyze_conversation("Mai: Xin chào.\nHoa: Chào chị.\n")
    about_seller = [w for w in report.warnings if "--seller LABEL" in w]
    assert len(about_seller) == 1
    assert "no speaker was recognised as the seller" in about_seller[0]


def test_a_job_title_in_brackets_after_a_name_keeps_the_label_a_speaker() -> None:
    conv = read_conversation(
        "Anh Khoa (Kinh doanh): Dạ em chào chị, hiện chị đang dùng ngân hàng nào ạ?\n"
        "Chị Hương (Giám đốc tài chính): Bên chị làm với Ngân hàng Thái Bình.\n"
        "Anh Khoa (Kinh doanh): Dạ vâng ạ.\n"
        "Chị Hương (Giám đốc tài chính): Ừ.\n"
    )
    assert conv.speakers == {
        "Anh Khoa (Kinh doanh)": "seller",
        "Chị Hương (Giám đốc tài chính)": "prospect",
    }
    assert conv.role_sources["Anh Khoa (Kinh doanh)"] == "table"  # the title says sales


def test_a_title_that_names_no_role_leaves_the_role_to_evidence() -> None:
    assert table_role("Jess (Sales)") == "seller"
    assert table_role("Tom (Ops Director)") is None


def test_with_the_seller_known_the_other_speakers_are_the_prospect_side() -> None:
    text = ("Speaker 1: How do you reconcile stock today? We can help with that.\n"
            "Speaker 2: Monthly, by hand.\nSpeaker 3: And it's always off.\n"
            "Speaker 1: What does a bad month cost you?\n")
    conv = read_conversation(text)
    assert conv.speakers == {"Speaker 1": "seller", "Speaker 2": "prospect",
                             "Speaker 3": "prospect"}


def test_a_speaker_who_names_the_seller_s_organisation_is_on_the_seller_s_side() -> None:
    text = ("Lan (Acme): How do you reconcile stock today? We can offer a weekly review.\n"
            "Mr. Binh: Monthly.\nHoa (Acme): We could also send you the report every Friday.\n"
            "Mr. Binh: Fine.\nLan (Acme): Who else looks at the counts?\n"
            "Hoa (Acme): And how often are they off?\nMr. Binh: Often.\n")
    conv = read_conversation(text)
    assert conv.speakers == {"Lan (Acme)": "seller", "Mr. Binh": "prospect",
                             "Hoa (Acme)": "seller"}


def test_a_role_word_beside_a_name_with_a_dash_names_the_role() -> None:
    conv = read_conversation("Sales - Hoa: Chào anh.\nAnh Tuấn: Chào em.\n")
    assert conv.speakers["Sales - Hoa"] == "seller"
    assert conv.role_sources["Sales - Hoa"] == "table"


@pytest.mark.parametrize(("label", "is_role"), [
    ("Khách hàng", True), ("Khach hang", True), ("KH 2", True), ("Prospect", True),
    ("Customer", True), ("Khách hàng của Bill", True), ("Rep", True),
    ("Mrs Lan", False), ("Anh Hoàng", False), ("Tom (Sales)", False), ("Dana", False),
])
def test_a_label_names_a_role_or_a_person(label: str, is_role: bool) -> None:
    assert names_a_role(label) is is_role


@pytest.mark.parametrize("introduction", [
    "Dạ em chào chị, em là Duy, bên Kế toán Sao Việt ạ.",
    "Dạ con chào chú, con là Tâm bên công ty phân bón Nông Phát nè chú.",
    "Hi, this is Maya, from Crestline Freight.",
])
def test_naming_ones_own_firm_counts_as_selling_with_a_comma_or_a_younger_pronoun(
    introduction: str,
) -> None:
    scores = seller_scores({"A": [introduction], "B": [introduction.split(",")[0]]})
    assert scores["A"] >= scores["B"] + 3.0
