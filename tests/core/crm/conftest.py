"""Fixtures for the CRM import's tests: the export files of each CRM under files/."""

from __future__ import annotations

from pathlib import Path

import pytest

from displace.core.crm import Table, read_table

FILES = Path(__file__).resolve().parent / "files"

# Each fixture file, the preset it is read with, and how many deals it holds.
EXPORTS = (
    ("hubspot-deals.csv", "hubspot", 8),
    ("salesforce-opportunities.csv", "salesforce", 10),
    ("pipedrive-deals.csv", "pipedrive", 8),
    ("generic-excel-vi-semicolon.csv", "generic", 4),
    ("generic-excel-unicode-text.txt", "generic", 2),
    ("generic-windows-1258.csv", "generic", 2),
)


def table_of(name: str) -> Table:
    """The fixture file `name` read as a table."""
    return read_table((FILES / name).read_bytes(), name)


@pytest.fixture
def csv_bytes() -> bytes:
    """A small HubSpot-shaped export to vary in tests."""
    return (
        "Record ID,Deal Name,Amount,Deal Stage,Close Date,Deal owner,Associated Company\n"
        "1,Acme renewal,\"1,200.50\",appointmentscheduled,2026-03-31,Bill@Example.com,Acme\n"
        "2,Beta,12.500.000 ₫,Closed Won,31/03/2026,bill,Beta\n"
    ).encode()
