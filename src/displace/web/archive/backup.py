"""`displace backup`: every record of every model and every stored file, read consistently
while the app runs, into one zip archive.

Why this way: the records are written with Django's own serialisers (JSON Lines, one member per
model, foreign keys to people by username), so one code path backs up SQLite and PostgreSQL
alike, a backup restores into either engine (a team moving from SQLite to PostgreSQL restores
its SQLite backup there), and it needs no client program whose version must match the
server's, as pg_dump does. What makes it consistent:

- SQLite: every table is read in one read transaction on a connection of the backup's own.
  Displace runs SQLite in WAL mode, where such a transaction reads a snapshot and writers carry
  on meanwhile. (SQLite's online backup API gives the same snapshot, but only by first copying
  the whole file, 1.5 s and 300 MB of disk for a 300 MB database, before reading the copy.)
- PostgreSQL: every table is read in one REPEATABLE READ transaction, which sees the database
  as it was when the backup began, whatever the app writes meanwhile.

Stored files are everything in the data folder except the app's SQLite database (read as
above) and the coach's embeddings cache (a cache: rebuilt as it is needed). Today that is the
library's written folders (`library/…`), themselves rebuilt from the database on demand.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers import jsonl
from django.db import connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from displace.web.archive.bundle import (
    ArchiveError,
    ArchiveWriter,
    ExactJSONEncoder,
    displace_version,
)

__all__ = [
    "BACKUP_FORMAT",
    "BackupSummary",
    "backed_up_models",
    "check_schema_current",
    "consistent_reader",
    "model_label",
    "stored_files",
    "write_backup",
]

BACKUP_FORMAT = "displace.backup/1"
DATABASE_FOLDER = "database/"
FILES_FOLDER = "files/"
# Rebuilt by every migration from the code: restored by name (natural keys), never copied.
REBUILT = (ContentType, Permission)
# Our own work files in the data folder (an archive being written, a restore being staged).
WORK_PREFIX = ".displace-"


@dataclass(frozen=True)
class BackupSummary:
    records: dict[str, int]  # model label -> rows
    files: int


def model_label(model: type[models.Model]) -> str:
    """"app_label.modelname", as Django's serialisers name a model."""
    return model._meta.label_lower


def backed_up_models() -> list[type[models.Model]]:
    """Every model whose rows a backup holds, in an order they can be loaded back in."""
    chosen = [
        (config, [m for m in config.get_models()
                  if m._meta.managed and not m._meta.proxy and m not in REBUILT])
        for config in apps.get_app_configs()
    ]
    return serializers.sort_dependencies([(c, ms) for c, ms in chosen if ms],
                                         allow_cycles=True)


def stored_files(data_dir: Path, using: str = "default") -> list[tuple[str, Path]]:
    """The data folder's files a backup holds, as (archive-relative name, path), sorted."""
    if not data_dir.is_dir():
        return []
    skipped = _skipped(using)
    found = []
    for root, folders, files in os.walk(data_dir):
        folders[:] = sorted(f for f in folders if not f.startswith(WORK_PREFIX))
        for name in sorted(files):
            path = Path(root) / name
            if name.startswith(WORK_PREFIX) or path.resolve() in skipped or not path.is_file():
                continue
            found.append((path.relative_to(data_dir).as_posix(), path))
    return found


def _skipped(using: str) -> set[Path]:
    """The app's SQLite database and the embeddings cache, with SQLite's side files."""
    databases = [os.environ.get("DISPLACE_EMBEDDING_CACHE", "")]
    if connections[using].vendor == "sqlite":
        databases.append(str(settings.DATABASES[using]["NAME"]))
    return {Path(db + side).resolve() for db in databases if db
            for side in ("", "-journal", "-wal", "-shm")}


def check_schema_current(using: str = "default") -> None:
    """Refuse a database not at this Displace's schema: its records would not be read whole.
    (The order of an upgrade is: back up, install the new version, migrate.)"""
    executor = MigrationExecutor(connections[using])
    behind = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if behind:
        first = behind[0][0]
        raise ArchiveError(
            f"the database lacks {len(behind)} migration(s) of this Displace (the first: "
            f"{first.app_label}.{first.name}); back it up with the Displace that last ran on "
            "it, or run displace migrate first")
    ahead = sorted(set(executor.loader.applied_migrations or {})
                   - set(executor.loader.graph.nodes))
    if ahead:
        raise ArchiveError(
            f"the database has migration {'.'.join(ahead[0])}, which this Displace lacks; "
            "back it up with the newer Displace that applied it")


def write_backup(writer: ArchiveWriter, *, using: str = "default") -> BackupSummary:
    """Write every record and stored file into `writer`, then its manifest."""
    started = timezone.now()
    records: dict[str, int] = {}
    with consistent_reader(using) as source:
        for model in backed_up_models():
            label = model_label(model)
            rows = model._base_manager.using(source).order_by("pk").iterator(chunk_size=2000)
            with writer.member(f"{DATABASE_FOLDER}{label}.jsonl") as sink:
                _JsonLines().serialize(rows, stream=cast("IO[str]", sink),  # it only writes
                                       cls=ExactJSONEncoder, use_natural_foreign_keys=True)
            records[label] = sink.lines
        migrations = _applied_migrations(connections[source])
    files = stored_files(Path(settings.DATA_DIR), using)
    for name, path in files:
        writer.add_file(FILES_FOLDER + name, path)
    writer.finish({
        "format": BACKUP_FORMAT,
        "displace_version": displace_version(),
        "created_at": started,
        "database": connections[using].vendor,
        "migrations": migrations,
        "records": records,
        "files": len(files),
    })
    return BackupSummary(records, len(files))


class _JsonLines(jsonl.Serializer):
    """Django's JSON Lines serialiser, each line encoded in one call: `json.dump` streams
    through the pure-Python encoder, `json.dumps` takes the C one (three times faster here)."""

    def end_object(self, obj: models.Model) -> None:
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs) + "\n")
        self._current = None


def _applied_migrations(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


@contextmanager
def consistent_reader(using: str = "default") -> Iterator[str]:
    """The alias of a connection whose reads, for the block, all see the database as of one
    moment, without holding the app's writers up.

    SQLite: a read transaction on a connection of its own, begun DEFERRED (the app's own
    connections begin theirs IMMEDIATE, taking the write lock); in WAL mode, which Displace
    sets, it reads a snapshot while writers carry on. PostgreSQL: a REPEATABLE READ, READ ONLY
    transaction (the default, READ COMMITTED, would see each statement's own moment). Inside a
    transaction already open (a test's), that transaction is the one read through.
    """
    live = connections[using]
    if live.in_atomic_block:
        yield using
        return
    if live.vendor != "sqlite":
        with transaction.atomic(using=using):
            if live.vendor == "postgresql":
                with live.cursor() as cursor:  # must be the transaction's first statement
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield using
        return
    alias = f"{using}-reader"
    options = {**live.settings_dict.get("OPTIONS", {}), "transaction_mode": "DEFERRED"}
    connections[alias] = type(live)({**live.settings_dict, "OPTIONS": options}, alias)
    try:
        with transaction.atomic(using=alias):
            yield alias
    finally:
        connections[alias].close()
        del connections[alias]
