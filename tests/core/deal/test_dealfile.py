"""Reading, validating and writing deal files."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from displace.core.deal import (
    DealFileError,
    deal_from_dict,
    deal_to_dict,
    deal_to_toml,
    load_deal,
    parse_deal,
)
from tests.core.deal.builders import BILL, EXAMPLES, INSURANCE_VI, READY


def _bill() -> dict[str, object]:
    return tomllib.loads(BILL.read_text(encoding="utf-8"))


def test_it_loads_bills_deal_with_its_three_parties() -> None:
    deal = load_deal(BILL)
    assert deal.incumbent.name == "Giant National"
    assert deal.incumbent.tenure_years == 6
    assert deal.prospect.revenue_expected == 42_000_000
    assert deal.offer[0].capability == "credit-line-increase"
    assert deal.decision.willing == "unknown"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.stem)
def test_it_round_trips_every_example_through_toml(path: Path) -> None:
    deal = load_deal(path)
    again = parse_deal(deal_to_toml(deal), source=str(path))
    assert again == deal
    assert deal_from_dict(deal_to_dict(deal), source=str(path)) == deal


def test_it_reads_the_vietnamese_deal_with_diacritics_intact() -> None:
    deal = load_deal(INSURANCE_VI)
    assert deal.language == "vi"
    assert deal.gaps[0].evidence.stated_by == "Chị Hạnh"


def test_it_names_the_key_path_of_a_wrong_type() -> None:
    data = tomllib.loads(READY.read_text(encoding="utf-8"))
    data["gaps"][0]["evidence"]["quote"] = 42
    with pytest.raises(
        DealFileError, match=r"deal\.toml: gaps\[0\]\.evidence\.quote: expected a text"
    ):
        deal_from_dict(data, source="deal.toml")


def test_it_names_a_missing_key() -> None:
    data = _bill()
    del data["incumbent"]
    with pytest.raises(DealFileError, match="the top level: key 'incumbent' is missing"):
        deal_from_dict(data, source="deal.toml")


def test_it_names_an_unknown_key_and_the_expected_ones() -> None:
    data = _bill()
    data["decision"] = {"maker": "", "wiling": "yes"}
    with pytest.raises(
        DealFileError, match=r"decision: unknown key 'wiling'; expected one of .*willing"
    ):
        deal_from_dict(data, source="x.toml")


def test_it_rejects_an_unknown_schema_version() -> None:
    data = _bill()
    data["schema"] = "displace.deal/9"
    with pytest.raises(DealFileError, match=r"schema: expected 'displace\.deal/1'"):
        deal_from_dict(data)


def test_it_rejects_a_confidence_above_one() -> None:
    data = _bill()
    data["rep_confidence"] = 80
    with pytest.raises(DealFileError, match="rep_confidence: expected a number <= 1"):
        deal_from_dict(data)


def test_it_requires_a_gap_to_be_stated_by_a_prospect_contact() -> None:
    data = _bill()
    data["gaps"][0]["evidence"] = {"stated_by": "Bill", "quote": "We need more credit."}
    with pytest.raises(
        DealFileError,
        match=r"gaps\[0\]\.evidence\.stated_by: expected the name of a prospect contact \(Ray\)",
    ):
        deal_from_dict(data)


def test_it_rejects_duplicate_offer_ids() -> None:
    data = _bill()
    data["offer"][1]["id"] = data["offer"][0]["id"]
    with pytest.raises(DealFileError, match=r"offer\[1\]\.id: expected a unique id"):
        deal_from_dict(data)


def test_it_reports_a_toml_syntax_error_with_the_file() -> None:
    with pytest.raises(DealFileError, match=r"bad\.toml: not valid TOML"):
        parse_deal("schema = ", source="bad.toml")


def test_it_reports_a_missing_deal_file(tmp_path: Path) -> None:
    with pytest.raises(DealFileError, match="no such deal file"):
        load_deal(tmp_path / "nope.toml")


@pytest.mark.parametrize(("change", "message"), [
    ({"rep_confidence": float("nan")}, "rep_confidence: expected a finite number"),
    ({"prospect": {"name": "X", "industry": "sme-banking", "revenue_last_year": float("inf")}},
     r"prospect\.revenue_last_year: expected a finite number"),
    ({"prospect": {"name": "X", "industry": "sme-banking", "revenue_last_year": 1e308}},
     r"prospect\.revenue_last_year: expected a number <= 1,000,000,000,000,000,000"),
    ({"title": "x" * 30_000}, "title: expected at most 200 characters, found 30,000"),
    ({"gaps": [{"id": f"g{i}", "summary": "s"} for i in range(101)]},
     "gaps: expected at most 100 entries, found 101"),
    ({"incumbent": {"name": "N", "tenure_years": 5000}}, r"incumbent\.tenure_years"),
])
def test_it_refuses_a_value_beyond_its_limit_naming_the_key(
    change: dict[str, object], message: str
) -> None:
    data = {**_bill(), **change}
    with pytest.raises(DealFileError, match=message):
        deal_from_dict(data, source="deal.toml")


@pytest.mark.parametrize("nested", [
    "x = " + "[" * 5000 + "]" * 5000,
    "x = " + "{a=" * 5000 + "1" + "}" * 5000,
])
def test_it_refuses_a_deal_file_nested_five_thousand_deep_in_one_line(nested: str) -> None:
    with pytest.raises(DealFileError, match="nested too deeply") as caught:
        parse_deal(nested, source="deep.toml")
    assert "\n" not in str(caught.value)


def test_it_refuses_a_table_nested_deeper_than_the_limit() -> None:
    data: dict[str, object] = {"a": 1}
    for _ in range(20):
        data = {"a": data}
    with pytest.raises(DealFileError, match="nested more than 16 levels"):
        deal_from_dict({**_bill(), "prospect": data}, source="deal.toml")


def test_it_refuses_a_deal_file_over_the_size_limit_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text("# " + "x" * 1_000_001, encoding="utf-8")
    with pytest.raises(DealFileError, match="over the 1,000,000-byte limit"):
        load_deal(path)


def test_it_refuses_a_device_as_a_deal_file() -> None:
    with pytest.raises(DealFileError, match="not a regular file"):
        load_deal(Path("/dev/zero"))


@pytest.mark.parametrize(("change", "english", "vietnamese"), [
    ({"title": 42}, "deal.toml: title: expected a text, found number 42",
     "deal.toml: title: cần một đoạn văn bản, nhưng thấy số 42"),
    ({"title": "x" * 30_000}, "title: expected at most 200 characters, found 30,000",
     "title: tối đa 200 ký tự, nhưng có 30.000"),
    ({"decision": {"maker": "Nobody"}}, "expected the name of a prospect contact",
     "cần tên của một người liên hệ bên khách hàng"),
])
def test_it_says_what_the_deal_file_lacks_in_the_readers_language(
    change: dict[str, object], english: str, vietnamese: str
) -> None:
    with pytest.raises(DealFileError) as caught:
        deal_from_dict({**_bill(), **change}, source="deal.toml")
    assert english in str(caught.value)
    assert vietnamese in caught.value.in_language("vi")
    assert english in caught.value.in_language("en")


def test_it_names_the_top_level_in_vietnamese_too() -> None:
    data = _bill()
    del data["incumbent"]
    with pytest.raises(DealFileError) as caught:
        deal_from_dict(data, source="deal.toml")
    assert caught.value.in_language("vi") == "deal.toml: cấp ngoài cùng: thiếu khóa 'incumbent'"
    assert caught.value.key_path == "incumbent"
