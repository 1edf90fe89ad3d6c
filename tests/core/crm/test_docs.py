"""docs/crm.md describes the presets as they are."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from displace.core.crm import CRMS, EXTRA_COLUMNS

DOCS = Path(__file__).resolve().parents[3] / "docs" / "crm.md"


@pytest.mark.parametrize("crm", CRMS)
def test_the_page_lists_every_column_stage_and_export_header_of_each_preset(crm: str) -> None:
    text = DOCS.read_text(encoding="utf-8")
    raw = resources.files("displace").joinpath(f"data/crm/{crm}.toml").read_text("utf-8")
    preset = tomllib.loads(raw)
    for field, names in preset["columns"].items():
        assert any(line.startswith(f"| `{field}` |") and all(f"`{n}`" in line for n in names)
                   for line in text.splitlines()), (crm, field)
    for stage in preset["stages"]:
        assert stage in text, (crm, stage)
    for header, _ in preset["export"]["columns"]:
        assert f"`{header}`" in text, (crm, header)


def test_the_page_names_displace_s_extra_columns_and_ends_with_using_it() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for header, _ in EXTRA_COLUMNS:
        assert f"`{header}`" in text
    assert "\n## Using it\n" in text
