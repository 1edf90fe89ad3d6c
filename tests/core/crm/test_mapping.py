"""Mapping rows through a preset: checked deals, per-row errors, overrides."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from displace.core.crm import CrmError, Table, load_preset, map_rows, read_table
from displace.core.crm.model import STAGES
from tests.core.crm.conftest import EXPORTS, table_of


@pytest.mark.parametrize(("name", "crm", "count"), EXPORTS)
def test_every_preset_maps_its_crm_s_export_fully(name: str, crm: str, count: int) -> None:
    mapped = map_rows(table_of(name), load_preset(crm))
    assert mapped.errors == ()
    assert len(mapped.rows) == mapped.total == count
    assert all(stage in STAGES for stage in mapped.stages.values())
    for field in ("name", "amount", "stage", "company"):
        assert mapped.columns[field] is not None, field


def test_it_reads_a_hubspot_export_s_labels_and_internal_stage_ids() -> None:
    mapped = map_rows(table_of("hubspot-deals.csv"), load_preset("hubspot"))
    first, second = mapped.rows[:2]
    assert (first.crm_id, first.name, first.amount, first.currency) == (
        "18437720591", "Greater Smithville - treasury services", Decimal(120000), "USD")
    assert (first.stage, first.crm_stage, first.close_date) == (
        "discovery", "Appointment Scheduled", date(2026, 3, 31))
    assert (first.owner, second.owner) == ("Bill Lang", "bill.lang@example.com")
    assert (second.stage, second.crm_stage, second.amount) == (
        "gap", "qualifiedtobuy", Decimal(1_250_000_000))
    assert [row.stage for row in mapped.rows] == [
        "discovery", "gap", "vision", "commitment", "proposal", "won", "lost", "discovery"]
    last = mapped.rows[-1]
    assert (last.amount, last.currency, last.close_date, last.owner) == (None, "", None, "")


def test_it_prefers_salesforce_s_owner_email_and_reads_its_competitor() -> None:
    mapped = map_rows(table_of("salesforce-opportunities.csv"), load_preset("salesforce"))
    assert mapped.columns["owner"] == "Owner Email"
    assert mapped.columns["incumbent"] == "Main Competitor(s)"
    first = mapped.rows[0]
    assert (first.owner, first.incumbent, first.amount, first.close_date) == (
        "bill.lang@example.com", "Giant National", Decimal("150000.00"), date(2026, 3, 31))
    assert mapped.rows[2].amount == Decimal(2_500_000_000) and mapped.rows[2].currency == "VND"


def test_pipedrive_s_status_decides_won_and_lost() -> None:
    mapped = map_rows(table_of("pipedrive-deals.csv"), load_preset("pipedrive"))
    by_id = {row.crm_id: row for row in mapped.rows}
    assert (by_id["106"].stage, by_id["106"].crm_stage) == ("won", "Negotiations Started")
    assert (by_id["107"].stage, by_id["107"].crm_stage) == ("lost", "Proposal Made")
    assert by_id["105"].stage == "proposal"
    assert mapped.columns["status"] == "Deal - Status"


def test_a_vietnamese_spreadsheet_maps_with_the_generic_preset() -> None:
    mapped = map_rows(table_of("generic-excel-vi-semicolon.csv"), load_preset("generic"))
    rows = {row.crm_id: row for row in mapped.rows}
    assert rows["VN-002"].amount == Decimal("3400000000.50")
    assert rows["VN-002"].owner == "ruth@example.com"  # "Ruth Okafor <Ruth@Example.com>"
    assert rows["VN-002"].close_date == date(2026, 4, 15)
    assert (rows["VN-003"].currency, rows["VN-003"].amount) == ("VND", Decimal(780_000_000))
    assert rows["VN-004"].amount == Decimal(240_000)  # "240.000" in a column with ",50"
    assert (rows["VN-001"].incumbent, rows["VN-001"].industry) == ("Vietcombank", "sme-banking")
    assert mapped.stages == {"Tìm hiểu": "discovery", "Khoảng trống": "gap", "Đề xuất": "proposal",
                             "Thắng": "won"}


def _table(*rows: str, header: str = "Record ID,Deal Name,Amount,Currency,Deal Stage,Close Date"
           ) -> Table:
    return read_table("\n".join((header, *rows)).encode(), "deals.csv")


def test_an_unknown_stage_is_an_error_on_each_row_until_it_is_mapped() -> None:
    table = _table("1,A,1,USD,Verbal yes,", "2,B,1,USD,verbal  YES,", "3,C,1,USD,closedwon,")
    mapped = map_rows(table, load_preset("hubspot"))
    assert mapped.stages == {"Verbal yes": None, "closedwon": "won"}
    assert [(e.line, e.field, e.value) for e in mapped.errors] == [
        (2, "stage", "Verbal yes"), (3, "stage", "verbal  YES")]
    assert [row.crm_id for row in mapped.rows] == ["3"]
    mapped = map_rows(table, load_preset("hubspot"), stages={"Verbal Yes": "commitment"})
    assert mapped.errors == ()
    assert [row.stage for row in mapped.rows] == ["commitment", "commitment", "won"]
    assert mapped.stages["Verbal yes"] == "commitment"


def test_a_stage_override_replaces_the_preset_s_mapping() -> None:
    table = _table("1,A,1,USD,Contract Sent,")
    mapped = map_rows(table, load_preset("hubspot"), stages={"contractsent": "commitment"})
    assert mapped.rows[0].stage == "commitment"
    with pytest.raises(CrmError, match='"maybe", which is not a Displace stage'):
        map_rows(table, load_preset("hubspot"), stages={"contractsent": "maybe"})


def test_a_currency_other_than_vnd_or_usd_is_refused() -> None:
    mapped = map_rows(_table("1,A,100,EUR,closedwon,", "2,B,€100,,closedwon,",
                             "3,C,$100,VND,closedwon,", "4,D,100,usd,closedwon,"),
                      load_preset("hubspot"))
    assert [(e.line, e.field) for e in mapped.errors] == [
        (2, "currency"), (3, "currency"), (4, "currency")]
    assert "EUR is not supported" in mapped.errors[0].message
    assert "written in USD" in mapped.errors[2].message
    assert mapped.rows[0].currency == "USD"


def test_a_duplicate_record_id_is_an_error_on_the_second_row() -> None:
    mapped = map_rows(_table("7,A,1,USD,closedwon,", "8,B,1,USD,closedwon,",
                             "7,C,1,USD,closedwon,", ",D,1,USD,closedwon,",
                             ",d,1,USD,closedwon,"),
                      load_preset("hubspot"))
    assert [(e.line, e.field, e.message) for e in mapped.errors] == [
        (4, "crm_id", "the same record id as line 2."),
        (6, "name", "the same deal name as line 5, and no record id to tell them apart.")]
    assert [(row.crm_id, row.name) for row in mapped.rows] == [("7", "A"), ("8", "B"), ("", "D")]


def test_without_an_id_column_rows_match_by_name_and_a_repeated_name_is_an_error() -> None:
    table = _table("Acme,1", "Beta,2", " acme ,3", header="Name,Amount")
    mapped = map_rows(table, load_preset("generic"))
    assert mapped.columns["crm_id"] is None
    assert [row.crm_id for row in mapped.rows] == ["", ""]
    assert [(e.line, e.field) for e in mapped.errors] == [(4, "name")]
    assert "same deal name as line 2" in mapped.errors[0].message


def test_amounts_dates_and_texts_are_checked_row_by_row() -> None:
    mapped = map_rows(_table(
        "1,A,-5,USD,closedwon,", "2,B,12.345,USD,closedwon,",
        "3,C,1.5.5,USD,closedwon,", "4,D,1,USD,closedwon,soon",
        "5,,1,USD,closedwon,", "6,E,1,USD,,", "7,F,99999999999999999,USD,closedwon,",
        f"8,{'x' * 201},1,USD,closedwon,",
    ), load_preset("hubspot"))
    assert [(e.line, e.field) for e in mapped.errors] == [
        (2, "amount"), (4, "amount"), (5, "close_date"), (6, "name"), (7, "stage"),
        (8, "amount"), (9, "name")]
    messages = [e.message for e in mapped.errors]
    assert "cannot be negative" in messages[0]
    assert "over the largest deal value" in messages[5]
    assert "201 characters, over the limit of 200" in messages[6]
    assert mapped.rows[0].amount == Decimal(12345)
    mapped = map_rows(_table('9,G,"1,234.567",USD,closedwon,', "10,H,12.345,USD,closedwon,"),
                      load_preset("hubspot"))
    # The column shows "." as its decimal mark, so 12.345 could be 12345 or 12.345.
    assert [(e.line, e.field) for e in mapped.errors] == [(2, "amount"), (3, "amount")]
    assert "more than 2 decimals" in mapped.errors[0].message
    assert "ambiguous" in mapped.errors[1].message


def test_a_day_first_column_decides_its_ambiguous_dates() -> None:
    mapped = map_rows(_table("1,A,1,USD,closedwon,31/03/2026", "2,B,1,USD,closedwon,03/04/2026"),
                      load_preset("hubspot"))
    assert [row.close_date for row in mapped.rows] == [date(2026, 3, 31), date(2026, 4, 3)]
    mapped = map_rows(_table("1,A,1,USD,closedwon,03/04/2026"), load_preset("hubspot"))
    assert mapped.errors[0].field == "close_date" and "ambiguous" in mapped.errors[0].message


def test_a_file_without_a_name_column_says_which_names_it_expected() -> None:
    table = _table("1,2", header="Foo,Bar")
    mapped = map_rows(table, load_preset("hubspot"))
    assert mapped.rows == () and mapped.total == 1
    assert [(e.line, e.field) for e in mapped.errors] == [(1, "name")]
    assert "Deal Name" in mapped.errors[0].message


def test_columns_can_be_chosen_by_hand_or_left_out() -> None:
    table = _table("Acme,Acme Corp,7", header="Title,Client,Ref")
    mapped = map_rows(table, load_preset("generic"),
                      columns={"company": "client", "crm_id": "Ref", "name": "Title"})
    assert mapped.columns["company"] == "Client" and mapped.columns["crm_id"] == "Ref"
    assert (mapped.rows[0].company, mapped.rows[0].crm_id) == ("Acme Corp", "7")
    mapped = map_rows(table, load_preset("generic"), columns={"crm_id": ""})
    assert mapped.columns["crm_id"] is None and mapped.rows[0].crm_id == ""
    with pytest.raises(CrmError, match='no column "Nope"'):
        map_rows(table, load_preset("generic"), columns={"name": "Nope"})
    with pytest.raises(CrmError, match='unknown field "probability"'):
        map_rows(table, load_preset("generic"), columns={"probability": "Ref"})


def test_a_header_is_used_for_one_field_only() -> None:
    # "Name" is both generic's deal name and one of its owner names: the name takes it.
    mapped = map_rows(_table("Acme,Bill", header="Name,Owner"), load_preset("generic"))
    assert (mapped.columns["name"], mapped.columns["owner"]) == ("Name", "Owner")


def test_row_errors_speak_vietnamese_when_asked() -> None:
    mapped = map_rows(_table("1,A,abc,USD,Verbal yes,", "1,B,1,EUR,closedwon,"),
                      load_preset("hubspot"), language="vi")
    messages = [e.message for e in mapped.errors]
    assert '"abc" không phải số tiền' in messages[0]
    assert "giai đoạn chưa có trong bảng ánh xạ" in messages[1]
    assert "trùng mã bản ghi với dòng 2" in messages[2]
    assert "không hỗ trợ tiền tệ EUR" in messages[3]


def test_a_formula_guard_written_on_export_is_removed_on_import() -> None:
    mapped = map_rows(_table("'=1+1,'+Acme,1,USD,closedwon,", "'x,O'=Brien,1,USD,closedwon,",
                             "'''@y,''@z,1,USD,closedwon,"), load_preset("hubspot"))
    assert [(row.crm_id, row.name) for row in mapped.rows] == [
        ("=1+1", "+Acme"), ("'x", "O'=Brien"), ("''@y", "'@z")]
