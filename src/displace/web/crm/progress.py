"""How far a running import is, for people watching it while its one transaction is open.

The import stores every row in a single transaction, so the import's own record cannot show
its progress through the same connection: nobody else would see it before the commit. On
PostgreSQL the count is written through a second connection (a short-lived thread has its own),
which commits at once. On SQLite the import holds the database's only write lock until it
commits, so the count goes to a small file in the data folder instead; SQLite means one
machine, so every web and worker process reads the same file. Backups skip the folder.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

from displace.web.crm.models import CrmImport

__all__ = ["clear", "rows_done", "write"]

FOLDER = ".displace-crm-progress"  # the prefix backups skip (displace.web.archive.backup)


def write(import_id: int, done: int) -> None:
    """Record that `done` rows of the import are stored (not yet committed)."""
    if connection.vendor == "sqlite":
        path = _file(import_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_text(str(done), encoding="ascii")
        os.replace(partial, path)  # a reader never sees half a number
        return
    thread = threading.Thread(target=_write_elsewhere, args=(import_id, done))
    thread.start()
    thread.join()


def rows_done(found: CrmImport) -> int:
    """Rows stored so far: the file's count while an import runs on SQLite, else the record's."""
    if found.state != "running" or connection.vendor != "sqlite":
        return found.done
    try:
        return min(int(_file(found.pk).read_text(encoding="ascii")), found.total)
    except (OSError, ValueError):
        return found.done


def clear(import_id: int) -> None:
    """Forget the count once the import's record holds the outcome."""
    _file(import_id).unlink(missing_ok=True)


def _file(import_id: int) -> Path:
    return Path(settings.DATA_DIR) / FOLDER / f"{import_id}.done"


def _write_elsewhere(import_id: int, done: int) -> None:
    try:
        CrmImport.objects.filter(pk=import_id).update(done=done)
    finally:
        connections.close_all()  # this thread's own connection
