"""The limits table: documented, and its shape checks work without recursing."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from displace.core.deal.dealfile import SCHEMA_PATH
from displace.core.limits import LIMITS, limit, nesting_depth, non_finite_path

DOCS = Path(__file__).resolve().parents[2] / "docs" / "limits.md"


def test_it_documents_every_limit_with_its_value() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for entry in LIMITS:
        row = next((line for line in text.splitlines() if f"`{entry.name}`" in line), None)
        assert row is not None, f"docs/limits.md has no row for {entry.name}"
        assert f"{entry.maximum:,}" in row, f"{entry.name}: {entry.maximum:,} not in its row"


def test_it_measures_a_document_nested_five_thousand_deep_without_recursing() -> None:
    deep: Any = 1
    for _ in range(5000):
        deep = [deep]
    assert nesting_depth(deep, stop_at=10_000) == 5000
    assert nesting_depth(deep, stop_at=17) == 17
    assert nesting_depth({"a": [1, {"b": 2}]}, stop_at=100) == 3
    assert nesting_depth("text", stop_at=5) == 0


def test_it_names_the_key_of_a_number_that_is_not_finite() -> None:
    assert non_finite_path({"gaps": [{"x": 1.0}, {"impact": math.nan}]}) == "gaps[1].impact"
    assert non_finite_path({"revenue": math.inf}) == "revenue"
    assert non_finite_path({"revenue": 1e308, "name": "nan"}) is None


def _walk(node: Any, path: str) -> list[str]:
    problems = []
    if isinstance(node, dict):
        kind = node.get("type")
        if kind == "string" and "maxLength" not in node:
            problems.append(f"{path}: a text without maxLength")
        if kind == "array" and "maxItems" not in node:
            problems.append(f"{path}: a list without maxItems")
        if kind in ("number", "integer") and "maximum" not in node:
            problems.append(f"{path}: a number without maximum")
        for key, value in node.items():
            problems += _walk(value, f"{path}/{key}")
    return problems


def test_it_bounds_every_text_list_and_number_of_the_deal_file_schema() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert _walk(schema, "") == []


def test_it_uses_the_table_s_numbers_in_the_deal_file_schema() -> None:
    text = SCHEMA_PATH.read_text(encoding="utf-8")
    lengths = {int(n) for n in re.findall(r'"maxLength": (\d+)', text)}
    # Ids and slugs are shorter than the shortest prose field; every prose length is a limit.
    assert {limit("deal.short_text"), limit("deal.text"), limit("deal.long_text")} <= lengths
    assert {int(n) for n in re.findall(r'"maxItems": (\d+)', text)} == {limit("deal.list_items")}
