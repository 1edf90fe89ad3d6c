"""Facts read from conversations: money in both languages' conventions, the incumbent, tenure."""

from __future__ import annotations

import pytest

from displace.core.coach.facts import parse_number, read_amounts, trim_name
from displace.core.coach.packs import builtin_pack
from tests.core.coach.conftest import analyse


@pytest.mark.parametrize(
    ("language", "text", "value", "currency"),
    [
        ("vi", "thêm 300.000 đô cho anh", 300_000, "USD"),
        ("vi", "năm ngoái đạt 30 triệu đô la", 30_000_000, "USD"),
        ("vi", "khoảng 2,5 tỷ đồng mỗi năm", 2_500_000_000, "VND"),
        ("vi", "phí 500.000 VND một tháng", 500_000, "VND"),
        ("en", "a budget of $25K for this", 25_000, "USD"),
        ("en", "about $1.2M in revenue", 1_200_000, "USD"),
        ("en", "roughly 25,000 USD a year", 25_000, "USD"),
        ("en", "maybe 42 million dollars", 42_000_000, "USD"),
    ],
)
def test_it_reads_money_the_way_each_language_writes_it(
    language: str, text: str, value: float, currency: str
) -> None:
    amounts = read_amounts(text, builtin_pack(language))
    assert [(a["value"], a["currency"]) for a in amounts] == [(value, currency)]


def test_it_does_not_read_plain_numbers_as_money() -> None:
    assert read_amounts("we have 12 branches since 1953", builtin_pack("en")) == []
    assert read_amounts("có 12 chi nhánh từ năm 1953", builtin_pack("vi")) == []


def test_a_separator_before_three_digits_groups_thousands() -> None:
    assert parse_number("300.000", "vi") == 300_000
    assert parse_number("300,000", "en") == 300_000
    assert parse_number("2,5", "vi") == 2.5
    assert parse_number("1.5", "en") == 1.5


def test_it_keeps_the_capitalised_words_of_a_name() -> None:
    assert trim_name("Giant National trong gần") == "Giant National"
    assert trim_name("Vận tải Bắc Nam hơn") == "Vận tải Bắc Nam"
    assert trim_name("Bank of Smithville for years") == "Bank of Smithville"
    assert trim_name("them for years") is None


def test_it_captures_the_incumbent_and_its_tenure_in_english() -> None:
    report = analyse(
        "Rep: Who do you bank with?\n"
        "Buyer: We bank with Harbor Trust, for ten years now, since they acquired our old bank.\n"
        "Rep: How is Harbor treating you?"
    )
    incumbent = report.facts["incumbent"]
    assert incumbent["name"] == "Harbor Trust"
    assert incumbent["tenure"]["years"] == 10
    assert incumbent["origin"].startswith("acquired our old bank")
    assert [f.turn_index for f in report.by_behaviour("incumbent-mention")] == [1, 2]


def test_it_names_the_incumbent_the_prospect_currently_uses() -> None:
    report = analyse(
        "Rep: Who runs your IT today?\n"
        "Buyer: We currently use Castlegate Networks for support, have done for nearly nine years."
    )
    incumbent = report.facts["incumbent"]
    assert incumbent["name"] == "Castlegate Networks"
    assert incumbent["tenure"]["years"] == 9


def test_it_names_the_incumbent_behind_what_the_prospect_buys_in_vietnamese() -> None:
    report = analyse(
        "Người bán: Hiện chị đang dùng phần mềm nào ạ?\n"
        "Khách hàng: Bên chị đang dùng hệ thống kế toán của Hưng Thịnh được khoảng tám năm rồi."
    )
    incumbent = report.facts["incumbent"]
    assert incumbent["name"] == "Hưng Thịnh"
    assert incumbent["tenure"]["years"] == 8


def test_a_lower_case_noun_after_the_verb_is_not_taken_for_a_name() -> None:
    report = analyse(
        "Người bán: Hiện chị đang dùng phần mềm nào ạ?\n"
        "Khách hàng: Bên chị đang dùng phần mềm kế toán tự viết từ lâu rồi."
    )
    assert report.facts["incumbent"] is None


def test_it_does_not_invent_an_incumbent() -> None:
    report = analyse("Rep: Hello, how are you?\nBuyer: Fine, thanks.")
    assert report.facts["incumbent"] is None
    assert not report.by_behaviour("incumbent-mention")


def test_a_name_typed_without_diacritics_counts_only_in_text_typed_without_them() -> None:
    report = analyse(
        "Người bán: Hiện tại anh chị đang làm với ngân hàng nào ạ?\n"
        "Khách hàng: Bên tôi làm với Ngân hàng Bình Minh gần 6 năm nay rồi.\n"
        "Người bán: Binh Minh co hay goi cho anh khong?\n"
        "Khách hàng: Binh Minh thì ít khi gọi lắm.\n"
        "Người bán: Dạ, Bình Minh có hỗ trợ gì thêm cho anh không?"
    )
    assert report.facts["incumbent"]["name"] == "Bình Minh"
    mentions = report.by_behaviour("incumbent-mention")
    assert [f.turn_index for f in mentions] == [1, 2, 4]
    assert [f.quote for f in mentions] == ["Bình Minh", "Binh Minh", "Bình Minh"]
