"""Deals from and to a CRM: reading deal exports (CSV) and writing deals in a CRM's import shape.

    load_preset(name)                        a CRM's preset (data/crm/NAME.toml)
    read_table(data, name)                   a CSV file's header and rows (CrmError if unreadable)
    map_rows(table, preset, columns=, stages=, language=)
                                             checked deals, per-row errors, the columns and
                                             stage table used
    write_deals(deals, preset)               CSV text in the CRM's import shape
    parse_amount(text) / parse_date(text)    one cell's amount or date, either language's style

Every error a person reads is a CrmError (an InputError) with its message in English or
Vietnamese; the formats are in docs/crm.md.
"""

from __future__ import annotations

from displace.core.crm.export import EXTRA_COLUMNS, write_deals
from displace.core.crm.mapping import TEXT_LIMITS, find_columns, map_rows
from displace.core.crm.messages import CrmError, message
from displace.core.crm.model import (
    CRMS,
    CURRENCIES,
    FIELDS,
    STAGES,
    CrmRow,
    ExportDeal,
    Mapped,
    Preset,
    RowError,
    Table,
)
from displace.core.crm.presets import load_preset
from displace.core.crm.table import read_table
from displace.core.crm.values import fold_name, normalise_currency, parse_amount, parse_date

__all__ = [
    "CRMS",
    "CURRENCIES",
    "EXTRA_COLUMNS",
    "FIELDS",
    "STAGES",
    "TEXT_LIMITS",
    "CrmError",
    "CrmRow",
    "ExportDeal",
    "Mapped",
    "Preset",
    "RowError",
    "Table",
    "find_columns",
    "fold_name",
    "load_preset",
    "map_rows",
    "message",
    "normalise_currency",
    "parse_amount",
    "parse_date",
    "read_table",
    "write_deals",
]
