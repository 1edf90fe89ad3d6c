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
