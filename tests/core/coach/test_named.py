"""Rules that use the incumbent's name ("@incumbent") fire once the facts have read the name."""

from __future__ import annotations

from pathlib import Path

import pytest

from displace import RulePackError
from tests.core.coach.conftest import analyse, found

NAMED_EN = (
    "Rep: Who looks after your payroll today?\n"
    "Buyer: We work with Ledgerline Payroll, for six years now.\n"
)
NAMED_VI = (
    "Người bán: Hiện anh đang làm với đơn vị nào ạ?\n"
    "Khách hàng: Bên anh làm với Kế toán Phúc An gần bốn năm rồi.\n"
)


def test_speaking_ill_of_the_incumbent_by_name_is_badmouthing_in_english() -> None:
    text = NAMED_EN + "Rep: Ledgerline are hopeless with year-end filings.\nBuyer: Hmm."
    assert found(text, "badmouthing") == ["Ledgerline are hopeless"]


def test_naming_the_incumbent_without_ill_words_is_not_badmouthing_in_english() -> None:
    text = NAMED_EN + "Rep: Ledgerline have a big client base in retail.\nBuyer: Yes."
    assert found(text, "badmouthing") == []


def test_ill_words_about_something_else_are_not_badmouthing_in_english() -> None:
    text = NAMED_EN + "Rep: Spreadsheets are hopeless for year-end filings.\nBuyer: True."
    assert found(text, "badmouthing") == []


def test_a_counter_offer_reported_by_name_is_an_incumbent_counter_in_english() -> None:
    text = NAMED_EN + "Rep: Any news?\nBuyer: Ledgerline offered to match your fee yesterday."
    assert found(text, "incumbent-counter") == ["Ledgerline offered to match"]


def test_speaking_ill_of_the_incumbent_by_name_is_badmouthing_in_vietnamese() -> None:
    text = NAMED_VI + "Người bán: Phúc An làm ăn cẩu thả lắm anh ạ.\nKhách hàng: Vậy à."
    assert found(text, "badmouthing") == ["Phúc An làm ăn cẩu thả"]


def test_naming_the_incumbent_without_ill_words_is_not_badmouthing_in_vietnamese() -> None:
    text = NAMED_VI + "Người bán: Phúc An có nhiều khách hàng ở Hà Nội.\nKhách hàng: Đúng."
    assert found(text, "badmouthing") == []


def test_a_sentence_that_fired_on_a_pronoun_is_not_found_again_by_name() -> None:
    text = NAMED_EN + "Rep: They are hopeless, and Ledgerline are a mess too.\nBuyer: Hmm."
    assert found(text, "badmouthing") == ["They are hopeless"]


def test_a_vietnamese_name_is_recognised_by_its_last_two_words() -> None:
    report = analyse(NAMED_VI + "Người bán: Phúc An có gửi báo cáo cho anh không?\nKhách hàng: Có.")
    assert report.facts["incumbent"]["name"] == "Kế toán Phúc An"
    quotes = [f.quote for f in report.by_behaviour("incumbent-mention")]
    assert quotes == ["Kế toán Phúc An", "Phúc An"]


def test_an_unknown_placeholder_is_a_clear_error(tmp_path: Path) -> None:
    pack = tmp_path / "pack.toml"
    pack.write_text(
        'language = "en"\n[[rule]]\nid = "x"\nbehaviour = "stall"\nall = [["@rival"]]\n',
        encoding="utf-8",
    )
    with pytest.raises(RulePackError, match=r"unknown placeholder '@rival' \(known: @incumbent\)"):
        analyse("Rep: Hi.\nBuyer: Hi.", rules=[pack])
