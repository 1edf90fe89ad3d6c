"""Mapping a table's rows through a preset into checked deals and per-row errors."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from displace.core.crm.messages import CrmError, message
from displace.core.crm.model import (
    CURRENCIES,
    FIELDS,
    STAGES,
    CrmRow,
    Mapped,
    Preset,
    RowError,
    Table,
)
from displace.core.crm.presets import OPEN
from displace.core.crm.values import (
    amount_decimal_mark,
    date_day_first,
    fold_name,
    normalise_currency,
    parse_amount,
    parse_date,
    split_currency,
)
from displace.core.limits import MAX_DEAL_VALUE, limit

__all__ = ["TEXT_LIMITS", "find_columns", "map_rows"]

# The longest text each field may hold: what the deal's own columns and deal file accept.
TEXT_LIMITS = {
    "crm_id": limit("crm.id"),
    "name": limit("deal.short_text"),
    "company": limit("deal.short_text"),
    "incumbent": 160,  # a competitor's name (docs/limits.md)
    "industry": 80,
    "owner": 254,  # the longest e-mail address
}
_CENT = Decimal("0.01")
_EMAIL = re.compile(r"[^\s<>@,;\"]+@[^\s<>@,;\"]+\.[^\s<>@,;\"]+")
# A cell a spreadsheet would run as a formula is written with a leading apostrophe on export.
_FORMULA = re.compile(r"^'(?='*[=+\-@])")

# Records a RowError for a field of the row being read: fail(field, message_key, **values).
_Fail = Callable[..., None]


def map_rows(
    table: Table,
    preset: Preset,
    *,
    columns: Mapping[str, str] | None = None,
    stages: Mapping[str, str] | None = None,
    language: str = "en",
) -> Mapped:
    """The table's rows as deals, mapped through `preset`, with every problem by line.

    `columns` overrides field -> header ("" for none); `stages` overrides or extends the
    preset's stage table (a CRM stage as written -> a Displace stage); `language` (en or vi)
    is the messages'. CrmError (an InputError) for a column or stage override that does not
    exist.
    """
    found = find_columns(table, preset, columns, language=language)
    stage_table = {**preset.stages, **_stage_overrides(stages, language)}
    total = len(table.rows) + len(table.ragged)
    if found["name"] is None:
        expected = ", ".join(preset.columns.get("name", ()))
        error = RowError(table.header_line, "name", "",
                         message("row.no_name_column", language, expected=expected))
        return Mapped(MappingProxyType(found), (), (error,), MappingProxyType({}), total)
    reader = _RowReader(table, preset, found, stage_table, language)
    rows: list[CrmRow] = []
    for line, cells in table.rows:
        row = reader.read(line, cells)
        if row is not None:
            rows.append(row)
    errors = reader.errors + [
        RowError(line, "", str(count),
                 message("row.ragged", language, cells=count, columns=len(table.headers)))
        for line, count in table.ragged
    ]
    errors.sort(key=lambda error: error.line)
    return Mapped(MappingProxyType(found), tuple(rows), tuple(errors),
                  MappingProxyType(reader.stages_seen), total)


def find_columns(
    table: Table, preset: Preset, columns: Mapping[str, str] | None = None, *,
    language: str = "en",
) -> dict[str, str | None]:
    """For each field, the header the preset (or `columns`) finds in the table, or None."""
    by_fold: dict[str, str] = {}
    for header in table.headers:
        by_fold.setdefault(fold_name(header), header)
    found: dict[str, str | None] = dict.fromkeys(FIELDS)
    chosen = dict(columns or {})
    for field, header in chosen.items():
        if field not in FIELDS:
            raise CrmError("column.unknown_field", language, field=field, known=", ".join(FIELDS))
        if header and header not in table.headers and fold_name(header) not in by_fold:
            raise CrmError("column.unknown_header", language, field=field, header=header)
        found[field] = (header if header in table.headers else by_fold[fold_name(header)]
                        ) if header else None
    taken = {header for header in found.values() if header}
    for field in FIELDS:
        if field in chosen:
            continue
        for name in preset.columns.get(field, ()):
            match = by_fold.get(fold_name(name))
            if match and match not in taken:
                found[field] = match
                taken.add(match)
                break
    return found


def _stage_overrides(stages: Mapping[str, str] | None, language: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for crm_stage, stage in (stages or {}).items():
        if stage not in STAGES:
            raise CrmError("column.bad_stage", language, crm_stage=crm_stage, stage=stage,
                           known=", ".join(STAGES))
        table[fold_name(crm_stage)] = stage
    return table


@dataclass
class _RowReader:
    """Reads one row after another, remembering what the whole file needs (ids seen...)."""

    table: Table
    preset: Preset
    found: Mapping[str, str | None]
    stage_table: Mapping[str, str]
    language: str

    def __post_init__(self) -> None:
        headers = self.table.headers
        self.index = {field: headers.index(header) if header else None
                      for field, header in self.found.items()}
        self.errors: list[RowError] = []
        self.stages_seen: dict[str, str | None] = {}
        self._stage_names: dict[str, str] = {}  # folded -> as first written
        self._ids: dict[str, int] = {}
        self._names: dict[str, int] = {}
        self._decimal_mark = amount_decimal_mark(self._column("amount"))
        self._day_first = date_day_first(self._column("close_date"))

    def _column(self, field: str) -> list[str]:
        at = self.index.get(field)
        return [] if at is None else [cells[at] for _, cells in self.table.rows]

    def read(self, line: int, cells: tuple[str, ...]) -> CrmRow | None:
        """The row as a deal, or None when it has errors (added to self.errors)."""
        before = len(self.errors)

        def cell(field: str) -> str:
            at = self.index[field]
            return "" if at is None else _FORMULA.sub("", cells[at], count=1)

        def fail(field: str, key: str, **values: object) -> None:
            self.errors.append(RowError(line, field, cell(field),
                                        message(key, self.language, **values)))

        texts = {field: self._text(field, cell(field), fail)
                 for field in ("crm_id", "name", "company", "incumbent", "industry")}
        crm_id, name = texts["crm_id"], texts["name"]
        if not name:
            fail("name", "row.name_missing")
        self._check_unique(line, crm_id, name, fail)
        amount = self._amount(cell("amount"), fail)
        beside = cell("amount") if amount is not None else ""
        currency = self._currency(cell("currency"), beside, fail)
        stage = self._stage(cell("stage"), cell("status"), fail)
        close_date = self._date(cell("close_date"), fail)
        owner = self._owner(cell("owner"), fail)
        if len(self.errors) > before:
            return None
        return CrmRow(line, crm_id, name, amount, currency, stage or "discovery",
                      cell("stage").strip(), close_date, owner, texts["company"],
                      texts["incumbent"], texts["industry"])

    def _text(self, field: str, value: str, fail: _Fail) -> str:
        if len(value) > TEXT_LIMITS[field]:
            fail(field, "row.too_long", limit=TEXT_LIMITS[field], length=len(value))
        return value

    def _check_unique(self, line: int, crm_id: str, name: str, fail: _Fail) -> None:
        # A row without a record id (none in the file, or a deal Displace exported before the
        # CRM gave it one) is matched by its name, which must then be unique in the file.
        if crm_id:
            if crm_id in self._ids:
                fail("crm_id", "row.crm_id_duplicate", line=self._ids[crm_id])
            else:
                self._ids[crm_id] = line
        elif name:
            key = fold_name(name)
            if key in self._names:
                fail("name", "row.name_duplicate", line=self._names[key])
            else:
                self._names[key] = line

    def _amount(self, value: str, fail: _Fail) -> Decimal | None:
        if not value:
            return None
        try:
            amount = parse_amount(value, decimal_mark=self._decimal_mark, language=self.language)
        except CrmError as exc:
            fail("amount", exc.key, **exc.values)
            return None
        if amount < 0:
            fail("amount", "row.amount_negative")
        elif amount > MAX_DEAL_VALUE:
            fail("amount", "row.amount_too_large", limit=f"{MAX_DEAL_VALUE:,}")
        elif amount != amount.quantize(_CENT):
            fail("amount", "row.amount_decimals")
        else:
            exponent = amount.as_tuple().exponent
            return amount.quantize(_CENT) if isinstance(exponent, int) and exponent < -2 else amount
        return None

    def _currency(self, value: str, amount: str, fail: _Fail) -> str:
        written = normalise_currency(value)
        beside = split_currency(amount)[1] if amount else ""
        if written and beside and written != beside:
            fail("currency", "row.currency_conflict", amount=beside)
            return ""
        currency = written or beside
        if currency and currency not in CURRENCIES:
            fail("currency", "row.currency_unsupported", currency=currency)
        return currency

    def _stage(self, value: str, status: str, fail: _Fail) -> str | None:
        ended = self.preset.statuses.get(fold_name(status)) if status else None
        if ended and ended != OPEN:
            return ended
        if self.index["stage"] is None:
            return "discovery"
        if not value:
            fail("stage", "row.stage_missing")
            return None
        folded = fold_name(value)
        written = self._stage_names.setdefault(folded, value)
        stage = self.stage_table.get(folded)
        self.stages_seen[written] = stage
        if stage is None:
            fail("stage", "row.stage_unknown", known=", ".join(STAGES))
        return stage

    def _date(self, value: str, fail: _Fail) -> date | None:
        if not value:
            return None
        try:
            return parse_date(value, day_first=self._day_first, language=self.language)
        except CrmError as exc:
            fail("close_date", exc.key, **exc.values)
            return None

    def _owner(self, value: str, fail: _Fail) -> str:
        email = _EMAIL.search(value)
        owner = email.group(0).lower() if email else value
        if len(owner) > TEXT_LIMITS["owner"]:
            fail("owner", "row.too_long", limit=TEXT_LIMITS["owner"], length=len(owner))
        return owner

