"""The shapes of a CRM import and export: presets, tables, rows, errors, deals to write."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType

__all__ = [
    "CRMS",
    "CURRENCIES",
    "FIELDS",
    "STAGES",
    "CrmRow",
    "ExportDeal",
    "Mapped",
    "Preset",
    "RowError",
    "Table",
]

CRMS: tuple[str, ...] = ("hubspot", "salesforce", "pipedrive", "generic")

# What a row of a CRM export can tell Displace about a deal. `status` is Pipedrive's
# Open / Won / Lost, which overrides the stage (a won deal keeps the stage it was won in).
FIELDS = ("crm_id", "name", "amount", "currency", "stage", "close_date", "owner", "company",
          "incumbent", "industry", "status")

# Displace's own stages, in pipeline order (web.deals.models.Stage).
STAGES = ("discovery", "gap", "vision", "commitment", "proposal", "won", "lost",
          "no_decision")

# The only currencies a deal can hold (web.deals.models.Currency).
CURRENCIES = ("VND", "USD")


def _empty() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Preset:
    """How one CRM's deal export reads and how its import file is written (data/crm/*.toml).

    `columns` maps a field to the header names it may have, in order of preference (matched
    case-, space-, underscore- and hyphen-insensitively); `stages` maps a CRM stage, folded,
    to a Displace stage; `export_columns` lists (header, field) in order, where the field is
    one of ExportDeal's, `status` (the CRM's status word) or `=text` (that text on every row).
    """

    name: str
    columns: Mapping[str, tuple[str, ...]]
    stages: Mapping[str, str]
    export_columns: tuple[tuple[str, str], ...]
    label: str = ""
    label_vi: str = ""  # the label in Vietnamese, when it is not a brand name
    # A status column's words (folded) -> a Displace stage that overrides the row's stage.
    statuses: Mapping[str, str] = field(default_factory=_empty)
    # Displace stage -> the CRM stage written on export (otherwise: the first that maps).
    export_stages: Mapping[str, str] = field(default_factory=_empty)
    # Displace stage -> the CRM status word written on export (`status` columns).
    export_statuses: Mapping[str, str] = field(default_factory=_empty)


@dataclass(frozen=True)
class Table:
    """A CSV file read into a header and rows of text cells, with how it was read."""

    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (line number in the file, cells)
    encoding: str  # "utf-8-sig", "utf-8", "utf-16", "cp1252", "windows-1258"
    delimiter: str  # "," ";" "\t"
    # Rows with more (non-empty) cells than the header has names: (line, number of cells).
    # They are not in `rows`; map_rows reports each as a RowError.
    ragged: tuple[tuple[int, int], ...] = ()
    header_line: int = 1  # 2 after Excel's "sep=;" line


@dataclass(frozen=True)
class RowError:
    """A problem with one row (or, with field set and line the header's, with a column)."""

    line: int
    field: str  # one of FIELDS, or "" for the row as a whole
    value: str  # the cell as written
    message: str  # in the language map_rows was asked for


@dataclass(frozen=True)
class CrmRow:
    """A deal as a CRM export describes it, every value checked and normalised."""

    line: int
    crm_id: str  # "" when the file has no id column (then rows match by name)
    name: str
    amount: Decimal | None
    currency: str  # "VND" | "USD" | ""
    stage: str  # a Displace stage, mapped
    crm_stage: str  # as written in the file
    close_date: date | None
    owner: str  # e-mail (lower-cased) or name as written; "" if none
    company: str
    incumbent: str
    industry: str


@dataclass(frozen=True)
class Mapped:
    """A table mapped through a preset: the good rows, every problem, and what was used."""

    columns: Mapping[str, str | None]  # field -> the header used (None: not found)
    rows: tuple[CrmRow, ...]  # the good rows
    errors: tuple[RowError, ...]  # every problem, with its line and field
    # Each stage seen in the file, as first written -> mapped (None: unknown, a RowError per row).
    stages: Mapping[str, str | None]
    total: int  # rows in the file


@dataclass(frozen=True)
class ExportDeal:
    """A deal to write back into a CRM's import shape, with Displace's own judgement."""

    crm_id: str
    name: str
    amount: Decimal
    currency: str
    stage: str  # a Displace stage
    close_date: date | None
    owner_email: str
    company: str
    incumbent: str
    win_probability: float | None  # 0-1
    rep_confidence: float | None  # 0-1
    ready: bool | None
    industry: str
