"""Reading a CSV file as spreadsheets and CRMs write it into a Table.

Encodings: UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's "Unicode text",
tab-separated), Windows-1258 (Vietnamese) and Windows-1252. Delimiters: comma, semicolon
(Excel in a language whose decimal mark is a comma) or tab, with Excel's `sep=;` first line
honoured. Quoting as Excel writes it: doubled quotes, delimiters and line breaks inside quotes.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata

from displace.core.crm.messages import CrmError
from displace.core.crm.model import Table
from displace.core.limits import limit

__all__ = ["DELIMITERS", "read_table"]

DELIMITERS = (",", ";", "\t")

MAX_BYTES = limit("crm.bytes")
MAX_ROWS = limit("crm.rows")
MAX_COLUMNS = limit("crm.columns")
MAX_CELL = limit("crm.cell")

# The first bytes of files that people pick instead of the CSV.
_MAGIC = (
    (b"PK\x03\x04", "file.xlsx"),
    (b"\xd0\xcf\x11\xe0", "file.xls"),
    (b"%PDF", "file.binary"),
    (b"\x1f\x8b", "file.binary"),
)
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SEP_LINE = re.compile(r"\ufeff?sep=([,;\t|])[ \t]*\r?\n", re.IGNORECASE)
# What only Vietnamese text read as Windows-1258 shows where Windows-1252 shows Western letters
# (Ð Õ Ý Ì Ò Þ ì ò): đ, ơ, ư and the tone marks Windows-1258 writes apart. (Its ă is Western
# ã, as common in Portuguese as in Vietnamese, so it is no evidence.)
_CP1258_EVIDENCE = frozenset("ĐđƠơƯư\u0300\u0301\u0303\u0309\u0323")
_VI_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


def read_table(data: bytes, name: str, *, language: str = "en") -> Table:
    """The header and rows of the CSV file `data` (called `name` in messages).

    CrmError (an InputError) naming the file, and the line where there is one, for a file
    that is too large, empty, not a CSV (a workbook, a PDF, binary) or not readable text.
    """
    if len(data) > MAX_BYTES:
        raise CrmError("file.too_large", language, name=name, size=f"{len(data):,}",
                       limit=f"{MAX_BYTES:,}")
    for magic, key in _MAGIC:
        if data.startswith(magic):
            raise CrmError(key, language, name=name)
    text, encoding = _decode(data, name, language)
    text = _check_text(text, name, language)
    offset = 0
    sep_line = _SEP_LINE.match(text)
    if sep_line:
        delimiter, text, offset = sep_line.group(1), text[sep_line.end():], 1
        if delimiter not in DELIMITERS:
            delimiter = _delimiter(text)
    else:
        delimiter = _delimiter(text)
    header_line, headers, rows, ragged = _rows(text, delimiter, offset, name, language)
    return Table(headers, rows, encoding, delimiter, ragged, header_line)


def _decode(data: bytes, name: str, language: str) -> tuple[str, str]:
    """The text of `data` and the encoding it was read with."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise CrmError("file.bad_bytes", language, name=name, encoding=encoding,
                               offset=exc.start) from None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    vietnamese = data.decode("cp1258", errors="replace")
    if "\ufffd" not in vietnamese and _looks_vietnamese(vietnamese):
        return vietnamese, "windows-1258"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise CrmError("file.undecodable", language, name=name,
                       byte=f"0x{data[utf8_error.start]:02x}", offset=utf8_error.start) from None


def _looks_vietnamese(text: str) -> bool:
    """Whether Windows-1258 text is Vietnamese: its own letters or tone marks, and nine in ten
    of its other letters Vietnamese too (a German ü or a Portuguese ç says Windows-1252)."""
    if not _CP1258_EVIDENCE.intersection(text):
        return False
    letters = [ch for ch in unicodedata.normalize("NFC", text) if ord(ch) > 127 and ch.isalpha()]
    vietnamese = sum(1 for ch in letters if _is_vietnamese_letter(ch))
    return vietnamese >= 0.9 * len(letters)


