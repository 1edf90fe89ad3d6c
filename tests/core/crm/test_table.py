"""Reading CSV files as spreadsheets and CRMs write them, and refusing what is not one."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from displace.core.crm import CrmError, load_preset, map_rows, read_table
from displace.core.crm import table as table_module
from displace.core.errors import InputError
from tests.core.crm.conftest import table_of


def test_it_reads_excel_s_semicolons_bom_and_quoting_with_line_breaks() -> None:
    table = table_of("generic-excel-vi-semicolon.csv")
    assert (table.encoding, table.delimiter) == ("utf-8-sig", ";")
    assert table.headers[:3] == ("Mã", "Tên thương vụ", "Khách hàng")
    lines = [line for line, _ in table.rows]
    assert lines == [2, 3, 5, 6]  # the second deal's name runs over two lines
    names = [cells[1] for _, cells in table.rows]
    assert names[0] == 'Minh Phát - "tài khoản" thanh toán'
    assert names[1] == "Saigon Logistics\r\nkho bãi Bình Dương"


def test_it_reads_excel_s_unicode_text_as_utf16_with_tabs() -> None:
    table = table_of("generic-excel-unicode-text.txt")
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.rows[0][1][:2] == ("Minh Phát", "Công ty TNHH Minh Phát")


def test_it_reads_utf16_written_without_its_byte_order_mark() -> None:
    data = "Name\tAmount\r\nMinh Phát\t1.200\r\n".encode("utf-16-le")
    table = read_table(data, "x.txt")
    assert (table.encoding, table.delimiter) == ("utf-16-le", "\t")
    assert table.rows == ((2, ("Minh Phát", "1.200")),)


def test_it_reads_windows_1258_and_composes_its_tone_marks() -> None:
    table = table_of("generic-windows-1258.csv")
    assert table.encoding == "windows-1258"
    assert table.rows[0][1][0] == "Bảo hiểm tài sản"
    assert table.headers[0] == "Tên thương vụ"


def test_it_reads_windows_1252_from_a_salesforce_report() -> None:
    table = table_of("salesforce-opportunities.csv")
    assert table.encoding == "cp1252"
    assert table.rows[0][1][1] == "Société Générale Viet Nam"


def test_it_honours_excel_s_sep_line_and_counts_lines_after_it() -> None:
    data = b"sep=;\r\nName;Amount\r\nAcme;1.200,50\r\n"
    table = read_table(data, "x.csv")
    assert (table.delimiter, table.header_line, table.rows) == (
        ";", 2, ((3, ("Acme", "1.200,50")),))


def test_it_takes_the_delimiter_of_the_header_even_when_values_hold_commas() -> None:
    data = b"Name;Amount;Stage\nAcme;1.200,50;won\nBeta, Inc;3,5;lost\n"
    table = read_table(data, "x.csv")
    assert table.delimiter == ";"
    assert table.rows[1][1] == ("Beta, Inc", "3,5", "lost")


def test_a_single_column_file_reads_as_one_column() -> None:
    table = read_table(b"Name\nAcme\nBeta\n", "x.csv")
    assert table.headers == ("Name",) and len(table.rows) == 2


def test_it_pads_short_rows_trims_trailing_empty_cells_and_skips_blank_lines() -> None:
    data = b"Name,Amount,Stage\nAcme,1\n\n,,\nBeta,2,won,,\n"
    table = read_table(data, "x.csv")
    assert table.rows == ((2, ("Acme", "1", "")), (5, ("Beta", "2", "won")))
    assert table.ragged == ()


def test_it_reports_a_ragged_row_by_line_and_keeps_it_out_of_the_rows() -> None:
    data = b"Name,Amount\nAcme,1\nBeta,1,200\nGamma,3\n"
    table = read_table(data, "x.csv")
    assert [line for line, _ in table.rows] == [2, 4]
    assert table.ragged == ((3, 3),)
    mapped = map_rows(table, load_preset("generic"))
    assert mapped.total == 3
    assert [(e.line, e.field) for e in mapped.errors] == [(3, "")]
    assert "3 values where the header has 2 columns" in mapped.errors[0].message


def test_it_reports_a_nul_byte_by_line() -> None:
    with pytest.raises(InputError, match=r"deals\.csv: line 3 holds a NUL byte"):
        read_table(b"Name,Amount\nAcme,1\nBe\x00ta,2\n", "deals.csv")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00rest of a workbook", r"deals\.csv: this is an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", r"deals\.csv: this is an old Excel workbook"),
        (b"%PDF-1.7\n", r"deals\.csv: not a CSV file"),
        (bytes(range(1, 32)) * 20, r"deals\.csv: not a CSV file"),
        (b"", r"deals\.csv: the file is empty"),
        (b" \r\n\r\n", r"deals\.csv: the file is empty"),
        (b"\xef\xbb\xbf", r"deals\.csv: the file is empty"),
        (b",,,\r\n,,\r\n", r"deals\.csv: the file is empty"),
        (b"Record ID,Deal Name,Amount\r\n", r"deals\.csv: the file has column names but no deals"),
        (b"\xff\xfeN\x00\x00\xd8", r"deals\.csv: starts with a utf-16 byte-order mark"),
    ],
)
def test_it_refuses_a_file_that_is_not_a_csv_and_names_it(data: bytes, expected: str) -> None:
    with pytest.raises(InputError, match=expected):
        read_table(data, "deals.csv")


def test_it_refuses_bytes_no_encoding_reads() -> None:
    with pytest.raises(CrmError, match="not readable as UTF-8") as caught:
        read_table(b"Name\n\x81\x8d\x8f\x90\x9d\n", "deals.csv")
    assert "không đọc được" in caught.value.in_language("vi")


def test_it_speaks_vietnamese_when_asked() -> None:
    with pytest.raises(CrmError, match="sổ tính Excel"):
        read_table(b"PK\x03\x04", "deals.xlsx", language="vi")


def test_it_enforces_the_size_row_column_and_cell_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_module, "MAX_BYTES", 20)
    with pytest.raises(CrmError, match="over the 20-byte limit"):
        read_table(b"Name\n" + b"a" * 30, "x.csv")
    monkeypatch.setattr(table_module, "MAX_BYTES", 10**6)
    monkeypatch.setattr(table_module, "MAX_ROWS", 2)
    with pytest.raises(CrmError, match="more than 2 deals"):
        read_table(b"Name\na\nb\nc\n", "x.csv")
    monkeypatch.setattr(table_module, "MAX_COLUMNS", 2)
    with pytest.raises(CrmError, match="3 columns, over the limit of 2"):
        read_table(b"a,b,c\n1,2,3\n", "x.csv")
    monkeypatch.setattr(table_module, "MAX_CELL", 5)
    with pytest.raises(CrmError, match='line 3, column "b": longer than 5'):
        read_table(b"a,b\n1,2\n1,123456\n", "x.csv")


def test_it_refuses_a_cell_over_the_csv_module_s_own_field_limit() -> None:
    data = b'Name,Notes\nAcme,"' + b"x" * 200_000 + b'\n'
    with pytest.raises(CrmError, match="line 2 has a value longer than"):
        read_table(data, "x.csv")


def test_it_drops_stray_control_characters_from_cells() -> None:
    table = read_table(b"Name,Notes\nAcme\x0b Corp,ok\n", "x.csv")
    assert table.rows[0][1] == ("Acme Corp", "ok")


_PREFIXES = st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"sep=;\r\n",
                             b"Record ID,Deal Name,Amount,Deal Stage,Close Date\r\n"])
_CSVISH = st.lists(
    st.sampled_from([b",", b";", b"\t", b'"', b"\r\n", b"\n", b"1.200,5", b"2026-03-31",
                     b"closedwon", b"\xc3\xa9", b"\xe2\x82\xab", b"\x00", b"\xff", b"x" * 10,
                     b"03/04/2026", b"-5", b"USD", b"EUR"]),
    max_size=40,
).map(b"".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=_PREFIXES, body=st.one_of(st.binary(max_size=400), _CSVISH))
def test_no_bytes_make_the_reader_or_the_mapping_crash(prefix: bytes, body: bytes) -> None:
    try:
        table = read_table(prefix + body, "x.csv")
    except InputError:
        return
    for name in ("hubspot", "generic", "pipedrive"):
        mapped = map_rows(table, load_preset(name), language="vi")
        bad_lines = {error.line for error in mapped.errors}
        assert all(error.message for error in mapped.errors)
        assert not bad_lines & {row.line for row in mapped.rows}
        assert len(mapped.rows) <= mapped.total == len(table.rows) + len(table.ragged)


def test_western_text_in_windows_1252_is_not_taken_for_vietnamese() -> None:
    text = "Name,City\r\nAcme,São Paulo\r\nInformações,Reykjavík Þór\r\n"
    table = read_table(text.encode("cp1252"), "x.csv")
    assert table.encoding == "cp1252"
    assert table.rows[0][1] == ("Acme", "São Paulo")
    vietnamese = read_table("Name\r\nNgân hàng Đông Á\r\n".encode("cp1258"), "x.csv")
    assert vietnamese.encoding == "windows-1258"
    assert vietnamese.rows[0][1] == ("Ngân hàng Đông Á",)
