"""Helpers for the archive tests: every record of every model, an emptied workspace, and
archives changed after they were written (with or without fixing their checksums)."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import models

Records = dict[str, list[dict[str, Any]]]
REBUILT = (ContentType, Permission)


def every_record() -> Records:
    """Every row of every model (many-to-many tables too), by primary key; rows naming a
    content type or permission name it by its natural key, since those ids are rebuilt."""
    found: Records = {}
    for model in apps.get_models(include_auto_created=True):
        rows = [_row(model, row) for row in model._base_manager.order_by("pk").values()]
        if model in REBUILT:  # by what they are, not by the ids they were given
            rows = sorted(({"key": _natural(model, row["id"])} for row in rows),
                          key=lambda row: row["key"])
        found[model._meta.label_lower] = rows
    return found


def _row(model: type[models.Model], row: dict[str, Any]) -> dict[str, Any]:
    for field in model._meta.concrete_fields:
        target = field.related_model
        if field.is_relation and target in REBUILT and row[field.attname] is not None:
            row[field.attname] = _natural(target, row[field.attname])  # type: ignore[arg-type]
    return row


def _natural(model: type[models.Model], pk: int) -> tuple[str, ...]:
    return tuple(map(str, model._base_manager.get(pk=pk).natural_key()))  # type: ignore[attr-defined]


@pytest.fixture
def data_dir(settings: Any, tmp_path: Path) -> Path:
    """A data folder of this test's own."""
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    return Path(settings.DATA_DIR)


@pytest.fixture
def empty_workspace(data_dir: Path) -> Callable[[], None]:
    """Empty the database (content types and permissions are rebuilt) and the data folder."""

    def empty() -> None:
        call_command("flush", interactive=False, verbosity=0)
        shutil.rmtree(data_dir)
        data_dir.mkdir()

    return empty


def rewrite_archive(path: Path, change: Callable[[dict[str, bytes]], None], *,
                    fix_checksums: bool = True) -> None:
    """Change an archive's members in place; with `fix_checksums`, the manifest follows."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(members.pop("manifest.json"))
    change(members)
    if fix_checksums:
        manifest["members"] = {
            name: {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in members.items()}
    path.unlink()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        archive.writestr("manifest.json", json.dumps(manifest))
