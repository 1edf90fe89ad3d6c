"""The reasons a deal closes with: the shipped list, a team's own, and a broken one refused
with its line and key in English or Vietnamese."""

from __future__ import annotations

import pytest

from displace.core.outcomes import (
    NOT_RECORDED,
    OUTCOMES,
    ReasonsError,
    parse_reasons,
    shipped_reasons,
    shipped_reasons_text,
)

GOOD = """schema = "displace.reasons/1"
[[won]]
code = "faster-payroll"
en = "Payroll ran faster with us"
vi = "Trả lương nhanh hơn với chúng ta"
[[lost]]
code = "bank-matched-rate"
en = "The bank matched our rate"
vi = "Ngân hàng đưa lãi suất bằng chúng ta"
[[no_decision]]
code = "board-froze-spending"
en = "The board froze spending"
vi = "Hội đồng quản trị ngừng chi tiêu"
"""


def test_the_shipped_list_has_the_method_s_reasons_for_every_outcome() -> None:
    reasons = shipped_reasons()
    assert all(reasons.of(outcome) for outcome in OUTCOMES)
    assert reasons.find("won", "gap-incumbent-could-not-close") is not None
    assert reasons.find("lost", "incumbent-matched-price") is not None
    assert reasons.find("no_decision", "status-quo-no-budget") is not None
    assert all(r.en and r.vi and r.en != r.vi for r in reasons.reasons)


def test_a_reason_belongs_to_its_outcome_and_not_recorded_to_every_one() -> None:
    reasons = parse_reasons(GOOD)
    assert reasons.find("lost", "bank-matched-rate") is not None
    assert reasons.find("won", "bank-matched-rate") is None
    assert reasons.find("maybe", NOT_RECORDED) is None
    for outcome in OUTCOMES:
        found = reasons.find(outcome, NOT_RECORDED)
        assert found is not None and (found.en, found.vi) == ("Not recorded", "Không ghi nhận")
        assert found not in reasons.of(outcome)


def test_labels_follow_the_language_and_a_retired_code_shows_as_itself() -> None:
    reasons = parse_reasons(GOOD)
    assert reasons.label("lost", "bank-matched-rate", "vi") == (
        "Ngân hàng đưa lãi suất bằng chúng ta")
    assert reasons.label("lost", "bank-matched-rate", "en") == "The bank matched our rate"
    assert reasons.label("lost", "retired-code", "en") == "retired-code"


@pytest.mark.parametrize(("text", "english", "vietnamese"), [
    ("schema = 1", 'expected schema = "displace.reasons/1"', "dòng đầu tệp phải có schema"),
    ("[[won", "not valid TOML", "không đúng định dạng TOML"),
    (GOOD + "[[maybe]]\n", 'unknown key "maybe"', 'khoá "maybe" không hợp lệ'),
    (GOOD.split("[[no_decision]]")[0], "no [[no_decision]] reason",
     "chưa có lý do [[no_decision]]"),
    (GOOD.replace('code = "bank-matched-rate"', 'code = "Bank rate"'),
     'line 6: [[lost]] number 1: code "Bank rate": expected lower-case words',
     'dòng 6: [[lost]] thứ 1: mã "Bank rate"'),
    (GOOD.replace('code = "bank-matched-rate"', 'code = "not-recorded"'),
     "is built in", "đã có sẵn"),
    (GOOD.replace('en = "The board froze spending"\n', ""),
     'line 10: [[no_decision]] number 1: "en" is missing', "thiếu \"en\""),
    (GOOD.replace('vi = "Trả lương nhanh hơn với chúng ta"', 'vi = ""'),
     "(faster-payroll): vi should be a text of 1 to 200 characters", "vi phải là"),
    (GOOD.replace('en = "The bank matched our rate"', 'en = "The bank"\nwhy = "x"'),
     'unknown key "why"; expected code, en and vi', 'khoá "why" không hợp lệ'),
    (GOOD + '[[lost]]\ncode = "bank-matched-rate"\nen = "a"\nvi = "b"\n',
     'code "bank-matched-rate" is used twice', "bị dùng hai lần"),
    ('schema = "displace.reasons/1"\nwon = "x"\n', "should be written as [[won]] tables",
     "phải được viết thành các bảng [[won]]"),
    ("x" * 200_001, "over the 200,000-byte limit", "vượt giới hạn"),
])
def test_a_broken_list_says_where_and_what_in_either_language(
    text: str, english: str, vietnamese: str
) -> None:
    with pytest.raises(ReasonsError) as raised:
        parse_reasons(text, source="team.toml")
    message = str(raised.value)
    assert message.startswith("team.toml") and english in message
    assert vietnamese in raised.value.in_language("vi")
    with pytest.raises(ReasonsError) as in_vietnamese:
        parse_reasons(text, source="team.toml", language="vi")
    assert vietnamese in str(in_vietnamese.value)


def test_too_many_reasons_for_one_outcome_are_refused() -> None:
    many = "".join(f'[[won]]\ncode = "r{i}"\nen = "R{i}"\nvi = "L{i}"\n' for i in range(51))
    with pytest.raises(ReasonsError, match=r"more than 50 \[\[won\]\] reasons"):
        parse_reasons('schema = "displace.reasons/1"\n' + many + GOOD.split("\n", 1)[1])


def test_the_shipped_file_is_its_own_best_example() -> None:
    text = shipped_reasons_text()
    assert text.startswith("# Why a deal closed") and parse_reasons(text) == shipped_reasons()