def _is_vietnamese_letter(ch: str) -> bool:
    if ch in "đĐ":
        return True
    decomposed = unicodedata.normalize("NFD", ch)
    marks = set(decomposed[1:])
    return decomposed[0].isascii() and bool(marks) and marks <= _VI_MARKS


def _utf16_without_bom(data: bytes) -> str | None:
    """utf-16-le or -be when the file looks like UTF-16 text written without its mark."""
    head = data[:400]
    if len(head) < 4 or len(head) % 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd > 0.9 * half and even == 0:
        return "utf-16-le"
    if even > 0.9 * half and odd == 0:
        return "utf-16-be"
    return None


def _check_text(text: str, name: str, language: str) -> str:
    """NFC text without stray control characters; CrmError for NUL bytes or a binary file."""
    text = text.lstrip("\ufeff")
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise CrmError("file.nul", language, name=name, line=line)
    if not text.strip():
        raise CrmError("file.empty", language, name=name)
    head = text[:4096]
    controls = len(_CONTROL.findall(head))
    if controls > 8 and controls > 0.02 * len(head):
        raise CrmError("file.binary", language, name=name)
    if controls or _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def _delimiter(text: str) -> str:
    """The delimiter: the only one in the header line, else csv.Sniffer's choice of , ; tab."""
    header = _first_line(text)
    counts = {d: _count_outside_quotes(header, d) for d in DELIMITERS}
    present = [d for d in DELIMITERS if counts[d]]
    if len(present) <= 1:
        return present[0] if present else ","
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = ""
    return sniffed if counts.get(sniffed) else max(present, key=lambda d: counts[d])


def _first_line(text: str) -> str:
    for line in text.split("\n", 20)[:20]:
        if line.strip():
            return line
    return ""


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


def _rows(
    text: str, delimiter: str, offset: int, name: str, language: str
) -> tuple[
    int, tuple[str, ...], tuple[tuple[int, tuple[str, ...]], ...], tuple[tuple[int, int], ...]
]:
    """The header's line, the header, the rows with their first line's number, the ragged."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: tuple[str, ...] | None = None
    header_line = 1 + offset
    rows: list[tuple[int, tuple[str, ...]]] = []
    ragged: list[tuple[int, int]] = []
    previous = 0
    try:
        for record in reader:
            line, previous = previous + 1 + offset, reader.line_num
            cells = [cell.strip() for cell in record]
            if not any(cells):
                continue
            _check_cells(cells, headers, line, name, language)
            if headers is None:
                headers, header_line = _headers(cells, name, language), line
                continue
            if len(rows) + len(ragged) >= MAX_ROWS:
                raise CrmError("file.too_many_rows", language, name=name, limit=f"{MAX_ROWS:,}")
            width = len(headers)
            if len(cells) > width:
                while len(cells) > width and not cells[-1]:
                    cells.pop()
                if len(cells) > width:
                    ragged.append((line, len(cells)))
                    continue
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            rows.append((line, tuple(cells)))
    except csv.Error as exc:
        line = reader.line_num + offset
        if "field limit" in str(exc):
            raise CrmError("file.cell_too_long", language, name=name, line=line,
                           limit=f"{MAX_CELL:,}") from None
        raise CrmError("file.bad_csv", language, name=name, line=line, reason=str(exc)) from None
    if headers is None:
        raise CrmError("file.empty", language, name=name)
    if not rows and not ragged:
        raise CrmError("file.header_only", language, name=name)
    return header_line, headers, tuple(rows), tuple(ragged)


def _check_cells(
    cells: list[str], headers: tuple[str, ...] | None, line: int, name: str, language: str
) -> None:
    if max(map(len, cells)) <= MAX_CELL:
        return
    for index, cell in enumerate(cells):
        if len(cell) > MAX_CELL:
            column = headers[index] if headers and index < len(headers) else str(index + 1)
            raise CrmError("file.cell_too_long_in", language, name=name, line=line,
                           column=column, limit=f"{MAX_CELL:,}")


def _headers(cells: list[str], name: str, language: str) -> tuple[str, ...]:
    if len(cells) > MAX_COLUMNS:
        raise CrmError("file.too_many_columns", language, name=name, columns=f"{len(cells):,}",
                       limit=f"{MAX_COLUMNS:,}")
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)
