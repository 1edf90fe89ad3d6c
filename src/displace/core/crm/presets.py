"""Loading the CRM presets: one TOML file per CRM under data/crm/, data and not code."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import fields
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from displace.core.crm.messages import CrmError
from displace.core.crm.model import CRMS, FIELDS, STAGES, ExportDeal, Preset
from displace.core.crm.values import fold_name
from displace.core.errors import DisplaceError

__all__ = ["EXPORT_FIELDS", "OPEN", "load_preset"]

# What an export column can hold: a field of ExportDeal, or the CRM's status word.
EXPORT_FIELDS = (*(f.name for f in fields(ExportDeal)), "status")

# A status that leaves the row's stage as it is (Pipedrive's "Open").
OPEN = "open"


def load_preset(name: str, *, language: str = "en") -> Preset:
    """The preset of CRM `name` (one of CRMS); CrmError (an InputError) for another name."""
    if name not in CRMS:
        raise CrmError("preset.unknown", language, name=name, known=", ".join(CRMS))
    return _load(name)


@lru_cache(maxsize=len(CRMS))
def _load(name: str) -> Preset:
    file = f"data/crm/{name}.toml"
    try:
        data = tomllib.loads(resources.files("displace").joinpath(file).read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DisplaceError(f"{file}: cannot be read ({exc})") from exc
    return _preset(data, file)


def _preset(data: Mapping[str, Any], file: str) -> Preset:
    columns = _columns(data.get("columns"), file)
    stages, first_stage = _stage_table(data.get("stages"), file, STAGES, "stages")
    statuses, first_status = _stage_table(data.get("statuses", {}), file, (*STAGES, OPEN),
                                          "statuses")
    export = _table(data.get("export"), file, "export")
    export_columns = _export_columns(export.get("columns"), file)
    export_stages = {**first_stage, **_strings(export.get("stages", {}), file, "export.stages")}
    missing = [stage for stage in STAGES if stage not in export_stages]
    if missing:
        raise DisplaceError(f"{file}: no CRM stage to export {', '.join(missing)}: "
                            "add one to [stages] or [export.stages]")
    export_statuses = {stage: first_status.get(stage, first_status.get(OPEN, ""))
                       for stage in STAGES} if statuses else {}
    # A stage the CRM has no status for (Pipedrive has none for "no decision") names one.
    for stage, status in _strings(export.get("statuses", {}), file, "export.statuses").items():
        if stage not in STAGES or fold_name(status) not in statuses:
            raise DisplaceError(f"{file}: export.statuses.{stage} = {status!r}: expected a "
                                f"stage ({', '.join(STAGES)}) and a status of [statuses]")
        export_statuses[stage] = status
    return Preset(
        name=str(data.get("name", "")),
        columns=MappingProxyType(columns),
        stages=MappingProxyType(stages),
        export_columns=export_columns,
        label=str(data.get("label", data.get("name", ""))),
        label_vi=str(data.get("label_vi", "")),
        statuses=MappingProxyType(statuses),
        export_stages=MappingProxyType(export_stages),
        export_statuses=MappingProxyType(export_statuses),
    )


def _table(value: object, file: str, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DisplaceError(f"{file}: [{key}] should be a table")
    return value


def _strings(value: object, file: str, key: str) -> dict[str, str]:
    table = _table(value, file, key)
    for entry, text in table.items():
        if not isinstance(text, str) or not text:
            raise DisplaceError(f"{file}: {key}.{entry} should be a non-empty string")
    return table


def _columns(value: object, file: str) -> dict[str, tuple[str, ...]]:
    columns: dict[str, tuple[str, ...]] = {}
    for field, names in _table(value, file, "columns").items():
        if field not in FIELDS:
            raise DisplaceError(f"{file}: columns.{field} is not one of {', '.join(FIELDS)}")
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            raise DisplaceError(f"{file}: columns.{field} should be a list of header names")
        columns[field] = tuple(names)
    if "name" not in columns:
        raise DisplaceError(f"{file}: columns.name is required")
    return columns


def _stage_table(
    value: object, file: str, allowed: tuple[str, ...], key: str
) -> tuple[dict[str, str], dict[str, str]]:
    """The table folded, and for each Displace stage the first CRM name mapped to it."""
    folded: dict[str, str] = {}
    first: dict[str, str] = {}
    for crm_name, stage in _strings(value, file, key).items():
        if stage not in allowed:
            raise DisplaceError(f"{file}: {key}.{crm_name!r} = {stage!r}: expected one of "
                                f"{', '.join(allowed)}")
        fold = fold_name(crm_name)
        if folded.get(fold, stage) != stage:
            raise DisplaceError(f"{file}: {key}.{crm_name!r} reads like another entry that "
                                f"maps to {folded[fold]!r}")
        folded[fold] = stage
        first.setdefault(stage, crm_name)
    return folded, first


def _export_columns(value: object, file: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list) or not value:
        raise DisplaceError(f"{file}: export.columns should be a list of [header, field]")
    columns: list[tuple[str, str]] = []
    for entry in value:
        if (not isinstance(entry, list) or len(entry) != 2
                or not all(isinstance(part, str) and part for part in entry)):
            raise DisplaceError(f"{file}: export.columns: {entry!r} is not [header, field]")
        header, field = entry
        if field not in EXPORT_FIELDS and not field.startswith("="):
            raise DisplaceError(f"{file}: export.columns: {field!r} is not one of "
                                f"{', '.join(EXPORT_FIELDS)} or =text")
        columns.append((header, field))
    return tuple(columns)
