"""Roles from hints, the shipped table, and evidence."""

from __future__ import annotations

import pytest

from displace.core.errors import InputError
from displace.core.transcript import read_conversation, table_role


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


def test_a_speaker_nobody_can_place_is_other_with_advice() -> None:
    conv = read_conversation("Rep: Hi.\nClient: Hi.\nMai: Xin chào.\nMai: Tôi nghe.\n")
    assert conv.speakers["Mai"] == "other"
    assert conv.role_sources["Mai"] == "unknown"
    assert any("--incumbent 'Mai'" in w for w in conv.warnings)
