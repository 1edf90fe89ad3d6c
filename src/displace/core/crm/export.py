"""Writing deals back in a CRM's import shape, with Displace's judgement as extra columns."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from decimal import Decimal

from displace.core.crm.model import ExportDeal, Preset

__all__ = ["EXTRA_COLUMNS", "write_deals"]

# Written after the preset's own columns, by every preset.
EXTRA_COLUMNS = (
    ("Displace win probability", "win_probability"),
    ("Displace readiness", "ready"),
    ("Displace incumbent", "incumbent"),
    ("Rep confidence", "rep_confidence"),
)
_TEXT = frozenset({"crm_id", "name", "company", "incumbent", "industry", "owner_email"})
# A text starting with one of these is a formula to a spreadsheet (CSV injection): it is
# written after an apostrophe, which Displace's own reader removes again.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_GUARDED = re.compile(r"'+[=+\-@]")  # already guarded by hand: guarded again, read back the same
_CENT = Decimal("0.01")


def write_deals(deals: Iterable[ExportDeal], preset: Preset) -> str:
    """The deals as CSV text in `preset`'s import shape.

    Comma-separated, quoted as Excel quotes, lines ending in CRLF, and starting with a
    byte-order mark (U+FEFF) so that Excel reads it as UTF-8: encode it with "utf-8".
    Stages are the CRM's own; the extra columns are EXTRA_COLUMNS.
    """
    headers = {header for header, _ in preset.export_columns}
    columns = [*preset.export_columns, *(c for c in EXTRA_COLUMNS if c[0] not in headers)]
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([header for header, _ in columns])
    for deal in deals:
        writer.writerow([_cell(deal, field, preset) for _, field in columns])
    return out.getvalue()


def _cell(deal: ExportDeal, field: str, preset: Preset) -> str:
    if field.startswith("="):
        return field[1:]
    if field == "stage":
        return preset.export_stages.get(deal.stage, deal.stage)
    if field == "status":
        return preset.export_statuses.get(deal.stage, "")
    value = getattr(deal, field)
    if field in _TEXT:
        text = str(value)
        return "'" + text if text.startswith(_FORMULA_START) or _GUARDED.match(text) else text
    if field == "amount":
        return _amount(value)
    if field in ("win_probability", "rep_confidence"):
        return "" if value is None else f"{round(value * 100, 1):g}"
    if field == "ready":
        return {True: "ready", False: "not ready"}.get(value, "")
    if field == "close_date":
        return "" if value is None else value.isoformat()
    return "" if value is None else str(value)


def _amount(amount: Decimal) -> str:
    if amount == amount.to_integral_value():
        return f"{amount.quantize(Decimal(1)):f}"
    return f"{amount.quantize(_CENT):f}"
